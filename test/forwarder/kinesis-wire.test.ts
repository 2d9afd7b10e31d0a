/**
 * The forwarder as a Kinesis consumer on a real wire: moto serves CloudWatch Logs and Kinesis, a subscription filter
 * delivers a log group into a stream, the records are read back with GetShardIterator/GetRecords the way Lambda's
 * event source mapping reads them (local/kinesis-mapping.ts), and the BUILT forwarder (dist/forwarder/index.js, in a
 * child process of its own, as deployed) is invoked with the Lambda Kinesis event. The local intake must then hold
 * exactly what the functions wrote.
 *
 * What moto 5.2.1 does (read in moto/logs/models.py and moto/kinesis/models.py, and checked below):
 * - PutLogEvents hands each call's events to every subscription filter of the group; for a Kinesis destination
 *   (`KinesisBackend.send_log_event`) it writes ONE record per call: the DATA_MESSAGE JSON (owner, logGroup,
 *   logStream, subscriptionFilters, messageType, logEvents), gzipped, with a random 32-character partition key.
 *   So the record's data is what real CloudWatch Logs writes: "The data attribute in the Kinesis record is Base64
 *   encoded and compressed with the gzip format" (CloudWatch Logs User Guide, "Subscription filters with Kinesis
 *   Data Streams", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html); GetRecords
 *   answers the gzip bytes and the event's `kinesis.data` is their base64, as for the real service.
 * - It differs from the real service in ways this test does not depend on: it ignores the filter pattern (every
 *   event is delivered), it writes no CONTROL_MESSAGE when the filter is created, log event ids are small numbers
 *   (0, 1, …) instead of 56-digit strings (the forwarder reads both), sequence numbers count 1, 2, … per shard, and a
 *   real subscription may group or split PutLogEvents calls differently. The event building needs no adaptation.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import { ForwarderMetric, platformNames } from '../../forwarder/metric-names.js';
import { startIntake, type Intake } from '../../intake/index.js';
import { KinesisEventSourceMapping, type KinesisConsumer } from '../../local/kinesis-mapping.js';
import { awsClientConfig, MOTO_ACCOUNT, MOTO_REGION, startMoto, type Moto } from '../support/moto.js';
import { realisticMinute } from './handler/realistic-batch.js';
import { API_KEY, FORWARDER_NAME } from './handler/support.js';

const P = platformNames().platform;
const BUNDLE = fileURLToPath(new URL('../../dist/forwarder/index.js', import.meta.url));
const FILTER = 'lambda-dd-metrics';
const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/cwl-to-kinesis`;

let moto: Moto;
let intake: Intake;
let kinesis: KinesisClient;
let logs: CloudWatchLogsClient;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  moto = await startMoto();
  // The Kinesis client speaks HTTP/2 by default; moto (like kinesalite) answers HTTP/1.1 only.
  const config = { ...awsClientConfig(moto.endpoint), requestHandler: new NodeHttpHandler() };
  kinesis = new KinesisClient(config);
  logs = new CloudWatchLogsClient(config);
}, 60_000);
beforeEach(async () => {
  await moto.reset();
  // Real time: the forwarder stamps points with its own clock, so the log events are from a minute ago.
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  await intake.stop();
});
afterAll(async () => {
  kinesis?.destroy();
  logs?.destroy();
  await moto?.stop();
});

/** The built forwarder in a Node process of its own, invoked over IPC: one process, many invocations, as Lambda keeps a warm one. */
function builtForwarder(env: Record<string, string> = {}): KinesisConsumer {
  const dir = mkdtempSync(join(tmpdir(), 'kinesis-wire-'));
  const script = join(dir, 'forwarder.cjs');
  writeFileSync(
    script,
    `const { handler } = require(${JSON.stringify(BUNDLE)});
let n = 0;
process.on('message', (event) => {
  const context = { awsRequestId: 'wire-' + ++n, functionName: '${FORWARDER_NAME}', getRemainingTimeInMillis: () => 60000 };
  handler(event, context).then((answer) => process.send({ answer }), (error) => process.send({ error: String(error && error.message) }));
});
`,
  );
  const child = fork(script, [], {
    env: {
      PATH: process.env.PATH ?? '',
      DD_API_KEY: API_KEY,
      DD_URL: intake.url,
      AWS_REGION: MOTO_REGION,
      AWS_LAMBDA_FUNCTION_NAME: FORWARDER_NAME,
      DD_FETCH_LAMBDA_TAGS: 'false',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  return (event: KinesisStreamEvent) =>
    new Promise((resolve, reject) => {
      const died = (code: number | null) => reject(new Error(`the forwarder process exited (${code}) before answering`));
      child.once('exit', died);
      child.once('message', (reply) => {
        child.off('exit', died);
        const { answer, error } = reply as { answer?: unknown; error?: string };
        if (error !== undefined) reject(new Error(error));
        else resolve(answer);
      });
      child.send(event);
    });
}

/** A stream, and log groups subscribed to it through a per-group subscription filter (what moto delivers). */
async function subscribedStream(name: string, shards: number, groups: readonly string[]): Promise<string> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
  const streamArn = summary.StreamDescriptionSummary?.StreamARN as string;
  for (const group of groups) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: LOG_STREAM }));
    await logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: FILTER, filterPattern: '', destinationArn: streamArn, roleArn: ROLE }));
  }
  return streamArn;
}
const LOG_STREAM = '2026/01/15/[$LATEST]94fa867e5374431291a7fc14e2f56ae7';

