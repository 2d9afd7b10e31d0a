/**
 * The event source mapping the wire test and `npm start --source kinesis` rely on (local/kinesis-mapping.ts), against
 * a real Kinesis endpoint (kinesalite, in this process) with consumers that answer as told. The rule it must play,
 * from the Lambda docs on Kinesis partial batch responses (wire-formats §7): an empty batchItemFailures finishes the
 * batch; otherwise the checkpoint goes before the LOWEST sequence number listed and the records from there come again;
 * a malformed or unknown identifier, or a thrown error, sends the whole batch again; bounded retries, then given up.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { KinesisEventSourceMapping, type KinesisConsumer } from '../../local/kinesis-mapping.js';

let server: Server;
let client: KinesisClient;
let streams = 0;

beforeAll(async () => {
  const kinesalite = createRequire(import.meta.url)('kinesalite') as (options: object) => Server;
  server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: new NodeHttpHandler() });
});
afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** A fresh one-shard stream holding records "r0".."r<n-1>" in order; its ARN. */
async function streamOf(count: number): Promise<string> {
  const name = `mapping-${++streams}`;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  let arn: string | undefined;
  while (!arn) {
    const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
    if (summary?.StreamStatus === 'ACTIVE') arn = summary.StreamARN;
  }
  for (let i = 0; i < count; i++) await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(`r${i}`) }));
  return arn;
}

const dataOf = (event: KinesisStreamEvent) => event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString());

/** Runs a mapping over `count` records with a consumer that answers the n-th invocation with answers[n]. */
async function play(count: number, answers: Array<(event: KinesisStreamEvent) => unknown>, options: { batchSize?: number; maxRetries?: number } = {}) {
  const streamArn = await streamOf(count);
  const seen: string[][] = [];
  const consumer: KinesisConsumer = async (event) => {
    seen.push(dataOf(event));
    const answer = answers[seen.length - 1] ?? (() => ({ batchItemFailures: [] }));
    return answer(event);
  };
  const mapping = new KinesisEventSourceMapping(client, consumer, { streamArn, region: 'us-east-1', batchSize: options.batchSize ?? 100, maxRetries: options.maxRetries ?? 3, invokeIdentityArn: 'arn:aws:iam::123456789012:role/r' });
  await mapping.drain();
  return { seen, totals: mapping.totals };
}

const listing = (...indexes: number[]) => (event: KinesisStreamEvent) => ({ batchItemFailures: indexes.map((i) => ({ itemIdentifier: event.Records[i]?.kinesis.sequenceNumber })) });

it('writes the Lambda Kinesis event: base64 data, the shard in eventID, the stream ARN', async () => {
  const streamArn = await streamOf(1);
  let event: KinesisStreamEvent | undefined;
  await new KinesisEventSourceMapping(client, async (e) => void (event = e), { streamArn, region: 'us-east-1', batchSize: 10, maxRetries: 0, invokeIdentityArn: 'arn:aws:iam::123456789012:role/r' }).drain();
  const record = event?.Records[0];
  expect(record).toMatchObject({ eventSource: 'aws:kinesis', eventName: 'aws:kinesis:record', eventVersion: '1.0', eventSourceARN: streamArn, awsRegion: 'us-east-1', kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k', data: Buffer.from('r0').toString('base64') } });
  expect(record?.eventID).toBe(`shardId-000000000000:${record?.kinesis.sequenceNumber}`);
});

it('an empty answer finishes the batch; batches follow each other at the batch size', async () => {
  const { seen, totals } = await play(5, [], { batchSize: 2 });
  expect(seen).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4']]);
  expect(totals).toEqual({ invocations: 3, recordsDelivered: 5, threw: 0, partial: 0, recordsGivenUp: 0 });
});

it('records listed: reading starts again at the lowest one listed, the records after it included', async () => {
  const { seen, totals } = await play(5, [listing(3, 2)]);
  expect(seen).toEqual([['r0', 'r1', 'r2', 'r3', 'r4'], ['r2', 'r3', 'r4']]);
  expect(totals.partial).toBe(1);
});

it('a thrown error or an identifier not in the batch sends the whole batch again', async () => {
  const thrown = await play(3, [() => Promise.reject(new Error('boom'))]);
  expect(thrown.seen).toEqual([['r0', 'r1', 'r2'], ['r0', 'r1', 'r2']]);
  const unknown = await play(3, [() => ({ batchItemFailures: [{ itemIdentifier: '12345' }] })]);
  expect(unknown.seen).toEqual([['r0', 'r1', 'r2'], ['r0', 'r1', 'r2']]);
  const malformed = await play(3, [() => ({ batchItemFailures: [{ itemIdentifier: '' }] })]);
  expect(malformed.seen).toHaveLength(2);
});

it('a batch that keeps failing is given up after the retries, and reading goes on after it', async () => {
  const fail = listing(0);
  const { seen, totals } = await play(3, [fail, fail, fail], { batchSize: 2, maxRetries: 2 });
  expect(seen).toEqual([['r0', 'r1'], ['r0', 'r1'], ['r0', 'r1'], ['r2']]);
  expect(totals.recordsGivenUp).toBe(2);
});
