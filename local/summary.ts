/** The end-of-run summary: plain data in, text tables out. Pure. */
import type { CheckRow } from './check.js';
import type { ExecutionResult } from './execution.js';

export interface ForwarderTotals {
  invocations: number;
  /** Invocations that still failed after Lambda's two retries. */
  failed: number;
  /** Extra attempts made because an invocation threw. */
  retries: number;
  pointsShipped: number;
  requests: number;
  /** Rejected lines by reason, as the forwarder reported them. */
  rejected: Record<string, number>;
  /** The forwarder's own duration per batch, ms (through Kinesis: the invocation's wall time). */
  durationsMs: number[];
  /** Per batch, the two parts of that duration (from the forwarder's summary; none through Kinesis). */
  workMs?: number[];
  waitMs?: number[];
  /**
   * Set when the batches went through a Kinesis stream (--source kinesis): what the event source mapping saw. Its
   * answer is a partial batch response, with no summary in it, so points, requests and rejections stay 0 above and
   * the checks below read them from the intake (the forwarder's own metrics).
   */
  kinesis?: { records: number; recordsDelivered: number; threw: number; partial: number; recordsGivenUp: number };
}

export interface MetricRow {
  metric: string;
  kind: string;
  values: number;
  sum: number;
  p50?: number;
  p95?: number;
}

export interface RunSummary {
  destination: string;
  seconds: number;
  executions: readonly ExecutionResult[];
  invocations: Record<string, { total: number; cold: number; errors: number; timeouts: number; containers: number }>;
  logEvents: number;
  batches: number;
  forwarder: ForwarderTotals;
  /** Where the rows came from: the intake's store, or the simulation's own count when the data went to Datadog. */
  metricsSource: string;
  metrics: readonly MetricRow[];
  checks: readonly CheckRow[] | { skipped: string };
}

export function table(headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** `digits` decimals; a value too small for them keeps two significant digits (a cost of $0.0000034 is not 0). */
const round = (value: number | undefined, digits = 1): string | number => {
  if (value === undefined || !Number.isFinite(value)) return '';
  return value !== 0 && Math.abs(value) < 10 ** -digits ? Number(value.toPrecision(2)) : Number(value.toFixed(digits));
};

export function outcomeOf(result: ExecutionResult): string {
  return result.succeeded ? 'published' : `failed at ${result.failedStep ?? result.error ?? 'unknown step'}`;
}

export function renderSummary(summary: RunSummary): string {
  const out: string[] = [];
  out.push(`Summary: ${summary.executions.length} executions in ${summary.seconds.toFixed(1)} s; metrics sent to ${summary.destination}`);

  const byOutcome = new Map<string, { count: number; roles: Set<string> }>();
  for (const result of summary.executions) {
    const key = outcomeOf(result);
    const entry = byOutcome.get(key) ?? { count: 0, roles: new Set<string>() };
    entry.count++;
    entry.roles.add(result.plan.role);
    byOutcome.set(key, entry);
  }
  out.push('', 'Executions by outcome', table(['outcome', 'executions', 'scenarios'], [...byOutcome].map(([key, e]) => [key, e.count, [...e.roles].join(', ')])));

  out.push(
    '',
    'Lambda invocations',
    table(
      ['function', 'invocations', 'cold starts', 'containers', 'errors', 'timeouts'],
      Object.entries(summary.invocations).sort().map(([fn, i]) => [fn, i.total, i.cold, i.containers, i.errors, i.timeouts]),
    ),
  );

  const f = summary.forwarder;
  const k = f.kinesis;
  out.push(
    '',
    k
      ? `Log events: ${summary.logEvents} in ${summary.batches} subscription batches → ${k.records} Kinesis records (a CONTROL_MESSAGE included) → ${f.invocations} forwarder invocations` +
        ` by the event source mapping (${k.recordsDelivered} records delivered; ${k.partial} answers listed records, ${k.threw} threw; ${k.recordsGivenUp} records given up)`
      : `Log events: ${summary.logEvents} in ${summary.batches} subscription batches → ${f.invocations} forwarder invocations` +
        ` (${f.failed} failed, ${f.retries} retries), ${f.requests} requests, ${f.pointsShipped} points shipped`,
    `Forwarder time per ${k ? 'invocation' : 'batch'}: p50 ${round(quantile(f.durationsMs, 0.5))} ms, p95 ${round(quantile(f.durationsMs, 0.95))} ms, max ${round(quantile(f.durationsMs, 1))} ms` +
      ` (${k ? 'wall time of the invocation' : 'as the forwarder measured itself'}, sharing one process with the simulation and the intake; \`npm run bench\` measures it alone)`,
  );
  if (f.workMs?.length && f.waitMs?.length) {
    const p = (list: number[]) => `p50 ${round(quantile(list, 0.5))} ms, p95 ${round(quantile(list, 0.95))} ms`;
    out.push(
      `  of which work: ${p(f.workMs)} (decode → payloads ready to send, in process: what \`npm run bench\` times)`,
      `  and waiting: ${p(f.waitMs)} (settings, function tags, the API key check, the intake's answers, and the batches delivered at the same moment, which share this one process)`,
    );
  }

  const rejected = Object.entries(f.rejected).filter(([, n]) => n > 0).sort();
  if (!k) out.push('', 'Rejected lines by reason', rejected.length ? table(['reason', 'lines'], rejected) : '(none)');

  out.push(
    '',
    `Metrics shipped by name (${summary.metricsSource})`,
    table(['metric', 'kind', 'values', 'sum', 'p50', 'p95'], summary.metrics.map((m) => [m.metric, m.kind, m.values, round(m.sum, 2), round(m.p50, 2), round(m.p95, 2)])),
  );

  if ('skipped' in summary.checks) {
    out.push('', `Check of the intake's totals: skipped (${summary.checks.skipped})`);
  } else {
    const failed = summary.checks.filter((row) => !row.ok);
    out.push(
      '',
      `Check of the intake's totals against the simulation's own count: ${summary.checks.length - failed.length}/${summary.checks.length} match`,
      table(['', 'total', 'expected', 'in intake'], summary.checks.map((row) => [row.ok ? 'ok' : 'MISMATCH', row.what, row.expected, row.actual])),
    );
  }
  return out.join('\n');
}
