/** The plain data ship works with: payloads ready to send, what happened to them, and where leftovers go. */
import type { CheckRun, DistributionSeries, SeriesV2 } from '../types.js';
import type { PayloadKind } from './constants.js';

export type PayloadKindName = (typeof PayloadKind)[keyof typeof PayloadKind];

/** The items a payload carries, kept beside the encoded body so a 413 can split and re-encode them. */
export type PayloadItems =
  | { kind: 'distributions'; items: DistributionSeries[] }
  | { kind: 'series'; items: SeriesV2[] }
  | { kind: 'checks'; items: CheckRun[] };

/** One HTTP request body, compressed, measured and within the limits. */
export type Payload = PayloadItems & {
  /** The compressed request body. */
  body: Buffer;
  /** Size of the JSON before compression. */
  rawBytes: number;
  /** Values (distributions), points (series) or checks carried. */
  pointCount: number;
};

export interface PayloadLimits {
  maxCompressedBytes: number;
  maxRawBytes: number;
}

/** An item that alone cannot fit a request even after splitting it down to one value. */
export interface OversizeItem {
  kind: PayloadKindName;
  metric: string;
  rawBytes: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
  safetyMarginMs: number;
  minRequestMs: number;
}

/**
 * What one attempt produced: an HTTP status, or no status at all. Without a status, `mayHaveLanded` says whether the
 * whole body had been handed to the connection (then Datadog may have stored it: the attempt is ambiguous) or not
 * (refused, unreachable, cut before the body was out: nothing can have been stored).
 */
export type AttemptOutcome =
  | { kind: 'response'; status: number; rateLimitResetSeconds?: number }
  | { kind: 'timeout'; mayHaveLanded?: boolean }
  | { kind: 'network'; detail: string; mayHaveLanded?: boolean };

/** Why a request that may have landed got no answer: our deadline, or the connection failing. */
export type AmbiguousCause = 'timeout' | 'connection';

/** A payload sent again after an attempt that may have landed: Datadog may now hold it twice. */
export interface AmbiguousResend {
  kind: PayloadKindName;
  cause: AmbiguousCause;
}

/** What to do after an attempt. A pure function of the outcome, the attempt number and the time left decides. */
export type RetryDecision =
  | { action: 'ack' }
  | { action: 'retry'; delayMs: number }
  | { action: 'split' }
  | { action: 'give_up'; reason: GiveUpReason };

export type GiveUpReason = 'rejected' | 'attempts_exhausted' | 'out_of_time' | 'unsplittable';

/** One HTTP attempt, for the forwarder.requests metric. `status` is the HTTP status or a TransportFailure label. */
export interface RequestRecord {
  kind: PayloadKindName;
  status: string;
}

/** A payload that could not be delivered, and why. */
export interface FailedPayload {
  payload: Payload;
  reason: GiveUpReason;
  /** The last HTTP status or transport failure seen. */
  lastStatus: string;
  /**
   * An attempt got no answer once its whole body was out: Datadog may hold the payload, and the Lambda retry or the
   * replay that resends it may make Datadog count it twice (delivery.ts says so in the log).
   */
  mayHaveLanded?: true;
}

/** What shipping a set of payloads achieved. */
export interface ShipReport {
  acked: Payload[];
  failed: FailedPayload[];
  requests: RequestRecord[];
  retries: number;
  /** Items a 413 split could not make small enough (not expected in practice; counted as dropped). */
  oversize: OversizeItem[];
  /** Resends of payloads whose previous attempt may have landed (a subset of the retries). */
  ambiguousResends: AmbiguousResend[];
}

/** Context about the invocation that leftovers came from, stored beside them. */
export interface FailureMeta {
  /** The forwarder invocation's request id. */
  requestId: string;
  /** The function whose logs the batch held. */
  functionName: string;
  ackedPayloads: number;
  ackedPoints: number;
  failedPoints: number;
  reasons: string[];
}

/**
 * Where payloads go that were not delivered after part of the batch was acknowledged (a Lambda retry would then
 * double-count, so they are kept for a later replay instead). The default only logs; an S3 store plugs in here.
 * `store` must not throw for a payload it could not keep: it reports how many it kept.
 */
export interface FailureSink {
  store(payloads: Payload[], meta: FailureMeta): Promise<{ stored: number }>;
  /** True when what it stores outlives the invocation (S3, for the replay): stored then counts as delivered. */
  readonly durable?: boolean;
}
