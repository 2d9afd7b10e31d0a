/**
 * The failure store and the replay, end to end: the real forwarder handler and replay handler, moto S3 and the local
 * intake. One clock (`clock.ms`) is shared by the forwarder, the replay and the intake; waits between retries are
 * instant (sleep is a no-op), so nothing here depends on wall-clock time.
 */
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startIntake, type Intake } from '../../../intake/index.js';
import { createHandler } from '../../../forwarder/handler.js';
import { createS3FailureSink } from '../../../forwarder/failures/s3-sink.js';
import { platformNames } from '../../../forwarder/metric-names.js';
import { failureSinkFromEnv } from '../../../forwarder/failures/from-env.js';
import { createReplayHandler } from '../../../forwarder/replay/handler.js';
import { buildPayloads } from '../../../forwarder/ship/payloads.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { Monitoring } from '../fixtures/lines.js';
import { realisticMinute, type Minute } from '../handler/realistic-batch.js';
import { API_KEY, captureOutput, forwarderEnv, lambdaContext, MINUTE_MS, NOW_MS } from '../handler/support.js';
import { awsClientConfig, startMoto, type Moto } from '../../support/moto.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const BUCKET = 'dd-failures';
const DIST = '/api/v1/distribution_points';
const custom = { functionname: 'checkout-api', env: 'prod' };

let moto: Moto;
let s3: S3Client;
let intake: Intake;
let output: ReturnType<typeof captureOutput>;
const clock = { ms: NOW_MS };

/** A batch with all three kinds: a realistic minute (distributions), a gauge (series) and a check. */
function mixedBatch(): { event: ReturnType<typeof toAwslogsEvent>; minute: Minute } {
  const minute = realisticMinute(40, MINUTE_MS, 3);
  const extra = [Monitoring.json, Monitoring.check].map((message, i) => ({ message, timestamp: MINUTE_MS + 30_000 + i }));
  return { event: toAwslogsEvent(dataPayload([...minute.messages, ...extra])), minute };
}

const env = (extra: Record<string, string> = {}) => forwarderEnv(intake.url, { FORWARDER_MAX_ATTEMPTS: '2', FAILURE_BUCKET: BUCKET, ...extra });
const logger = { error: () => undefined };
const replay = (client: Pick<S3Client, 'send'> = s3) => createReplayHandler({ env: env({ AWS_LAMBDA_FUNCTION_NAME: 'dd-replay' }), s3: client, now: () => clock.ms, sleep: async () => undefined });

async function storedKeys(prefix = 'failed/'): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

function expectExactMinute(minute: Minute): void {
  expect(intake.store.distributionTotals(P.Invocations, { functionname: 'checkout-api' }).sum).toBe(minute.truth.invocations);
  expect(intake.store.distributionTotals('orders.placed', custom).sum).toBe(minute.truth.ordersPlaced);
  expect(intake.store.distributionValues('checkout.latency', custom).sort((a, b) => a - b)).toEqual([...minute.truth.latencies].sort((a, b) => a - b));
  expect(intake.store.seriesValues('queue.depth', { queue: 'orders' }).map((p) => p.value)).toEqual([42]);
  expect(intake.store.checkRuns('payments.provider_up')).toHaveLength(1);
}

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client(awsClientConfig(moto.endpoint));
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  clock.ms = NOW_MS;
  output = captureOutput();
  await moto.reset();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => clock.ms });
});
afterEach(async () => {
  output.restore();
  await intake.stop();
});

/** Intake down → the forwarder stores everything (and succeeds) → intake back. Returns the minute's truth. */
async function storeWhileDown(): Promise<Minute> {
  const { event, minute } = mixedBatch();
  intake.faults.down();
  const sink = createS3FailureSink({ client: s3, bucket: BUCKET, logger, now: () => clock.ms });
  const calls: Array<Parameters<typeof sink.store>> = [];
  const recording = { durable: true, store: (...args: Parameters<typeof sink.store>) => (calls.push(args), sink.store(...args)) };
  const handler = createHandler({ env: env(), failureSink: recording, now: () => clock.ms, sleep: async () => undefined });
  const summary = await handler(event, lambdaContext());
  // Three data payloads (distributions, series, checks) + the self metrics: all stored, none acknowledged, no throw.
  expect(summary.payloads).toMatchObject({ sent: 3, acked: 0, failed: 3, stored: 4 });
  expect(await storedKeys()).toHaveLength(4);
  // The same payloads of the same invocation stored again (e.g. a retry of it) land on the same keys: no new object.
  for (const args of calls) await sink.store(...args);
  expect(await storedKeys()).toHaveLength(4);
  intake.faults.up();
  return minute;
}

