/** What the failure store keeps per undelivered payload, and what a replay run did. */
import type { Encoding } from '../ship/compress.js';
import type { PayloadKindName } from '../ship/types.js';

/** One S3 object: a payload exactly as it would have been sent, and where it came from. */
export interface StoredFailure {
  version: 1;
  kind: PayloadKindName;
  /** The intake path, e.g. /api/v1/distribution_points. */
  endpoint: string;
  contentEncoding: Encoding;
  /** The request body exactly as sent (compressed), base64. */
  body: string;
  pointCount: number;
  /** The invocation the payload came from (Lambda's request id: the same on Lambda's own retries of it). */
  batchId: string;
  functionName: string;
  /** Epoch ms when it was stored. */
  storedAt: number;
  /** Why it was not delivered, e.g. "out_of_time (503)". */
  reasons: string[];
}

export interface ReplayReport {
  /** Objects listed under the prefix. */
  listed: number;
  /** Payloads acknowledged by the intake and then deleted. */
  replayed: number;
  /** Points acknowledged. */
  pointsReplayed: number;
  /** Points dropped because Datadog would no longer take them, by payload kind. */
  expiredPoints: Record<string, number>;
  /** Objects with nothing left to send after expiry: deleted. */
  expiredPayloads: number;
  /** Payloads the intake did not acknowledge: left in place for the next run. */
  failed: number;
  /** Acknowledged but the delete failed: the next run sends them again (see replay.ts on exactness). */
  deleteErrors: number;
  /** Objects that were not a stored record: moved under unreadable/. */
  unreadable: number;
  /** Objects not attempted because the invocation was running out of time. */
  deferred: number;
  /** S3 reads (list/get) that failed. */
  readErrors: number;
}
