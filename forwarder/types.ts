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

export interface Rejection {
  reason: string;
  detail: string;
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
