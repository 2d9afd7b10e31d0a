/**
 * The plain data that flows between the forwarder's stages:
 *   decode (awslogs envelope → LogBatch) → parse (LogBatch → Parsed) → enrich (tags) → aggregate (→ Outbound) → ship.
 */
import type { MonitoringPoint } from '../emitter/types.js';

/** One CloudWatch Logs subscription payload, decoded. One log group and one log stream. */
export interface LogBatch {
  /** Account that owns the log group (not the forwarder's account). */
  owner: string;
  logGroup: string;
  logStream: string;
  /** From the log group name (`/aws/lambda/<name>`), lowercased; the log group itself for non-Lambda groups. */
  functionName: string;
  events: LogEvent[];
}

export interface LogEvent {
  id: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

/** One REPORT line (text) or platform.report record (JSON), normalised. Durations in ms, memory in MB. */
export interface InvocationReport {
  requestId: string;
  /** Epoch ms of the log event. */
  timestamp: number;
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  /** From `Status:` / record.status when present: success, error, failure, timeout. */
  status?: string;
  errorType?: string;
}

export const ErrorKind = {
  Timeout: 'timeout',
  Unhandled: 'unhandled',
  OutOfMemory: 'out_of_memory',
  InitFailure: 'init_failure',
} as const;
export type ErrorKindName = (typeof ErrorKind)[keyof typeof ErrorKind];

/** An error signal for one invocation; the aggregator counts each request id once. */
export interface InvocationError {
  /** Missing when the line carries none (then it counts on its own). */
  requestId?: string;
  timestamp: number;
  kind: ErrorKindName;
}

/** The metric dialects parse reads (README "Metrics your Lambdas already write"); a line rejection names its dialect. */
export const Dialect = {
  /** `MONITORING|<epoch>|<value>|<type>|<name>|#<tags>` (this project's emitter, Datadog's legacy format). */
  Monitoring: 'monitoring',
  /** `{"m","v","e","t"}` from datadog-lambda-js / datadog_lambda with DD_FLUSH_TO_LOG=true. */
  DatadogLambda: 'datadog_lambda',
  /** CloudWatch Embedded Metric Format (`_aws.CloudWatchMetrics`): Powertools Metrics, aws-embedded-metrics. */
  Emf: 'emf',
} as const;
export type DialectName = (typeof Dialect)[keyof typeof Dialect];

export interface Rejection {
  reason: string;
  detail: string;
  /** The dialect of a rejected metric line; absent for decode rejections (the payload, not a line). */
  dialect?: DialectName;
}

/** Everything parse found in one batch. */
export interface ParsedBatch {
  batch: Omit<LogBatch, 'events'>;
  metrics: MonitoringPoint[];
  reports: InvocationReport[];
  errors: InvocationError[];
  rejections: Rejection[];
  /** Log events read, and how many MONITORING lines were parsed successfully. */
  eventCount: number;
  linesParsed: number;
}

// ---- What ship sends: Datadog wire shapes (wire-formats §4) ----

/** `/api/v1/distribution_points` series entry. Points are [epochSeconds, values[]]. */
export interface DistributionSeries {
  metric: string;
  type: 'distribution';
  points: Array<[number, number[]]>;
  tags: string[];
}

/** `/api/v2/series` entry. type: 1 count, 2 rate, 3 gauge. */
export interface SeriesV2 {
  metric: string;
  type: 0 | 1 | 2 | 3;
  points: Array<{ timestamp: number; value: number }>;
  tags: string[];
  unit?: string;
  interval?: number;
}

/** `/api/v1/check_run` entry. */
export interface CheckRun {
  check: string;
  status: 0 | 1 | 2 | 3;
  tags: string[];
  timestamp: number;
  host_name?: string;
  message?: string;
}

/** Everything one invocation has ready to send. */
export interface Outbound {
  distributions: DistributionSeries[];
  series: SeriesV2[];
  checks: CheckRun[];
}

// ---- Stage results and the pipeline's account of itself (added with the decode/parse/enrich/aggregate stages) ----

/** Why decode refused a payload or one of its events (the `reason` of a decode Rejection). */
export const DecodeRejectReason = {
  NotAwslogsEvent: 'not_awslogs_event',
  BadBase64: 'bad_base64',
  BadGzip: 'bad_gzip',
  BadJson: 'bad_json',
  NotAnObject: 'not_an_object',
  UnknownMessageType: 'unknown_message_type',
  MissingField: 'missing_field',
  BadLogEvents: 'bad_log_events',
  /** One event was skipped (no string message, no numeric timestamp); the rest of the batch goes on. */
  BadLogEvent: 'bad_log_event',
  /** The payload inflates past DecodeLimits.maxInflatedBytes: cut there, the events read before the cut kept. */
  TooLarge: 'too_large',
  /** The payload holds more than DecodeLimits.maxEvents events: the ones after it are cut. */
  TooManyEvents: 'too_many_events',
} as const;
export type DecodeRejectReasonName = (typeof DecodeRejectReason)[keyof typeof DecodeRejectReason];

/** What decode made of one subscription event. Decode never throws. */
export type DecodeResult =
  | { outcome: 'batch'; batch: LogBatch; /** events skipped inside an otherwise good batch */ rejections: Rejection[] }
  | { outcome: 'control' }
  | { outcome: 'rejected'; rejection: Rejection };

/** Why a point was not sent: Datadog refuses points more than 1 hour old or 10 minutes ahead. */
export const DropReason = {
  TooOld: 'too_old',
  TooNew: 'too_new',
} as const;
export type DropReasonName = (typeof DropReason)[keyof typeof DropReason];

/** A parsed batch with every tag in place: custom points carry their final tags, platform data carries `platformTags`. */
export interface EnrichedBatch {
  batch: Omit<LogBatch, 'events'>;
  metrics: MonitoringPoint[];
  reports: InvocationReport[];
  errors: InvocationError[];
  /** The tags every platform metric of this batch carries (forwarder tags + DD_TAGS + per-function tags). */
  platformTags: string[];
}

/** What one processEvent call did: plain counts the handler turns into forwarder.* self metrics and one log line. */
export interface PipelineStats {
  /** 1 when a DATA_MESSAGE batch was read (0 for control messages and rejected payloads). */
  batches: number;
  events: number;
  /** MONITORING lines parsed successfully. */
  linesParsed: number;
  /** Invocation reports (REPORT lines / platform.report records) read. */
  reports: number;
  /** Distinct failed invocations counted. */
  errors: number;
  /** Rejections by reason: decode reasons and metric-line reasons (one vocabulary per stage). */
  rejected: Record<string, number>;
  /** The metric-line part of `rejected`, by dialect then reason (decode rejections have no dialect). */
  rejectedByDialect?: Partial<Record<DialectName, Record<string, number>>>;
  /** Points not sent because of Datadog's time window, by reason. */
  pointsDropped: Record<DropReasonName, number>;
  /** Points in the outbound payloads (a distribution point counts once per value). */
  pointsOut: number;
}

export const PipelineOutcome = {
  /** A data batch was read (possibly with per-line rejections). */
  Processed: 'processed',
  /** CONTROL_MESSAGE reachability probe: skipped, successfully. */
  Control: 'control',
  /** The payload could not be read at all. */
  Rejected: 'rejected',
} as const;
export type PipelineOutcomeName = (typeof PipelineOutcome)[keyof typeof PipelineOutcome];
