/** What the poller reads from CloudWatch and how, as constants (wire-formats §5). */
import { CloudWatchMetricUnit } from '../metric-names.js';


/**
 * Environment variables the poller reads (beside the forwarder's: DD_SITE, DD_URL, DD_TAGS, PLATFORM_METRIC_NAMING,
 * METRIC_PREFIX, keys).
 */
export const PollerEnv = {
  /** Comma-separated function names. */
  functionNames: 'FUNCTION_NAMES',
  /** Every function whose name starts with this (ListFunctions). */
  functionPrefix: 'FUNCTION_PREFIX',
  /** `key=value`: every function carrying that AWS tag (Resource Groups Tagging API). */
  tagFilter: 'TAG_FILTER',
  /** How many minutes back each run reads; default 10 (every minute, so each minute is read about ten times). */
  windowMinutes: 'POLL_WINDOW_MINUTES',
} as const;

export const PollerDefaults = {
  windowMinutes: 10,
  /** Bounds for POLL_WINDOW_MINUTES: at least 2 (CloudWatch publishes a minute late), at most Datadog's 1-hour window. */
  minWindowMinutes: 2,
  maxWindowMinutes: 60,
} as const;

/** CloudWatch's limit on queries in one GetMetricData call. */
export const MAX_QUERIES_PER_CALL = 500;

/** AWS/Lambda publishes these per function at a 1-minute period. */
export const PERIOD_SECONDS = 60;
export const LAMBDA_NAMESPACE = 'AWS/Lambda';
export const FUNCTION_DIMENSION = 'FunctionName';

/** v2 series types (wire-formats §4). */
export const SeriesType = { Count: 1, Gauge: 3 } as const;

/**
 * The metrics read, the statistic that makes sense for each, and how it is shipped.
 *
 * Every one goes out as a v2 SERIES point, never a distribution: the poller re-reads the same minutes on every run
 * (CloudWatch publishes late and revises), and for series Datadog keeps the LAST value per metric + tags + timestamp,
 * so a minute sent again replaces itself with CloudWatch's latest figure. A distribution point would be merged with
 * the earlier ones: ten runs over the same minute would count its throttles ten times.
 * Throttles is a count (type 1, interval 60: a sum over the minute that Datadog may roll up by summing); the other two
 * are gauges (a level, rolled up by averaging or max). Names come from metric-names.ts (CloudWatchMetric, under the
 * naming's prefix): `aws.lambda.enhanced.throttles` and so on by default, never the AWS integration's own names.
 */
export const PolledMetrics = [
  { cloudWatchName: 'Throttles', stat: 'Sum', key: 'Throttles', type: SeriesType.Count, idTag: 't' },
  { cloudWatchName: 'IteratorAge', stat: 'Maximum', key: 'IteratorAge', type: SeriesType.Gauge, idTag: 'i', unit: CloudWatchMetricUnit.IteratorAge },
  { cloudWatchName: 'ConcurrentExecutions', stat: 'Maximum', key: 'ConcurrentExecutions', type: SeriesType.Gauge, idTag: 'c' },
] as const;

/** Which AWS API a failed read was, for forwarder.poller_errors{api:…}. */
export const PollerApi = {
  GetMetricData: 'get_metric_data',
  ListFunctions: 'list_functions',
  GetResources: 'get_resources',
} as const;