async function putLogEvents(group: string, events: ReadonlyArray<{ message: string; timestamp: number }>): Promise<void> {
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: LOG_STREAM, logEvents: [...events] }));
}

function mapping(streamArn: string, consumer: KinesisConsumer, maxRetries = 3): KinesisEventSourceMapping {
  return new KinesisEventSourceMapping(kinesis, consumer, { streamArn, region: MOTO_REGION, batchSize: 100, maxRetries, invokeIdentityArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/lambda-dd-forwarder` });
}

/** Every record of a one-shard stream, as GetRecords answers them. */
async function recordsOf(streamArn: string): Promise<Uint8Array[]> {
  const shard = (await kinesis.send(new ListShardsCommand({ StreamARN: streamArn }))).Shards?.[0]?.ShardId;
  const iterator = await kinesis.send(new GetShardIteratorCommand({ StreamARN: streamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
  const out = await kinesis.send(new GetRecordsCommand({ StreamARN: streamArn, ShardIterator: iterator.ShardIterator }));
  return (out.Records ?? []).map((r) => r.Data as Uint8Array);
}

/** Two functions' minute a minute ago, a gauge, a check and one wrong line; PutLogEvents calls and the truth. */
function accountMinute() {
  const minuteMs = Math.floor((Date.now() - 90_000) / 60_000) * 60_000;
  const second = Math.floor(minuteMs / 1000) + 30;
  const checkout = realisticMinute(30, minuteMs, 3);
  const billing = realisticMinute(20, minuteMs, 5);
  const extra = [
    `MONITORING|${second}|42|gauge|queue.depth|#queue:orders\n`,
    `MONITORING|${second}|2|check|payments.provider_up|#provider:stripe\n`,
    `MONITORING|${second}|1|meter|orders.placed\n`, // refused by the grammar: bad_type
  ].map((message, i) => ({ message, timestamp: minuteMs + 59_000 + i }));
  const half = checkout.messages.length / 2;
  const calls = [
    { group: '/aws/lambda/checkout-api', events: checkout.messages.slice(0, half) },
    { group: '/aws/lambda/checkout-api', events: checkout.messages.slice(half) },
    { group: '/aws/lambda/billing-api', events: [...billing.messages, ...extra] },
  ];
  return { calls, checkout: checkout.truth, billing: billing.truth, events: calls.reduce((n, c) => n + c.events.length, 0) };
}

/** The intake holds each count once, each histogram value once, each invocation once; the forwarder's own counts agree. */
function expectExact(minute: ReturnType<typeof accountMinute>): void {
  const { store } = intake;
  for (const [fn, truth] of [['checkout-api', minute.checkout], ['billing-api', minute.billing]] as const) {
    const tags = { functionname: fn };
    expect(store.distributionTotals('orders.placed', { ...tags, env: 'prod' }).sum).toBe(truth.ordersPlaced);
    expect(store.distributionValues('checkout.latency', tags).sort((a, b) => a - b)).toEqual([...truth.latencies].sort((a, b) => a - b));
    expect(store.distributionTotals(P.Invocations, tags).sum).toBe(truth.invocations);
    expect(store.distributionTotals(P.Duration, tags).count).toBe(truth.invocations);
  }
  expect(store.seriesValues('queue.depth').map((p) => p.value)).toEqual([42]);
  expect(store.checkRuns('payments.provider_up').map((c) => c.status)).toEqual([2]);
  const own = (metric: string, tags: Record<string, string> = {}) => store.distributionTotals(metric, { functionname: FORWARDER_NAME, ...tags }).sum;
  expect(own(ForwarderMetric.Batches)).toBe(minute.calls.length);
  expect(own(ForwarderMetric.Events)).toBe(minute.events);
  expect(own(ForwarderMetric.Rejected, { reason: 'bad_type' })).toBe(1);
  expect(store.droppedPoints()).toEqual([]);
}

it('a subscription filter into a stream: moto writes one gzipped DATA_MESSAGE record per PutLogEvents call', async () => {
  const streamArn = await subscribedStream('wire-shape', 1, ['/aws/lambda/checkout-api']);
  await putLogEvents('/aws/lambda/checkout-api', [{ message: 'START RequestId: a Version: $LATEST\n', timestamp: Date.now() - 60_000 }]);
  await putLogEvents('/aws/lambda/checkout-api', [{ message: 'END RequestId: a\n', timestamp: Date.now() - 59_000 }]);
  const records = await recordsOf(streamArn);
  expect(records).toHaveLength(2);
  for (const data of records) expect([...data.subarray(0, 2)]).toEqual([0x1f, 0x8b]); // gzip's magic number
}, 60_000);

it('two log groups through a two-shard stream, read as the mapping reads them: the intake holds exact totals', async () => {
  const minute = accountMinute();
  const streamArn = await subscribedStream('wire-account', 2, ['/aws/lambda/checkout-api', '/aws/lambda/billing-api']);
  for (const call of minute.calls) await putLogEvents(call.group, call.events);
  // A record no CloudWatch Logs wrote (a producer's mistake): counted, passed over, never holding its shard.
  await kinesis.send(new PutRecordCommand({ StreamARN: streamArn, PartitionKey: 'stray', Data: Buffer.from('not gzip') }));

  const esm = mapping(streamArn, builtForwarder());
  await esm.drain();
  expect(esm.totals).toMatchObject({ recordsDelivered: minute.calls.length + 1, threw: 0, partial: 0, recordsGivenUp: 0 });
  expectExact(minute);
  expect(intake.store.distributionTotals(ForwarderMetric.Rejected, { functionname: FORWARDER_NAME, reason: 'bad_gzip' }).sum).toBe(1);
  // Read again from the checkpoint: nothing left, nothing delivered twice.
  expect(await esm.drain()).toBe(0);
  expectExact(minute);
}, 60_000);

it('intake down for the first delivery: every record listed, read again from the lowest, exact once it is up', async () => {
  const minute = accountMinute();
  const streamArn = await subscribedStream('wire-down', 1, ['/aws/lambda/checkout-api', '/aws/lambda/billing-api']);
  for (const call of minute.calls) await putLogEvents(call.group, call.events);

  const forwarder = builtForwarder({ FORWARDER_MAX_ATTEMPTS: '2' });
  const answers: unknown[] = [];
  intake.faults.down();
  const esm = mapping(streamArn, async (event) => {
    const answer = await forwarder(event);
    answers.push(answer);
    intake.faults.up(); // back for the redelivery
    return answer;
  });
  await esm.drain();
  expect(answers).toHaveLength(2);
  expect((answers[0] as { batchItemFailures: unknown[] }).batchItemFailures).toHaveLength(minute.calls.length);
  expect(answers[1]).toEqual({ batchItemFailures: [] });
  expect(esm.totals).toMatchObject({ invocations: 2, recordsDelivered: 2 * minute.calls.length, partial: 1, recordsGivenUp: 0 });
  expectExact(minute);
}, 60_000);
