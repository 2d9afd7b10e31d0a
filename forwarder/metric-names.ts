/**
 * Every metric name the forwarder side produces, in one place: the forwarder, the poller, the dashboards, the monitors,
 * the local run and the intake's page all read them from here.
 *
 * Platform metrics (read from the functions' logs) and the poller's CloudWatch metrics have two namings, chosen by
 * PLATFORM_METRIC_NAMING (the template's PlatformMetricNaming):
 * - `enhanced` (the default): Datadog's own log-derived Lambda metrics, `aws.lambda.enhanced.*`, all distributions,
 *   durations in seconds. Datadog's Serverless views and recommended monitors read these names, and none of them is
 *   written by Datadog's AWS integration, which fills `aws.lambda.*` from CloudWatch as gauges (wire-formats §8).
 * - `aws_lambda`: this project's first names, `aws.lambda.*`, durations in milliseconds; only for accounts without that
 *   integration (with it, `aws.lambda.duration` and others would reach Datadog with two types).
 * METRIC_PREFIX, when set, replaces the naming's prefix; the suffixes and units stay the naming's.
 */
import { ReservedMetricPrefix } from '../emitter/constants.js';

export const PlatformNaming = {
  Enhanced: 'enhanced',
  AwsLambda: 'aws_lambda',
} as const;
export type PlatformNamingName = (typeof PlatformNaming)[keyof typeof PlatformNaming];
export const DEFAULT_PLATFORM_NAMING: PlatformNamingName = PlatformNaming.Enhanced;

/** Each naming's own prefix. */
export const NamingPrefix = {
  enhanced: 'aws.lambda.enhanced',
  aws_lambda: 'aws.lambda',
} as const satisfies Record<PlatformNamingName, string>;

/** The default naming's prefix. */
export const DEFAULT_METRIC_PREFIX: string = NamingPrefix[DEFAULT_PLATFORM_NAMING];

/**
 * Platform metrics, read from the function's own log lines: suffixes after the prefix, as the default naming spells
 * them. `memorysize` is the name Datadog's Lambda extension gives the configured memory; restore_duration (SnapStart)
 * is ours alone, named in the same family.
 */
export const PlatformMetric = {
  Invocations: 'invocations',
  Errors: 'errors',
  Timeouts: 'timeouts',
  OutOfMemory: 'out_of_memory',
  Duration: 'duration',
  BilledDuration: 'billed_duration',
  InitDuration: 'init_duration',
  RestoreDuration: 'restore_duration',
  MaxMemoryUsed: 'max_memory_used',
  MemorySize: 'memorysize',
  EstimatedCost: 'estimated_cost',
} as const;
export type PlatformMetricKey = keyof typeof PlatformMetric;

/** Where the aws_lambda naming spells a suffix otherwise (its first name, kept as it was). */
const AwsLambdaSuffix: Partial<Record<PlatformMetricKey, string>> = { MemorySize: 'memory_size' };

/**
 * Metrics the poller reads from CloudWatch because no log line carries them. Under the default naming they are
 * `aws.lambda.enhanced.throttles` and so on: Datadog's AWS integration writes `aws.lambda.throttles`,
 * `aws.lambda.iterator_age` and `aws.lambda.concurrent_executions` itself, and no Datadog metric uses these three
 * names under `aws.lambda.enhanced`, so the poller's series never meet another type under one name.
 */
export const CloudWatchMetric = {
  Throttles: 'throttles',
  IteratorAge: 'iterator_age',
  ConcurrentExecutions: 'concurrent_executions',
} as const;
export type CloudWatchMetricKey = keyof typeof CloudWatchMetric;

/**
 * The unit of each metric, in Datadog's unit names (what its metric metadata shows). Durations take the naming's unit
 * (PlatformNames.durationUnit); Lambda's "MB" are mebibytes.
 */
const PlatformMetricUnit: Record<PlatformMetricKey, string | 'duration'> = {
  Invocations: 'invocation',
  Errors: 'error',
  Timeouts: 'timeout',
  OutOfMemory: 'error',
  Duration: 'duration',
  BilledDuration: 'duration',
  InitDuration: 'duration',
  RestoreDuration: 'duration',
  MaxMemoryUsed: 'mebibyte',
  MemorySize: 'mebibyte',
  EstimatedCost: 'dollar',
};
export const CloudWatchMetricUnit = {
  Throttles: 'request',
  IteratorAge: 'millisecond',
  ConcurrentExecutions: 'execution',
} as const satisfies Record<CloudWatchMetricKey, string>;

/** The full names of one naming under one prefix, and the unit its durations are sent in. */
export interface PlatformNames {
  naming: PlatformNamingName;
  prefix: string;
  platform: Record<PlatformMetricKey, string>;
  cloudwatch: Record<CloudWatchMetricKey, string>;
  durationUnit: 'second' | 'millisecond';
}

