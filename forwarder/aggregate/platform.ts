/**
 * Platform metrics from invocation reports and error signals, named and measured as the chosen naming says
 * (metric-names.ts: Datadog's enhanced metrics by default, durations in seconds).
 *
 * Every metric of one invocation carries the same tags: the batch's platform tags, `memorysize` from its own report
 * (the memory it ran with, even just after a configuration change) and `cold_start:true|false`. Errors are counted as
 * Lambda's own `Errors` metric counts them: one per failed invocation (failures.ts).
 */
import { durationIn, platformNames, type PlatformMetricKey, type PlatformNames } from '../metric-names.js';
import { SettingTagKey } from '../enrich/function-tags-policy.js';
import { ErrorKind, type InvocationReport } from '../types.js';
import { InitKinds, type Failure } from './failures.js';
import { msToSeconds } from './window.js';

export { failuresOf, type Failure } from './failures.js';

/** Where platform samples go: counts are summed per bucket, values kept individually. Timestamps in seconds. */
export interface PlatformSink {
  count(metric: string, tags: readonly string[], timestampSec: number, value: number): void;
  value(metric: string, tags: readonly string[], timestampSec: number, value: number): void;
}

/** Cold start: the invocation paid an init (or a SnapStart restore). */
export function isColdStart(report: InvocationReport): boolean {
  return report.initDurationMs !== undefined || report.restoreDurationMs !== undefined;
}

const ColdStartTag = { true: 'cold_start:true', false: 'cold_start:false' } as const;
const MEMORY_SIZE = `${SettingTagKey.MemorySize}:`;

/**
 * The tag sets of a batch's invocations, each built once: the platform tags, with `memorysize` taken from the report
 * when it has one, and `cold_start` when it is known.
 */
class InvocationTags {
  readonly #base: readonly string[];
  readonly #withoutMemory: readonly string[];
  readonly #sets = new Map<string, string[]>();

  constructor(platformTags: readonly string[]) {
    this.#base = platformTags;
    this.#withoutMemory = platformTags.filter((tag) => !tag.startsWith(MEMORY_SIZE));
  }

  of(cold: boolean | undefined, memorySizeMb: number | undefined): string[] {
    const key = `${cold}|${memorySizeMb}`;
    let tags = this.#sets.get(key);
    if (tags === undefined) {
      tags = memorySizeMb === undefined ? [...this.#base] : [...this.#withoutMemory, `${MEMORY_SIZE}${memorySizeMb}`];
      if (cold !== undefined) tags.push(ColdStartTag[`${cold}`]);
      tags.sort();
      this.#sets.set(key, tags);
    }
    return tags;
  }
}

const DurationOf: ReadonlyArray<[PlatformMetricKey, keyof InvocationReport]> = [
  ['Duration', 'durationMs'],
  ['BilledDuration', 'billedDurationMs'],
  ['InitDuration', 'initDurationMs'],
  ['RestoreDuration', 'restoreDurationMs'],
];

/**
 * Writes the platform metrics of a batch into `sink`: invocations (one per report), durations (in the naming's unit)
 * and memory (MB) per report, one estimated_cost value (USD) per report `costOf` can price, and errors / timeouts /
 * out_of_memory (one per failed invocation). Cost carries the invocation's tags, so `sum:` of it over any tag is the
 * cost of those invocations.
 */
export function emitPlatformMetrics(
  reports: readonly InvocationReport[],
  failures: readonly Failure[],
  /** The naming's full names, or just a prefix for the default naming under it. */
  names: PlatformNames | string,
  platformTags: readonly string[],
  sink: PlatformSink,
  costOf?: (report: InvocationReport) => number | undefined,
): void {
  const { platform: metric, durationUnit } = typeof names === 'string' ? platformNames(undefined, names) : names;
  const tagSets = new InvocationTags(platformTags);
  const failed = new Map<string, Failure>();
  for (const failure of failures) if (failure.requestId !== undefined) failed.set(failure.requestId, failure);
  const reportOf = new Map<string, string[]>();

  for (const report of reports) {
    const ts = msToSeconds(report.timestamp);
    const failure = failed.get(report.requestId);
    const cold = isColdStart(report) || (failure !== undefined && hasInitKind(failure));
    const tags = tagSets.of(cold, report.memorySizeMb);
    reportOf.set(report.requestId, tags);
    sink.count(metric.Invocations, tags, ts, 1);
    for (const [key, field] of DurationOf) {
      const ms = report[field] as number | undefined;
      if (ms !== undefined) sink.value(metric[key], tags, ts, durationIn(durationUnit, ms));
    }
    if (report.maxMemoryUsedMb !== undefined) sink.value(metric.MaxMemoryUsed, tags, ts, report.maxMemoryUsedMb);
    if (report.memorySizeMb !== undefined) sink.value(metric.MemorySize, tags, ts, report.memorySizeMb);
    const cost = costOf?.(report);
    if (cost !== undefined) sink.value(metric.EstimatedCost, tags, ts, cost);
  }

  for (const failure of failures) {
    const ts = msToSeconds(failure.timestampMs);
    // Without its report in this batch, only an init failure tells the invocation was cold.
    const tags = (failure.requestId !== undefined ? reportOf.get(failure.requestId) : undefined) ?? tagSets.of(hasInitKind(failure) ? true : undefined, undefined);
    sink.count(metric.Errors, tags, ts, 1);
    if (failure.kinds.has(ErrorKind.Timeout)) sink.count(metric.Timeouts, tags, ts, 1);
    if (failure.kinds.has(ErrorKind.OutOfMemory)) sink.count(metric.OutOfMemory, tags, ts, 1);
  }
}

function hasInitKind(failure: Failure): boolean {
  for (const kind of InitKinds) if (failure.kinds.has(kind)) return true;
  return false;
}
