/**
 * Platform metrics from invocation reports and error signals. Each failed invocation counts ONCE however many
 * signals it wrote (Invoke Error + Status: error + Task timed out for one request id = 1 error).
 */
import { PlatformMetric, platformMetricName } from '../metric-names.js';
import { ErrorKind, type ErrorKindName, type InvocationError, type InvocationReport } from '../types.js';
import { msToSeconds } from './window.js';

/** One sample for the distribution accumulator: a count (summed per bucket) or a value (kept individually). */
export interface PlatformSample {
  metric: string;
  kind: 'count' | 'value';
  value: number;
  timestampSec: number;
  tags: readonly string[];
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

export function platformSamples(
  reports: readonly InvocationReport[],
  failures: readonly Failure[],
  prefix: string,
  tags: readonly string[],
): PlatformSample[] {
  const name = (suffix: string): string => platformMetricName(prefix, suffix);
  const coldTags = [...tags, 'cold_start:true'].sort();
  const warmTags = [...tags, 'cold_start:false'].sort();
  const samples: PlatformSample[] = [];

  for (const report of reports) {
    const timestampSec = msToSeconds(report.timestamp);
    const durationTags = isColdStart(report) ? coldTags : warmTags;
    samples.push({ metric: name(PlatformMetric.Invocations), kind: 'count', value: 1, timestampSec, tags });
    const values: Array<[string, number | undefined, readonly string[]]> = [
      [PlatformMetric.Duration, report.durationMs, durationTags],
      [PlatformMetric.BilledDuration, report.billedDurationMs, durationTags],
      [PlatformMetric.InitDuration, report.initDurationMs, durationTags],
      [PlatformMetric.RestoreDuration, report.restoreDurationMs, durationTags],
      [PlatformMetric.MaxMemoryUsed, report.maxMemoryUsedMb, tags],
      [PlatformMetric.MemorySize, report.memorySizeMb, tags],
    ];
    for (const [suffix, value, sampleTags] of values) {
      if (value !== undefined) samples.push({ metric: name(suffix), kind: 'value', value, timestampSec, tags: sampleTags });
    }
  }

  for (const failure of failures) {
    const timestampSec = msToSeconds(failure.timestampMs);
    samples.push({ metric: name(PlatformMetric.Errors), kind: 'count', value: 1, timestampSec, tags });
    if (failure.kinds.has(ErrorKind.Timeout)) samples.push({ metric: name(PlatformMetric.Timeouts), kind: 'count', value: 1, timestampSec, tags });
    if (failure.kinds.has(ErrorKind.OutOfMemory)) samples.push({ metric: name(PlatformMetric.OutOfMemory), kind: 'count', value: 1, timestampSec, tags });
  }
  return samples;
}
