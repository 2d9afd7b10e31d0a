/**
 * Platform metrics from invocation reports and error signals. Each failed invocation counts ONCE however many
 * signals it wrote (Invoke Error + Status: error + Task timed out for one request id = 1 error).
 */
import { PlatformMetric, platformMetricName } from '../metric-names.js';
import { ErrorKind, type ErrorKindName, type InvocationError, type InvocationReport } from '../types.js';
import { msToSeconds } from './window.js';

/** Where platform samples go: counts are summed per bucket, values kept individually. Timestamps in seconds. */
export interface PlatformSink {
  count(metric: string, tags: readonly string[], timestampSec: number, value: number): void;
  value(metric: string, tags: readonly string[], timestampSec: number, value: number): void;
}

/** A failed invocation: the earliest moment a signal said so, and every kind of failure it showed. */
export interface Failure {
  timestampMs: number;
  kinds: Set<ErrorKindName>;
}

/** Groups error signals by request id; signals without one are failures of their own. */
export function failuresOf(errors: readonly InvocationError[]): Failure[] {
  const byRequest = new Map<string, Failure>();
  const failures: Failure[] = [];
  for (const error of errors) {
    if (error.requestId === undefined) {
      failures.push({ timestampMs: error.timestamp, kinds: new Set([error.kind]) });
      continue;
    }
    const known = byRequest.get(error.requestId);
    if (known === undefined) {
      byRequest.set(error.requestId, { timestampMs: error.timestamp, kinds: new Set([error.kind]) });
    } else {
      known.kinds.add(error.kind);
      known.timestampMs = Math.min(known.timestampMs, error.timestamp);
    }
  }
  return [...byRequest.values(), ...failures];
}

/** Cold start: the invocation paid an init (or a SnapStart restore). */
export function isColdStart(report: InvocationReport): boolean {
  return report.initDurationMs !== undefined || report.restoreDurationMs !== undefined;
}

/** Full metric names under `prefix`, built once per batch. */
function names(prefix: string): Record<keyof typeof PlatformMetric, string> {
  const out = {} as Record<keyof typeof PlatformMetric, string>;
  for (const [key, suffix] of Object.entries(PlatformMetric)) out[key as keyof typeof PlatformMetric] = platformMetricName(prefix, suffix);
  return out;
}

/**
 * Writes the platform metrics of a batch into `sink`: invocations (one per report), errors / timeouts /
 * out_of_memory (one per failed invocation), per-report durations (ms, tagged cold_start) and memory (MB), and, when
 * `costOf` is given, one estimated_cost value (USD) per report that has what pricing needs. Cost carries the same tags
 * as invocations, so `sum:` of it over any tag is the cost of those invocations.
 */
export function emitPlatformMetrics(
  reports: readonly InvocationReport[],
  failures: readonly Failure[],
  prefix: string,
  tags: readonly string[],
  sink: PlatformSink,
  costOf?: (report: InvocationReport) => number | undefined,
): void {
  const metric = names(prefix);
  const coldTags = [...tags, 'cold_start:true'].sort();
  const warmTags = [...tags, 'cold_start:false'].sort();

  for (const report of reports) {
    const ts = msToSeconds(report.timestamp);
    const durationTags = isColdStart(report) ? coldTags : warmTags;
    sink.count(metric.Invocations, tags, ts, 1);
    if (report.durationMs !== undefined) sink.value(metric.Duration, durationTags, ts, report.durationMs);
    if (report.billedDurationMs !== undefined) sink.value(metric.BilledDuration, durationTags, ts, report.billedDurationMs);
    if (report.initDurationMs !== undefined) sink.value(metric.InitDuration, durationTags, ts, report.initDurationMs);
    if (report.restoreDurationMs !== undefined) sink.value(metric.RestoreDuration, durationTags, ts, report.restoreDurationMs);
    if (report.maxMemoryUsedMb !== undefined) sink.value(metric.MaxMemoryUsed, tags, ts, report.maxMemoryUsedMb);
    if (report.memorySizeMb !== undefined) sink.value(metric.MemorySize, tags, ts, report.memorySizeMb);
    const cost = costOf?.(report);
    if (cost !== undefined) sink.value(metric.EstimatedCost, tags, ts, cost);
  }

  for (const failure of failures) {
    const ts = msToSeconds(failure.timestampMs);
    sink.count(metric.Errors, tags, ts, 1);
    if (failure.kinds.has(ErrorKind.Timeout)) sink.count(metric.Timeouts, tags, ts, 1);
    if (failure.kinds.has(ErrorKind.OutOfMemory)) sink.count(metric.OutOfMemory, tags, ts, 1);
  }
}
