/**
 * The pure half of the poller: which queries a run asks, in batches CloudWatch accepts, and how the answers become
 * Datadog series. No I/O and no clock.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { SeriesV2 } from '../types.js';
import { forwarderTags, isForwarderTag, isPlatformTag, PlatformTagKey } from '../enrich/tags.js';
import { outsideWindow } from '../aggregate/window.js';
import type { PlatformNames } from '../metric-names.js';
import { FUNCTION_DIMENSION, LAMBDA_NAMESPACE, MAX_QUERIES_PER_CALL, PERIOD_SECONDS, PolledMetrics, SeriesType } from './constants.js';
import type { PlannedQuery, PollWindow, QueryResult } from './types.js';

/** [start, end) in whole minutes: `windowMinutes` minutes up to the start of the current minute (still being written). */
export function pollWindow(nowMs: number, windowMinutes: number): PollWindow {
  const endSec = Math.floor(nowMs / 1000 / PERIOD_SECONDS) * PERIOD_SECONDS;
  return { startSec: endSec - windowMinutes * PERIOD_SECONDS, endSec };
}

/** One query per function and metric. Ids are `q<n>_<metric letter>`: unique, and valid CloudWatch query ids. */
export function planQueries(functionNames: readonly string[]): PlannedQuery[] {
  const planned: PlannedQuery[] = [];
  functionNames.forEach((functionName, index) => {
    for (const metric of PolledMetrics) planned.push({ id: `q${index}_${metric.idTag}`, functionName, metric });
  });
  return planned;
}

export function toMetricDataQuery(query: PlannedQuery): MetricDataQuery {
  return {
    Id: query.id,
    MetricStat: {
      Metric: {
        Namespace: LAMBDA_NAMESPACE,
        MetricName: query.metric.cloudWatchName,
        Dimensions: [{ Name: FUNCTION_DIMENSION, Value: query.functionName }],
      },
      Period: PERIOD_SECONDS,
      Stat: query.metric.stat,
    },
    ReturnData: true,
  };
}

/** Splits a list into batches of at most `size` (GetMetricData takes up to 500 queries a call). */
export function inBatches<T>(items: readonly T[], size: number = MAX_QUERIES_PER_CALL): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

export interface SeriesContext {
  /** The full names of the naming chosen (metric-names.ts: platformNames). */
  names: PlatformNames['cloudwatch'];
  region: string;
  accountId: string;
  /** DD_TAGS, already parsed. */
  ddTags: readonly string[];
  /** Epoch seconds, for Datadog's time window. */
  nowSec: number;
}

export interface SeriesBuild {
  series: SeriesV2[];
  points: number;
  /** Points outside Datadog's window (only with an unusual window setting or a skewed clock). */
  dropped: number;
}

/**
 * Results → one v2 series per function and metric. Timestamps are epoch SECONDS; tags are DD_TAGS (without the
 * forwarder's keys) plus functionname (lowercased, as the forwarder writes it), region, account_id and aws_account,
 * the tags the forwarder's platform metrics carry for the same function.
 */
export function toSeries(planned: readonly PlannedQuery[], results: readonly QueryResult[], context: SeriesContext): SeriesBuild {
  const byId = new Map(planned.map((query) => [query.id, query]));
  const configured = context.ddTags.filter((tag) => !isForwarderTag(tag) && !isPlatformTag(tag));
  const out: SeriesBuild = { series: [], points: 0, dropped: 0 };
  for (const result of results) {
    const query = byId.get(result.id);
    if (query === undefined) continue;
    const byTimestamp = new Map<number, number>();
    result.timestampsMs.forEach((timestampMs, i) => {
      const value = result.values[i];
      const timestamp = Math.floor(timestampMs / 1000);
      if (value === undefined || !Number.isFinite(value)) return;
      if (outsideWindow(timestamp, context.nowSec) !== undefined) {
        out.dropped++;
        return;
      }
      byTimestamp.set(timestamp, value);
    });
    if (byTimestamp.size === 0) continue;
    const points = [...byTimestamp].sort((a, b) => a[0] - b[0]).map(([timestamp, value]) => ({ timestamp, value }));
    const own = forwarderTags(query.functionName.toLowerCase(), context.region, context.accountId);
    const tags = [...configured, ...own, ...(context.accountId ? [`${PlatformTagKey.AwsAccount}:${context.accountId}`] : [])].sort();
    const metric = query.metric;
    out.series.push({
      metric: context.names[metric.key],
      type: metric.type,
      points,
      tags,
      ...(metric.type === SeriesType.Count ? { interval: PERIOD_SECONDS } : {}),
      ...('unit' in metric ? { unit: metric.unit } : {}),
    });
    out.points += points.length;
  }
  out.series.sort((a, b) => (a.metric === b.metric ? a.tags.join(',').localeCompare(b.tags.join(',')) : a.metric < b.metric ? -1 : 1));
  return out;
}
