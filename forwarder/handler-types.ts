/** What the forwarder handler is given (all optional: Lambda passes nothing) and what one invocation returns. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { FailureSink } from './ship/types.js';
import type { FunctionTagsSource } from './startup.js';
import type { PipelineStats } from './types.js';

export interface HandlerDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where undelivered payloads go after a partial delivery. Default: S3 when FAILURE_BUCKET is set, else log only. */
  failureSink?: FailureSink;
  /**
   * Per-function tags. Default: FunctionTags on the Lambda and tagging clients, unless DD_FETCH_LAMBDA_TAGS=false or
   * the environment names no AWS credentials; `false` turns the lookup off. Tests pass one built on other clients.
   */
  functionTags?: FunctionTagsSource | false;
  /** Epoch milliseconds. */
  now?: () => number;
  /** The wait between retries (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<unknown>;
  /** Jitter source for the backoff. */
  random?: () => number;
}

/** What one invocation did (logged; also the answer to a direct subscription event, which Lambda ignores). */
export interface InvocationSummary {
  /** The source the event came from (sources/types.ts). */
  source: string;
  /** Payloads in the event: 1 for a direct subscription, one per record for Kinesis. */
  records: number;
  outcome: string;
  /** The function (or functions, comma separated) whose logs the event held; absent when no batch was read. */
  functionName?: string;
  /** Per-function tags applied to the batch (AWS resource tags, memorysize, architecture, runtime). */
  functionTags: number;
  stats: PipelineStats;
  payloads: { sent: number; acked: number; failed: number; stored: number };
  pointsShipped: number;
  requests: number;
  retries: number;
  selfMetrics: 'acked' | 'failed' | 'skipped';
  durationMs: number;
  /** The part of durationMs that was in-process work (decode → payloads ready to send); the rest was waiting. */
  workMs?: number;
}

/** The partial batch response a Kinesis event source mapping with `ReportBatchItemFailures` reads (wire-formats §7). */
export interface KinesisBatchResponse {
  /** Empty: the whole batch is done. Otherwise Lambda starts again at the lowest sequence number listed. */
  batchItemFailures: Array<{ itemIdentifier: string }>;
}