test('intake down → stored → intake up → replay: exact totals, bucket empty; a second replay sends nothing', async () => {
  const minute = await storeWhileDown();
  expect(intake.store.distributionValues('orders.placed')).toEqual([]);

  clock.ms += 5 * 60_000; // the scheduled replay, five minutes later
  const report = await replay()({}, lambdaContext());
  expect(report).toMatchObject({ listed: 4, replayed: 4, failed: 0, expiredPayloads: 0, deleteErrors: 0, selfMetrics: 'acked' });
  expectExactMinute(minute);
  expect(await storedKeys()).toEqual([]);
  // The forwarder's own counts of that invocation arrive too (stored with the rest), and the replay's own.
  expect(intake.store.distributionTotals('forwarder.stored', { functionname: 'dd-forwarder' }).sum).toBeGreaterThan(0);
  expect(intake.store.distributionValues('forwarder.replayed', { functionname: 'dd-replay' })).toEqual([4]);

  const requestsBefore = intake.store.requests().length;
  const again = await replay()({}, lambdaContext());
  expect(again).toMatchObject({ listed: 0, replayed: 0 });
  expect(intake.store.requests().length).toBe(requestsBefore); // an empty bucket sends nothing, not even self metrics
  expectExactMinute(minute);
});

test('replay while the intake is still down: nothing deleted, nothing lost; the next replay delivers once', async () => {
  const minute = await storeWhileDown();
  intake.faults.down();
  const failed = await replay()({}, lambdaContext());
  expect(failed).toMatchObject({ listed: 4, replayed: 0, failed: 4 });
  expect(await storedKeys()).toHaveLength(4);
  intake.faults.up();
  await replay()({}, lambdaContext());
  expectExactMinute(minute);
  expect(await storedKeys()).toEqual([]);
});

test('replay interrupted after the 202, before the delete: at-least-once (series and checks exact, distributions twice)', async () => {
  const minute = await storeWhileDown();
  // A replay that "dies" right after each 202: its deletes never happen.
  const crashBeforeDelete: Pick<S3Client, 'send'> = {
    send: ((command: unknown) => {
      if (command instanceof DeleteObjectCommand) return Promise.reject(Object.assign(new Error('killed'), { name: 'InvocationKilled' }));
      return s3.send(command as never);
    }) as S3Client['send'],
  };
  const interrupted = await replay(crashBeforeDelete)({}, lambdaContext());
  expect(interrupted).toMatchObject({ replayed: 4, deleteErrors: 4 });
  expectExactMinute(minute);

  await replay()({}, lambdaContext());
  expect(await storedKeys()).toEqual([]);
  // The documented cost of at-least-once: series keep the last value per second, check runs just repeat a status …
  expect(intake.store.seriesValues('queue.depth', { queue: 'orders' }).map((p) => p.value)).toEqual([42]);
  expect(intake.store.latestChecks('payments.provider_up').map((c) => c.status)).toEqual([2]);
  // … and distribution values sent twice count twice.
  expect(intake.store.distributionTotals('orders.placed', custom).sum).toBe(2 * minute.truth.ordersPlaced);
});

test('points too old by replay time are dropped and counted as expired; an emptied object is deleted', async () => {
  const minute = await storeWhileDown();
  // 70 minutes after the fixture minute: the batch's points (all in that minute) are over an hour old; the
  // forwarder's self metrics (stamped at NOW_MS, two minutes later) are not yet.
  clock.ms = MINUTE_MS + 61 * 60_000 + 30_000;
  const report = await replay()({}, lambdaContext());
  expect(report).toMatchObject({ listed: 4, expiredPayloads: 3, replayed: 1 });
  expect(report.expiredPoints.distributions).toBeGreaterThanOrEqual(minute.truth.invocations);
  expect(report.expiredPoints).toMatchObject({ series: 1, checks: 1 });
  expect(await storedKeys()).toEqual([]);
  expect(intake.store.distributionValues('orders.placed')).toEqual([]);
  expect(intake.store.droppedPoints()).toEqual([]); // nothing was sent for Datadog to drop silently
  expect(intake.store.distributionValues('forwarder.expired', { kind: 'series' })).toEqual([1]);
  expect(intake.store.distributionValues('forwarder.expired', { kind: 'distributions' })).toEqual([report.expiredPoints.distributions]);
});

