/** Summary statistics of distribution values: exact, where Datadog's DDSketch is within 1 % relative error. */
import { Percentiles } from './constants.js';
import type { DistributionStats, PercentileName } from './types.js';

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it. Always one of the
 * values sent, so a test can name the expected number exactly.
 */
export function percentile(sortedValues: readonly number[], p: number): number {
  if (sortedValues.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sortedValues.length);
  return sortedValues[Math.min(Math.max(rank, 1), sortedValues.length) - 1] as number;
}

export function summarise(values: readonly number[]): DistributionStats {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((total, value) => total + value, 0);
  const stats = {
    count,
    sum,
    min: count ? (sorted[0] as number) : NaN,
    max: count ? (sorted[count - 1] as number) : NaN,
    avg: count ? sum / count : NaN,
  } as DistributionStats;
  for (const p of Percentiles) stats[`p${p}` as PercentileName] = percentile(sorted, p);
  return stats;
}
