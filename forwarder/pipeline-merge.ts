/** Several payloads' pipeline results as one (a Kinesis invocation carries many payloads, shipped together). */
import { emptyOutbound, emptyStats, type PipelineResult } from './pipeline.js';
import { PipelineOutcome, type DialectName, type PipelineStats } from './types.js';

/**
 * The results of several payloads (one Kinesis invocation) as one: outbound entries side by side, counts added up.
 * Side by side is exact: distributions from several payloads merge at Datadog like those of concurrent forwarders,
 * and a gauge is a last value. The outcome is `processed` when any batch was read, else `rejected` when any payload
 * was refused, else `control`.
 */
export function mergeResults(results: readonly PipelineResult[]): PipelineResult {
  if (results.length === 1) return results[0]!;
  const merged: PipelineResult = { outbound: emptyOutbound(), stats: emptyStats(), outcome: PipelineOutcome.Control };
  const names = new Set<string>();
  for (const result of results) {
    merged.outbound.distributions.push(...result.outbound.distributions);
    merged.outbound.series.push(...result.outbound.series);
    merged.outbound.checks.push(...result.outbound.checks);
    addStats(merged.stats, result.stats);
    if (result.functionName !== undefined) names.add(result.functionName);
    if (result.outcome === PipelineOutcome.Processed || (result.outcome === PipelineOutcome.Rejected && merged.outcome === PipelineOutcome.Control)) {
      merged.outcome = result.outcome;
    }
    merged.rejection ??= result.rejection;
  }
  if (names.size > 0) merged.functionName = [...names].slice(0, 5).join(',') + (names.size > 5 ? `,… (${names.size} functions)` : '');
  return merged;
}

function addStats(into: PipelineStats, from: PipelineStats): void {
  into.batches += from.batches;
  into.events += from.events;
  into.linesParsed += from.linesParsed;
  into.reports += from.reports;
  into.errors += from.errors;
  into.pointsOut += from.pointsOut;
  for (const [reason, count] of Object.entries(from.rejected)) into.rejected[reason] = (into.rejected[reason] ?? 0) + count;
  for (const [dialect, byReason] of Object.entries(from.rejectedByDialect ?? {}) as Array<[DialectName, Record<string, number>]>) {
    const target = ((into.rejectedByDialect ??= {})[dialect] ??= {});
    for (const [reason, count] of Object.entries(byReason)) target[reason] = (target[reason] ?? 0) + count;
  }
  for (const [reason, count] of Object.entries(from.pointsDropped) as Array<[keyof PipelineStats['pointsDropped'], number]>) into.pointsDropped[reason] += count;
}