export function platformNames(naming: PlatformNamingName = DEFAULT_PLATFORM_NAMING, prefix: string = NamingPrefix[naming]): PlatformNames {
  const platform = {} as Record<PlatformMetricKey, string>;
  for (const key of Object.keys(PlatformMetric) as PlatformMetricKey[]) {
    const suffix = naming === PlatformNaming.AwsLambda ? (AwsLambdaSuffix[key] ?? PlatformMetric[key]) : PlatformMetric[key];
    platform[key] = platformMetricName(prefix, suffix);
  }
  const cloudwatch = {} as Record<CloudWatchMetricKey, string>;
  for (const key of Object.keys(CloudWatchMetric) as CloudWatchMetricKey[]) cloudwatch[key] = platformMetricName(prefix, CloudWatchMetric[key]);
  return { naming, prefix, platform, cloudwatch, durationUnit: naming === PlatformNaming.Enhanced ? 'second' : 'millisecond' };
}

/** The unit of every platform and poller metric of a naming, by full name (for a page, a table or metadata). */
export function metricUnits(names: PlatformNames): Record<string, string> {
  const units: Record<string, string> = {};
  for (const key of Object.keys(names.platform) as PlatformMetricKey[]) {
    const unit = PlatformMetricUnit[key];
    units[names.platform[key]] = unit === 'duration' ? names.durationUnit : unit;
  }
  for (const key of Object.keys(names.cloudwatch) as CloudWatchMetricKey[]) units[names.cloudwatch[key]] = CloudWatchMetricUnit[key];
  return units;
}

/** Milliseconds in a naming's duration unit; seconds rounded to the microsecond (46.84 ms is 0.04684 s, no float noise). */
export function durationIn(unit: PlatformNames['durationUnit'], ms: number): number {
  return unit === 'second' ? Math.round(ms * 1000) / 1e6 : ms;
}

/** The naming a setting names (`enhanced`, `aws_lambda`; case and surrounding blanks ignored), else undefined. */
export function platformNamingFrom(text: string): PlatformNamingName | undefined {
  const wanted = text.trim().toLowerCase();
  return (Object.values(PlatformNaming) as string[]).includes(wanted) ? (wanted as PlatformNamingName) : undefined;
}

/** The forwarder's metrics about itself (always under `forwarder.`). */
export const ForwarderMetric = {
  Batches: 'forwarder.batches',
  Events: 'forwarder.events',
  LinesParsed: 'forwarder.lines_parsed',
  Rejected: 'forwarder.rejected', // tagged reason:<RejectReason or decode reason>
  PointsShipped: 'forwarder.points_shipped',
  PointsDropped: 'forwarder.points_dropped', // tagged reason:too_old|too_new
  Requests: 'forwarder.requests', // tagged endpoint, status
  Retries: 'forwarder.retries',
  Failures: 'forwarder.failures', // payloads that could not be delivered
  Stored: 'forwarder.stored', // payloads kept for replay
  Duration: 'forwarder.duration', // ms per invocation, from reading the event to the last answer
  WorkDuration: 'forwarder.work_duration', // ms of it in-process work: decode → payloads ready to send (what the benchmark times)
  WaitDuration: 'forwarder.wait_duration', // ms of it waiting: settings, function tags, the key check, Datadog's answers
  TagFetchErrors: 'forwarder.tag_fetch_errors', // function-tags lookups that failed, tagged reason:throttled|access_denied|timeout|other
  Expired: 'forwarder.expired', // stored points dropped at replay: too old for Datadog by then, tagged kind
  Replayed: 'forwarder.replayed', // stored payloads delivered by the replay and deleted
  StoreErrors: 'forwarder.store_errors', // undelivered payloads a durable failure store (S3) could not keep: lost
  PollerErrors: 'forwarder.poller_errors', // CloudWatch/Lambda/tagging reads of the poller that failed, tagged api, reason
  AmbiguousResends: 'forwarder.ambiguous_resends', // payloads sent again after an attempt that may have landed (no answer once the body was sent), tagged endpoint, cause:timeout|connection
} as const;

export function platformMetricName(prefix: string, suffix: string): string {
  return `${prefix}.${suffix}`;
}

/**
 * Metric-name prefixes that belong to the forwarder (issue 11.2): `aws.lambda.` (Datadog's AWS integration and both
 * platform namings, `aws.lambda.enhanced.` included), the configured platform prefix (METRIC_PREFIX) and `forwarder.`.
 * A user's metric line under one of them is rejected, whatever its dialect, so no function can forge the numbers the
 * dashboards and monitors read.
 */
export function reservedMetricPrefixes(metricPrefix?: string): string[] {
  const prefixes = new Set<string>(Object.values(ReservedMetricPrefix));
  if (metricPrefix !== undefined && metricPrefix !== '') prefixes.add(`${metricPrefix}.`);
  return [...prefixes];
}
