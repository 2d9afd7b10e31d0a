/**
 * The --once verdict: does the intake hold what the simulation says was logged? Each row names a total, what the
 * simulation counted, and what the intake holds. Pure over the store's read methods. Platform metrics are read under
 * the names the forwarder was given (metric-names.ts; Datadog's enhanced names by default).
 */
import { parseSettings } from '../forwarder/config.js';
import { ForwarderMetric, platformNames, type PlatformNames } from '../forwarder/metric-names.js';
import type { IntakeStore } from '../intake/store.js';
import type { Expectations } from './expected.js';

export interface CheckRow {
  what: string;
  expected: number;
  actual: number;
  ok: boolean;
}

type StoreView = Pick<IntakeStore, 'distributionTotals' | 'latestChecks' | 'droppedPoints'>;

/** The names the run's forwarder uses: its PLATFORM_METRIC_NAMING and METRIC_PREFIX, read by its own config. */
export function forwarderNames(env: NodeJS.ProcessEnv): PlatformNames {
  const settings = parseSettings(env);
  return platformNames(settings.metricNaming, settings.metricPrefix);
}

export function checkIntake(expected: Expectations, store: StoreView, names: PlatformNames = platformNames()): CheckRow[] {
  const p = names.platform;
  const rows: CheckRow[] = [];
  const row = (what: string, want: number, got: number) => rows.push({ what, expected: want, actual: got, ok: want === got });
  const sum = (metric: string, tags?: Record<string, string>) => store.distributionTotals(metric, tags).sum;
  const values = (metric: string, tags?: Record<string, string>) => store.distributionTotals(metric, tags).count;

  for (const [fn, invocations] of Object.entries(expected.invocations).sort()) {
    const tags = { functionname: fn };
    const cold = { ...tags, cold_start: 'true' };
    row(`${p.Invocations} ${fn}`, invocations, sum(p.Invocations, tags));
    row(`${p.Errors} ${fn}`, expected.errors[fn] ?? 0, sum(p.Errors, tags));
    row(`${p.Timeouts} ${fn}`, expected.timeouts[fn] ?? 0, sum(p.Timeouts, tags));
    row(`cold starts (${p.InitDuration} values) ${fn}`, expected.coldStarts[fn] ?? 0, values(p.InitDuration, tags));
    row(`cold starts (${p.Invocations} cold_start:true) ${fn}`, expected.coldStarts[fn] ?? 0, sum(p.Invocations, cold));
    row(`${p.Duration} values ${fn}`, invocations, values(p.Duration, tags));
  }

  for (const [name, tally] of [...expected.metrics].sort(([a], [b]) => a.localeCompare(b))) {
    if (tally.type === 'count') row(`${name} (count: total)`, tally.sum, sum(name));
    else if (tally.type === 'histogram') row(`${name} (histogram: values)`, tally.values, values(name));
  }
  let unambiguous = 0;
  let matching = 0;
  for (const check of expected.checks.values()) {
    if (check.runs !== 1) continue; // two executions set this tag set: which one is latest is a race, not a fact
    unambiguous++;
    const latest = store.latestChecks(check.check, check.tags);
    if (latest.length > 0 && latest.every((run) => run.status === check.status)) matching++;
  }
  row('service checks with the expected latest status', unambiguous, matching);

  row(`${ForwarderMetric.Batches} (total)`, expected.batches, sum(ForwarderMetric.Batches));
  row(`${ForwarderMetric.Events} (total)`, expected.logEvents, sum(ForwarderMetric.Events));
  row(`${ForwarderMetric.LinesParsed} (total)`, expected.linesAccepted, sum(ForwarderMetric.LinesParsed));
  for (const [reason, count] of Object.entries(expected.rejected).sort()) {
    row(`${ForwarderMetric.Rejected} reason:${reason}`, count, sum(ForwarderMetric.Rejected, { reason }));
  }
  row(`${ForwarderMetric.Rejected} (total)`, expected.totalOf(expected.rejected), sum(ForwarderMetric.Rejected));
  row('points dropped by the time window', 0, store.droppedPoints().length);
  return rows;
}
