/**
 * Every metric name the forwarder side produces, in one place: the forwarder, the poller, the dashboards and the
 * monitors all read them from here. Platform names are suffixes under METRIC_PREFIX (default `aws.lambda`).
 */
export const DEFAULT_METRIC_PREFIX = 'aws.lambda';

/** Platform metrics, read from the function's own log lines (suffix after the prefix). */
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
  MemorySize: 'memory_size',
  EstimatedCost: 'estimated_cost',
} as const;

/** Metrics the poller reads from CloudWatch because no log line carries them. */
export const CloudWatchMetric = {
  Throttles: 'throttles',
  IteratorAge: 'iterator_age',
  ConcurrentExecutions: 'concurrent_executions',
} as const;

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
  Duration: 'forwarder.duration', // ms per invocation
  TagFetchErrors: 'forwarder.tag_fetch_errors', // function-tags lookups that failed, tagged reason:throttled|access_denied|timeout|other
  Expired: 'forwarder.expired', // stored points dropped at replay: too old for Datadog by then, tagged kind
  Replayed: 'forwarder.replayed', // stored payloads delivered by the replay and deleted
  StoreErrors: 'forwarder.store_errors', // undelivered payloads a durable failure store (S3) could not keep: lost
  PollerErrors: 'forwarder.poller_errors', // CloudWatch/Lambda/tagging reads of the poller that failed, tagged api, reason
} as const;

export function platformMetricName(prefix: string, suffix: string): string {
  return `${prefix}.${suffix}`;
}