test('an S3 put that fails is logged loudly and counted; with nothing stored and nothing delivered the batch is retried', async () => {
  const { event } = mixedBatch();
  intake.faults.down();
  const errors: Array<Record<string, unknown>> = [];
  const sink = createS3FailureSink({ client: s3, bucket: 'no-such-bucket', logger: { error: (_m, attributes) => errors.push(attributes) } });
  const handler = createHandler({ env: env(), failureSink: sink, now: () => clock.ms, sleep: async () => undefined });
  await expect(handler(event, lambdaContext())).rejects.toThrow(/Nothing was delivered/);
  expect(sink.storeErrors()).toBe(3);
  expect(errors).toHaveLength(3);
  expect(errors[0]).toMatchObject({ bucket: 'no-such-bucket', error: 'NoSuchBucket', status: 404 });
  expect(JSON.stringify(errors)).not.toContain(API_KEY);
});

test('an object that is not a failure record is moved aside, not sent', async () => {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'failed/series/junk.json', Body: '{"hello":1}' }));
  const report = await replay()({}, lambdaContext());
  expect(report).toMatchObject({ listed: 1, unreadable: 1, replayed: 0 });
  expect(await storedKeys()).toEqual([]);
  expect(await storedKeys('unreadable/')).toEqual(['unreadable/failed/series/junk.json']);
  expect(intake.store.requests(DIST)).toHaveLength(0);
});

test('FAILURE_BUCKET picks the durable S3 sink (and FAILURE_PREFIX its prefix); without it there is none', async () => {
  expect(failureSinkFromEnv({}, logger)).toBeUndefined();
  const sink = failureSinkFromEnv({ FAILURE_BUCKET: BUCKET, FAILURE_PREFIX: 'dd' }, logger, s3)!;
  expect(sink.durable).toBe(true);
  const { event } = mixedBatch();
  intake.faults.down();
  const summary = await createHandler({ env: env(), failureSink: sink, now: () => clock.ms, sleep: async () => undefined })(event, lambdaContext());
  expect(summary.payloads.stored).toBe(4);
  expect(await storedKeys('dd/')).toHaveLength(4);
});

test('a payload with some points expired is re-encoded: the fresh points go out, the old ones are counted', async () => {
  const nowSec = Math.floor(clock.ms / 1000);
  const [payload] = buildPayloads({
    distributions: [{ metric: 'jobs.done', type: 'distribution', points: [[nowSec - 4_000, [5]], [nowSec - 30, [1, 2]]], tags: ['env:prod'] }],
    series: [],
    checks: [],
  }).payloads;
  const sink = createS3FailureSink({ client: s3, bucket: BUCKET, logger });
  expect(await sink.store([payload!], { requestId: 'r-1', functionName: 'jobs', ackedPayloads: 0, ackedPoints: 0, failedPoints: 3, reasons: [] })).toMatchObject({ stored: 1 });
  const report = await replay()({}, lambdaContext());
  expect(report).toMatchObject({ replayed: 1, pointsReplayed: 2, expiredPoints: { distributions: 1 } });
  expect(intake.store.distributionOverTime('jobs.done').map((p) => [p.timestamp, p.count, p.sum])).toEqual([[nowSec - 30, 2, 3]]);
  expect(await storedKeys()).toEqual([]);
});

test('payloads the S3 store could not keep are counted as forwarder.store_errors beside the rest of the batch', async () => {
  const { event, minute } = mixedBatch();
  // The series and the check are refused for good (400); the distributions and the self metrics get through.
  intake.faults.inject({ kind: 'status', status: 400, endpoint: '/api/v2/series' });
  intake.faults.inject({ kind: 'status', status: 400, endpoint: '/api/v1/check_run' });
  const sink = createS3FailureSink({ client: s3, bucket: 'no-such-bucket', logger });
  const summary = await createHandler({ env: env(), failureSink: sink, now: () => clock.ms, sleep: async () => undefined })(event, lambdaContext());
  expect(summary.payloads).toMatchObject({ acked: 1, failed: 2, stored: 0 });
  expect(intake.store.distributionTotals('orders.placed', custom).sum).toBe(minute.truth.ordersPlaced);
  expect(intake.store.distributionValues('forwarder.store_errors', { functionname: 'dd-forwarder' })).toEqual([2]);
});
