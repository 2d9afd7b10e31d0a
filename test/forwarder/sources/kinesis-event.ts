/**
 * Kinesis events as Lambda's event source mapping writes them (wire-formats §7; the shape is @types/aws-lambda's
 * KinesisStreamEvent, the sample event in the AWS Lambda docs), each record's data being one CloudWatch Logs payload
 * gzipped and base64-encoded as CloudWatch Logs puts it into a stream. And the mapping itself, reduced to its
 * checkpoint rule, so tests can play a batch the way Lambda would: deliver, read `batchItemFailures`, deliver again
 * from the lowest sequence number listed (a thrown error: the whole batch again).
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { encodeAwslogsData, FixtureAccount, FixtureRegion } from '../fixtures/awslogs.js';

export const STREAM_ARN = `arn:aws:kinesis:${FixtureRegion}:${FixtureAccount}:stream/lambda-dd-logs`;

/** Sequence numbers are decimal strings of up to 128 bits that grow within a shard. */
export function sequenceNumber(index: number): string {
  return (49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n + BigInt(index)).toString();
}

/** One record whose data is the given text already encoded (a poison record passes a raw string). */
export function kinesisRecord(data: string, index: number): KinesisStreamRecord {
  const sequence = sequenceNumber(index);
  return {
    kinesis: { kinesisSchemaVersion: '1.0', partitionKey: `/aws/lambda/fn-${index % 3}`, sequenceNumber: sequence, data, approximateArrivalTimestamp: 1_736_942_460 + index / 1000 },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequence}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${FixtureAccount}:role/lambda-dd-forwarder`,
    awsRegion: FixtureRegion,
    eventSourceARN: STREAM_ARN,
  };
}

/** A batch of records, the i-th carrying payloads[i] (an object is gzipped and base64-encoded; a string is sent as is). */
export function kinesisEvent(payloads: ReadonlyArray<unknown>, firstIndex = 0): KinesisStreamEvent {
  return { Records: payloads.map((payload, i) => kinesisRecord(typeof payload === 'string' ? payload : encodeAwslogsData(payload), firstIndex + i)) };
}

export interface MappingRun {
  /** Each invocation's records, by sequence number, in order. */
  invocations: string[][];
  /** What each invocation answered: the listed sequence numbers, or 'threw'. */
  answers: Array<string[] | 'threw'>;
}

/**
 * The event source mapping's checkpoint rule, as the Lambda docs state it: an empty `batchItemFailures` finishes the
 * batch; otherwise the records from the lowest sequence number listed come again (those before it are done); a
 * thrown error sends the whole batch again. Stops after `maxInvocations` (the mapping's bounded retries).
 */
export async function deliverLikeLambda(
  handler: (event: KinesisStreamEvent) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>,
  event: KinesisStreamEvent,
  options: { maxInvocations?: number; between?: (invocation: number) => void | Promise<void> } = {},
): Promise<MappingRun> {
  const run: MappingRun = { invocations: [], answers: [] };
  let records = event.Records;
  for (let invocation = 0; records.length > 0 && invocation < (options.maxInvocations ?? 5); invocation++) {
    if (invocation > 0) await options.between?.(invocation);
    run.invocations.push(records.map((r) => r.kinesis.sequenceNumber));
    let failures: string[];
    try {
      failures = (await handler({ Records: records })).batchItemFailures.map((f) => f.itemIdentifier);
      run.answers.push(failures);
    } catch {
      run.answers.push('threw');
      continue;
    }
    if (failures.length === 0) return run;
    const lowest = failures.map(BigInt).reduce((a, b) => (b < a ? b : a));
    records = records.filter((r) => BigInt(r.kinesis.sequenceNumber) >= lowest);
  }
  return run;
}
