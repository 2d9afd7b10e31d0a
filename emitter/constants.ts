/** The metric types a MONITORING line can carry (wire-formats §1). */
export const MetricType = {
  Count: 'count',
  Gauge: 'gauge',
  Histogram: 'histogram',
  Check: 'check',
} as const;

/** Service check statuses, as Datadog numbers them. */
export const CheckStatus = {
  Ok: 0,
  Warning: 1,
  Critical: 2,
  Unknown: 3,
} as const;

/** Datadog's naming limits; the emitter applies them and the forwarder re-checks them. */
export const DatadogLimits = {
  maxNameLength: 200,
  maxTagLength: 200,
} as const;

/** The fixed parts of the MONITORING line. */
export const LineFormat = {
  prefix: 'MONITORING',
  separator: '|',
  tagMarker: '#',
  tagSeparator: ',',
} as const;

/**
 * Tag keys with a meaning of their own in Datadog. `host` and `device` change how a point is attributed (and billed);
 * `source` is used by log integrations. The unified service tags (env, service, version, team) are reserved too but
 * are exactly what users should set, so they are not warned about.
 */
export const ReservedTagKeys = ['host', 'device', 'source', 'service', 'env', 'version', 'team'] as const;
export const WarnedTagKeys = ['host', 'device', 'source'] as const;

/**
 * Metric-name prefixes the forwarder owns: `aws.lambda.` (Datadog's AWS integration and the platform metrics,
 * `aws.lambda.enhanced.` included) and `forwarder.` (its self metrics). The forwarder refuses a user's metric under
 * either in every dialect (and under its configured METRIC_PREFIX too, which only it knows); the emitter refuses them
 * at the call, so the developer sees why rather than a count on the forwarder's side.
 */
export const ReservedMetricPrefix = {
  AwsLambda: 'aws.lambda.',
  Forwarder: 'forwarder.',
} as const;

/** Why a metric call or a MONITORING line was rejected. One vocabulary for the emitter and the forwarder. */
export const RejectReason = {
  Malformed: 'malformed',
  BadTimestamp: 'bad_timestamp',
  BadValue: 'bad_value',
  BadType: 'bad_type',
  BadName: 'bad_name',
  BadCheckStatus: 'bad_check_status',
  /** The name belongs to the forwarder (aws.lambda.*, the platform prefix, forwarder.*): a user line may not forge it. */
  ReservedName: 'reserved_name',
} as const;

/** Environment variables the emitter reads. */
export const EmitterEnv = {
  tags: 'MONITORING_TAGS',
  prefix: 'MONITORING_PREFIX',
  strict: 'MONITORING_STRICT',
  disabled: 'MONITORING_DISABLED',
  ddEnv: 'DD_ENV',
  ddService: 'DD_SERVICE',
  ddVersion: 'DD_VERSION',
} as const;

/** The emitter's defaults; every one can be changed per instance through createMetrics options. */
export const EmitterDefaults = {
  /** Buffered lines (aggregated series-seconds plus histogram values) that trigger an early flush. */
  maxBufferedLines: 5_000,
  /**
   * Bytes per stdout write. CloudWatch Logs caps a log event at 256 KB and cuts anything longer, so a flush larger
   * than this is split at line boundaries into several writes, each well under the cap.
   */
  maxWriteBytes: 200_000,
  /** withMetrics flushes this long before Lambda's deadline, so the write lands before the process is stopped. */
  timeoutMarginMs: 50,
  /** Distinct warnings written to stderr before the rest are suppressed (a loop over bad input cannot flood logs). */
  maxDistinctWarnings: 100,
  /** Cached names and tag inputs before the caches are emptied (unbounded tag values cannot eat memory). */
  maxCachedEntries: 10_000,
} as const;

/**
 * The default `metric` instance lives on globalThis under this Symbol.for key, so the ESM build, the CJS build and
 * the separately bundled middy entry all find the same instance (and so one buffer) in one process.
 */
export const EmitterGlobals = {
  defaultInstanceKey: 'lambda-dd-metrics.default-instance',
  exitHookKey: 'lambda-dd-metrics.exit-hooked',
} as const;
