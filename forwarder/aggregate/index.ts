/**
 * Aggregate: EnrichedBatch → Outbound (Datadog wire shapes) + the counts of what was dropped.
 *   custom count, histogram and every platform metric → distributions (10-second buckets, counts pre-summed;
 *   platform metrics named and measured as the naming option says, Datadog's enhanced metrics by default);
 *   custom gauge → v2 series type 3 (last value wins); custom check → check runs.
 * Points outside Datadog's time window (relative to the injected `now`) are dropped and counted, never sent.
 * Each invocation report also yields one estimated_cost value (USD), priced with the architecture and prices passed in.
 */
import { MetricType } from '../../emitter/constants.js';
import { estimatedCost, US_EAST_1_PRICES, type LambdaPrices } from '../enrich/cost.js';
import { DEFAULT_PLATFORM_NAMING, platformNames, type PlatformNamingName } from '../metric-names.js';
import type { DropReasonName, EnrichedBatch, Outbound } from '../types.js';
import { Checks, Distributions, Gauges } from './accumulators.js';
import { emitPlatformMetrics, failuresOf } from './platform.js';
import { bucketOf, msToSeconds, outsideWindow } from './window.js';

export interface AggregateOptions {
  /** Epoch milliseconds (injected: the stage reads no clock). */
  now: number;
  /** Names and units of the platform metrics (metric-names.ts); default `enhanced`. */
  naming?: PlatformNamingName;
  /** Their prefix; default the naming's own (aws.lambda.enhanced, aws.lambda). */
  prefix?: string;
  /** How invocations are priced for estimated_cost. */
  cost?: CostOptions;
}

export interface CostOptions {
  /** Default: us-east-1's on-demand prices. */
  prices?: LambdaPrices;
  /** The function's architecture when known; unknown is priced as x86_64 (the dearer), so the estimate never under-reports. */
  architecture?: string;
}

export interface AggregateResult {
  outbound: Outbound;
  pointsDropped: Record<DropReasonName, number>;
  /** Distinct failed invocations. */
  failures: number;
  /** Points in the outbound payloads (a distribution point counts once per value). */
  pointsOut: number;
}

export function aggregate(enriched: EnrichedBatch, options: AggregateOptions): AggregateResult {
  const nowSec = msToSeconds(options.now);
  const dropped: Record<DropReasonName, number> = { too_old: 0, too_new: 0 };
  /** True when a point stamped `timestampSec` may be sent; counts it as dropped otherwise. */
  const keep = (timestampSec: number): boolean => {
    const reason = outsideWindow(timestampSec, nowSec);
    if (reason === undefined) return true;
    dropped[reason]++;
    return false;
  };

  const distributions = new Distributions();
  const gauges = new Gauges();
  const checks = new Checks();

  for (const point of enriched.metrics) {
    switch (point.type) {
      case MetricType.Count: {
        const bucket = bucketOf(point.timestamp);
        if (keep(bucket)) distributions.addCount(point.name, point.tags, bucket, point.value);
        break;
      }
      case MetricType.Histogram: {
        const bucket = bucketOf(point.timestamp);
        if (keep(bucket)) distributions.addValue(point.name, point.tags, bucket, point.value);
        break;
      }
      case MetricType.Gauge:
        if (keep(point.timestamp)) gauges.add(point.name, point.tags, point.timestamp, point.value);
        break;
      case MetricType.Check:
        // The grammar accepts only 0..3 for checks.
        if (keep(point.timestamp)) checks.add(point.name, point.tags, point.timestamp, point.value as 0 | 1 | 2 | 3);
        break;
    }
  }

  const failures = failuresOf(enriched.errors, enriched.reports);
  const prices = options.cost?.prices ?? US_EAST_1_PRICES;
  const architecture = options.cost?.architecture;
  const costOf = (report: (typeof enriched.reports)[number]) =>
    estimatedCost({ billedDurationMs: report.billedDurationMs, memorySizeMb: report.memorySizeMb, architecture }, prices);
  const names = platformNames(options.naming ?? DEFAULT_PLATFORM_NAMING, options.prefix);
  emitPlatformMetrics(enriched.reports, failures, names, enriched.platformTags, {
    count(metric, tags, timestampSec, value) {
      const bucket = bucketOf(timestampSec);
      if (keep(bucket)) distributions.addCount(metric, tags, bucket, value);
    },
    value(metric, tags, timestampSec, value) {
      const bucket = bucketOf(timestampSec);
      if (keep(bucket)) distributions.addValue(metric, tags, bucket, value);
    },
  }, costOf);

  const outbound: Outbound = { distributions: distributions.build(), series: gauges.build(), checks: checks.build() };
  return { outbound, pointsDropped: dropped, failures: failures.length, pointsOut: countPoints(outbound) };
}

export function countPoints(outbound: Outbound): number {
  let points = outbound.checks.length;
  for (const series of outbound.distributions) for (const [, values] of series.points) points += values.length;
  for (const series of outbound.series) points += series.points.length;
  return points;
}
