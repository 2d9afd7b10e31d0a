/**
 * A source turns one Lambda event into CloudWatch Logs payloads, each decoded (forwarder/decode) into a LogBatch or a
 * rejection, and turns the invocation's delivery verdict into what that event source expects back. The stages after
 * it (parse → enrich → aggregate → ship) never see which source an event came from.
 */
import type { DeliveryError } from '../delivery.js';
import type { InvocationSummary } from '../handler-types.js';
import type { DecodeResult } from '../types.js';

export const SourceName = {
  /** A subscription filter straight to the forwarder: `{"awslogs":{"data":…}}`, one payload an invocation. */
  CloudWatchSubscription: 'cloudwatch-subscription',
  /** CloudWatch Logs into a Kinesis data stream, read by an event source mapping: many payloads an invocation. */
  Kinesis: 'kinesis',
} as const;
export type SourceNameValue = (typeof SourceName)[keyof typeof SourceName];

/** The forwarder.rejected reason of an event no source recognises (the decode reasons are in ../types.ts). */
export const UNRECOGNISED_EVENT = 'unrecognised_event';

/** One payload of an event, decoded. */
export interface SourceRecord {
  /** The Kinesis sequence number (what `batchItemFailures` names); absent for a direct subscription event. */
  sequenceNumber?: string;
  decoded: DecodeResult;
}

/** What the flow decided for the whole event: delivered (or kept for replay), or must be delivered again. */
export interface DeliveryOutcome {
  summary: InvocationSummary;
  /** Set when nothing was acknowledged nor kept: the event's data must come again (a retry, or a redelivery). */
  redeliver?: DeliveryError;
}

export interface Source<Response = unknown> {
  name: SourceNameValue;
  /** True when the event has this source's shape (its top level only: nothing is decoded here). */
  recognises(event: unknown): boolean;
  /** Every payload of the event, decoded, in the event's order (for Kinesis: the shard's sequence order). */
  read(event: unknown): SourceRecord[];
  /** What Lambda is answered: may throw (a direct subscription's retry) or list records (Kinesis). */
  respond(records: readonly SourceRecord[], outcome: DeliveryOutcome): Response;
}
