/**
 * The Kinesis source: an account's subscription filter policy writes CloudWatch Logs payloads into a data stream and
 * an event source mapping invokes the forwarder with up to its batch size of records (wire-formats §7). Each record's
 * `kinesis.data` is one payload as a direct subscription would deliver it (CONTROL_MESSAGE included), decoded alike;
 * a record that cannot be decoded is counted and passed over (a retry cannot fix it, and it must not hold the shard).
 *
 * The answer is a partial batch response (`ReportBatchItemFailures` on the mapping): Lambda checkpoints before the
 * lowest sequence number listed and delivers every record from there again. The flow ships the points of all records
 * together, so a batch is all or nothing, as for a direct subscription: when nothing was acknowledged nor kept, every
 * record that carried data is listed (the lowest one decides); otherwise none is (what was acknowledged must not come
 * again, and what was not is in the failure store).
 */
import { decodePayload } from '../decode/index.js';
import type { KinesisBatchResponse } from '../handler-types.js';
import { DecodeRejectReason } from '../types.js';
import { isRecord } from './shape.js';
import { SourceName, type Source, type SourceRecord } from './types.js';

const KINESIS_EVENT_SOURCE = 'aws:kinesis';

/** A record as the event source mapping writes it, when it is one: an object with a `kinesis` object. */
function isKinesisRecord(record: unknown): record is { kinesis: Record<string, unknown>; eventSource?: unknown } {
  return isRecord(record) && isRecord(record.kinesis) && (record.eventSource === undefined || record.eventSource === KINESIS_EVENT_SOURCE);
}

function readRecord(record: { kinesis: Record<string, unknown> }, index: number): SourceRecord {
  const { data, sequenceNumber } = record.kinesis;
  const sequence = typeof sequenceNumber === 'string' && sequenceNumber !== '' ? { sequenceNumber } : {};
  if (typeof data !== 'string') {
    return { ...sequence, decoded: { outcome: 'rejected', rejection: { reason: DecodeRejectReason.MissingField, detail: `Records[${index}].kinesis.data is not a string` } } };
  }
  return { ...sequence, decoded: decodePayload(data) };
}

export const kinesis: Source<KinesisBatchResponse> = {
  name: SourceName.Kinesis,
  recognises: (event) => isRecord(event) && Array.isArray(event.Records) && event.Records.length > 0 && event.Records.every(isKinesisRecord),
  read: (event) => ((event as { Records: Array<{ kinesis: Record<string, unknown> }> }).Records).map(readRecord),
  respond(records, outcome) {
    if (!outcome.redeliver) return { batchItemFailures: [] };
    const carriedData = records.filter((record) => record.decoded.outcome === 'batch');
    // Without a sequence number Lambda cannot be told where to start again: fail the whole batch instead.
    if (carriedData.some((record) => record.sequenceNumber === undefined)) throw outcome.redeliver;
    return { batchItemFailures: carriedData.map((record) => ({ itemIdentifier: record.sequenceNumber! })) };
  },
};
