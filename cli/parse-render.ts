/**
 * How `lambda-dd-metrics parse` shows a ParseReport: text for people, JSON for scripts (shape in PARSE_USAGE).
 * Values are rounded to 15 significant digits, the most a double always holds, so sums such as 0.1 + 0.2 and the
 * cost estimate print as people write them (0.3, not 0.30000000000000004).
 */
import { reservedMetricPrefixes } from '../forwarder/metric-names.js';
import { Dialect, type Outbound } from '../forwarder/types.js';
import { RejectReason } from '../emitter/constants.js';
import { locationText, type LineLocation, type ParseReport } from './parse-explain.js';

/** `value` without binary float noise: 15 significant digits, trailing zeros dropped. */
export function cleanNumber(value: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(15)) : value;
}

/** One point as printed and as listed in --json `metrics`. */
export interface ShownMetric {
  type: 'distribution' | 'count' | 'rate' | 'gauge' | 'series' | 'check';
  name: string;
  /** Epoch seconds. */
  timestamp: number;
  /** distribution: its values; series (count, rate, gauge): its value; check: its status (0 OK … 3 UNKNOWN). */
  values?: number[];
  value?: number;
  status?: number;
  tags: string[];
}

const SERIES_TYPES = ['series', 'count', 'rate', 'gauge'] as const;

export function shownMetrics(outbound: Outbound): ShownMetric[] {
  const out: ShownMetric[] = [];
  for (const d of [...outbound.distributions].sort((a, b) => a.metric.localeCompare(b.metric))) {
    for (const [timestamp, values] of d.points) out.push({ type: 'distribution', name: d.metric, timestamp, values: values.map(cleanNumber), tags: d.tags });
  }
  for (const s of outbound.series) {
    for (const p of s.points) out.push({ type: SERIES_TYPES[s.type], name: s.metric, timestamp: p.timestamp, value: cleanNumber(p.value), tags: s.tags });
  }
  for (const c of outbound.checks) out.push({ type: 'check', name: c.check, timestamp: c.timestamp, status: c.status, tags: c.tags });
  return out;
}

/** Why a reason is what it is, where the detail alone does not say what to do. */
export function reasonHelp(reason: string): string | undefined {
  if (reason !== RejectReason.ReservedName) return undefined;
  const [platform = '', self = ''] = reservedMetricPrefixes();
  return (
    `names under ${platform} are Datadog's AWS integration's and the forwarder's platform metrics, names under ${self} ` +
    "the forwarder's self metrics (and under METRIC_PREFIX, when one is set): no function may write them, or it could " +
    'forge the numbers dashboards and monitors read. Name the metric after your service instead (checkout.invocations). ' +
    `datadog-lambda writes its own ${platform}enhanced.* lines unless DD_ENHANCED_METRICS=false: the forwarder counts ` +
    "those from the platform's lines itself, so refusing them loses nothing"
  );
}

const DIALECT_NAMES: Record<string, string> = { [Dialect.Monitoring]: 'MONITORING', [Dialect.DatadogLambda]: 'datadog-lambda', [Dialect.Emf]: 'EMF' };
const time = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const tagText = (tags: readonly string[]): string => (tags.length ? ` #${tags.join(',')}` : '');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const CHECK_STATUS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const MAX_SHOWN_LINE = 160;

function lineHead(where: LineLocation & { dialect?: string }): string {
  const dialect = where.dialect === undefined ? '' : ` (${DIALECT_NAMES[where.dialect] ?? where.dialect})`;
  return `  ${locationText(where)}${dialect}`;
}

const shownLine = (text: string): string => `    ${text.length > MAX_SHOWN_LINE ? `${text.slice(0, MAX_SHOWN_LINE - 3)}...` : text}`;

export function renderReport(report: ParseReport): string {
  const { result } = report;
  const { stats } = result;
  if (result.outcome === 'control') return 'A CONTROL_MESSAGE (CloudWatch checking the subscription): the forwarder skips it and sends nothing.';
  if (result.outcome === 'rejected') {
    return `The forwarder cannot read this ${report.input}: ${result.rejection?.reason} (${result.rejection?.detail}). Nothing would be sent.`;
  }
  const out: string[] = [
    `Read ${report.input} from ${report.logGroup}: ${plural(stats.events, 'log event')}, ${plural(stats.linesParsed, 'metric line')} accepted, ` +
      `${report.rejectedLines.length} rejected, ${plural(report.warnings.length, 'warning')}, ${plural(stats.reports, 'invocation report')}, ` +
      `${plural(stats.errors, 'failed invocation')}.`,
  ];

  const metrics = shownMetrics(result.outbound);
  out.push('', `Metrics the forwarder would send (${plural(stats.pointsOut, 'point')}):`);
  if (metrics.length === 0) out.push('  (none)');
  for (const m of metrics) {
    const what = m.values !== undefined ? `values [${m.values.join(', ')}]` : m.status !== undefined ? (CHECK_STATUS[m.status] ?? String(m.status)) : `value ${m.value}`;
    out.push(`  ${m.type}  ${m.name}  ${time(m.timestamp)}  ${what}${tagText(m.tags)}`);
  }

  if (report.rejectedLines.length > 0) {
    out.push('', 'Rejected lines (nothing of them is sent):');
    const explained = new Set<string>();
    for (const r of report.rejectedLines) {
      out.push(`${lineHead(r)}: ${r.reason}: ${r.detail}`);
      const help = reasonHelp(r.reason);
      if (help !== undefined && !explained.has(r.reason)) out.push(`    why: ${help}`); // once per reason
      explained.add(r.reason);
      out.push(shownLine(r.text));
    }
  }
  if (report.warnings.length > 0) {
    out.push('', 'Warnings (the lines were accepted, but may not say what was meant):');
    for (const w of report.warnings) out.push(`${lineHead(w)}: ${w.detail}`, shownLine(w.text));
  }
  const dropped = Object.entries(stats.pointsDropped).filter(([, n]) => n > 0);
  if (dropped.length > 0) {
    out.push(
      '',
      `Dropped by Datadog's time window: ${dropped.map(([reason, n]) => `${n} ${reason}`).join(', ')}` +
        ' (points more than 1 hour old or 10 minutes ahead are refused; --now judges the window as of another time)',
    );
  }
  return out.join('\n');
}

/** The --json document (its shape is in PARSE_USAGE). */
export function reportJson(report: ParseReport, exitCode: number): unknown {
  const { result } = report;
  return {
    input: report.input,
    logGroup: report.logGroup,
    outcome: result.outcome,
    ...(result.rejection !== undefined ? { rejection: result.rejection } : {}),
    exitCode,
    stats: result.stats,
    metrics: shownMetrics(result.outbound),
    rejected: report.rejectedLines.map((r) => {
      const help = reasonHelp(r.reason);
      return help === undefined ? r : { ...r, why: help };
    }),
    warnings: report.warnings,
  };
}
