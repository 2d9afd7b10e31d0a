/**
 * The poller against moto (CloudWatch GetMetricData over AWS/Lambda data we put there ourselves, Lambda ListFunctions,
 * tagging GetResources) and the local intake. The clock is injected: the poller and the intake share `NOW_MS`.
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { startIntake, type Intake } from '../../../intake/index.js';
import { readMetricData } from '../../../forwarder/poller/aws-reads.js';
import { createPollerHandler, type PollSummary } from '../../../forwarder/poller/handler.js';
import { planQueries, pollWindow } from '../../../forwarder/poller/queries.js';
import { awsClientConfig, createLambdaRole, startMoto, type Moto } from '../../support/moto.js';
import { API_KEY, captureOutput, forwarderEnv, lambdaContext } from '../handler/support.js';
import { platformNames } from '../../../forwarder/metric-names.js';

/** The poller's metric names under the default naming (aws.lambda.enhanced.throttles, ...). */
const CW = platformNames().cloudwatch;

const MINUTE = 60_000;
// A recent minute (moto keeps what it is given; Datadog's window wants points under an hour old at NOW_MS).
const THIS_MINUTE_MS = Math.floor(Date.now() / MINUTE) * MINUTE;
const NOW_MS = THIS_MINUTE_MS + 30_000;
const minuteAgo = (n: number) => THIS_MINUTE_MS - n * MINUTE;
const sec = (ms: number) => ms / 1000;

let moto: Moto;
let cloudWatch: CloudWatchClient;
let lambda: LambdaClient;
let tagging: ResourceGroupsTaggingAPIClient;
let intake: Intake;
let output: ReturnType<typeof captureOutput>;

function datum(metric: string, fn: string, atMs: number, value: number): MetricDatum {
  return { MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: fn }], Timestamp: new Date(atMs), Value: value };
}
async function put(...data: MetricDatum[]): Promise<void> {
  await cloudWatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data }));
}

function poller(env: Record<string, string>) {
  return createPollerHandler({
    env: forwarderEnv(intake.url, env),
    clients: { cloudWatch, lambda, tagging },
    now: () => NOW_MS,
    sleep: async () => undefined,
  });
}
const run = (env: Record<string, string>): Promise<PollSummary> => poller(env)({}, lambdaContext());

beforeAll(async () => {
  moto = await startMoto();
  const config = awsClientConfig(moto.endpoint);
  cloudWatch = new CloudWatchClient(config);
  lambda = new LambdaClient(config);
  tagging = new ResourceGroupsTaggingAPIClient(config);
  // Checkout: throttled in three minutes (two data points in one of them: CloudWatch sums them), a Kinesis consumer
  // falling behind (several IteratorAge samples a minute: the maximum counts), concurrency.
  await put(
    datum('Throttles', 'Checkout', minuteAgo(4) + 5_000, 2),
    datum('Throttles', 'Checkout', minuteAgo(3) + 1_000, 4),
    datum('Throttles', 'Checkout', minuteAgo(3) + 40_000, 1),
    datum('Throttles', 'Checkout', minuteAgo(1) + 10_000, 7),
    datum('IteratorAge', 'Checkout', minuteAgo(2) + 1_000, 1_500),
    datum('IteratorAge', 'Checkout', minuteAgo(2) + 30_000, 42_000),
    datum('IteratorAge', 'Checkout', minuteAgo(2) + 50_000, 9_000),
    datum('ConcurrentExecutions', 'Checkout', minuteAgo(2) + 1_000, 12),
    datum('ConcurrentExecutions', 'Checkout', minuteAgo(2) + 2_000, 30),
    datum('Throttles', 'search', minuteAgo(2) + 1_000, 5),
    // Outside the 10-minute window: never read.
    datum('Throttles', 'search', minuteAgo(20), 100),
    // A function nobody asked for.
    datum('Throttles', 'other', minuteAgo(2), 9),
  );
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  output = captureOutput();
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS });
});
afterEach(async () => {
  output.restore();
  await intake.stop();
});

const checkout = { functionname: 'checkout' };
const points = (metric: string, tags: Record<string, string>) =>
  intake.store.seriesValues(metric, tags).map((p) => ({ timestamp: p.timestamp, value: p.value, kind: p.kind }));

test('each minute of each metric arrives as a series point: values, kinds, tags, timestamps in seconds', async () => {
  const summary = await run({ FUNCTION_NAMES: 'Checkout,search' });
  expect(summary).toMatchObject({ functions: 2, getMetricDataCalls: 1, errors: {}, payloads: { failed: 0 } });
  expect(summary.window).toEqual({ start: sec(minuteAgo(10)), end: sec(THIS_MINUTE_MS) });

  expect(points(CW.Throttles, checkout)).toEqual([
    { timestamp: sec(minuteAgo(4)), value: 2, kind: 'count' },
    { timestamp: sec(minuteAgo(3)), value: 5, kind: 'count' },
    { timestamp: sec(minuteAgo(1)), value: 7, kind: 'count' },
  ]);
  expect(points(CW.IteratorAge, checkout)).toEqual([{ timestamp: sec(minuteAgo(2)), value: 42_000, kind: 'gauge' }]);
  expect(points(CW.ConcurrentExecutions, checkout)).toEqual([{ timestamp: sec(minuteAgo(2)), value: 30, kind: 'gauge' }]);
  expect(points(CW.Throttles, { functionname: 'search' })).toEqual([{ timestamp: sec(minuteAgo(2)), value: 5, kind: 'count' }]);
  expect(intake.store.seriesValues(CW.Throttles, { functionname: 'other' })).toEqual([]);

  // The same tags as the forwarder's platform metrics: DD_TAGS + functionname (lowercase) + region + account_id + aws_account.
  const [first] = intake.store.seriesValues(CW.Throttles, checkout);
  expect(first!.tags).toEqual(['account_id:123456789012', 'aws_account:123456789012', 'env:test', 'functionname:checkout', 'region:us-east-1']);
  expect(intake.store.droppedPoints()).toEqual([]);
});

test('overlapping runs leave each minute once, with CloudWatch’s latest value (a late revision replaces, never adds)', async () => {
  const handler = poller({ FUNCTION_NAMES: 'Checkout' });
  await handler({}, lambdaContext());
  const firstRun = intake.store.seriesSum(CW.Throttles, checkout);
  expect(firstRun).toBe(2 + 5 + 7);

  // The same minutes read again: nothing doubles.
  await handler({}, lambdaContext());
  expect(intake.store.seriesSum(CW.Throttles, checkout)).toBe(firstRun);
  expect(intake.store.requests('/api/v2/series').filter((r) => r.status === 202)).toHaveLength(2);

  // CloudWatch publishes a late data point for minute -1: the next run sends the revised minute, which replaces.
  await put(datum('Throttles', 'Checkout', minuteAgo(1) + 50_000, 3));
  await handler({}, lambdaContext());
  expect(points(CW.Throttles, checkout)).toEqual([
    { timestamp: sec(minuteAgo(4)), value: 2, kind: 'count' },
    { timestamp: sec(minuteAgo(3)), value: 5, kind: 'count' },
    { timestamp: sec(minuteAgo(1)), value: 10, kind: 'count' },
  ]);
  expect(intake.store.seriesSum(CW.Throttles, checkout)).toBe(2 + 5 + 10);
  // (this test added a point to moto's data: later tests only read Checkout's gauges and search.)
});

describe('choosing functions', () => {
  beforeAll(async () => {
    const role = await createLambdaRole(moto.endpoint);
    const create = (name: string, tags: Record<string, string>) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs24.x',
          Role: role,
          Handler: 'index.handler',
          Code: { ZipFile: new Uint8Array(Buffer.from('never run')) },
          Tags: tags,
        }),
      );
    await create('Checkout', { team: 'payments' });
    await create('search', { team: 'discovery' });
    await create('other', { team: 'payments' });
    await put(datum('Throttles', 'search-indexer', minuteAgo(2), 1));
  });

  test('by name prefix (ListFunctions)', async () => {
    const summary = await run({ FUNCTION_PREFIX: 'sea' });
    expect(summary.functions).toBe(1);
    expect(intake.store.seriesSum(CW.Throttles, { functionname: 'search' })).toBe(5);
    expect(intake.store.seriesValues(CW.Throttles, checkout)).toEqual([]);
  });

  test('by AWS tag (Resource Groups Tagging API GetResources)', async () => {
    const summary = await run({ TAG_FILTER: 'team=payments' });
    expect(summary).toMatchObject({ functions: 2, errors: {} });
    expect(intake.store.seriesValues(CW.IteratorAge, checkout).map((p) => p.value)).toEqual([42_000]);
    expect(intake.store.seriesSum(CW.Throttles, { functionname: 'other' })).toBe(9);
    expect(intake.store.seriesValues(CW.Throttles, { functionname: 'search' })).toEqual([]);
  });
});

test('400 functions × 3 metrics = 1,200 queries go out in 3 GetMetricData calls, and every answer is kept', async () => {
  const names = Array.from({ length: 400 }, (_, i) => `fn-${i}`);
  names[399] = 'search';
  const planned = planQueries(names);
  expect(planned).toHaveLength(1_200);
  const read = await readMetricData(cloudWatch, planned, pollWindow(NOW_MS, 10));
  expect(read.calls).toBe(3);
  expect(read.errors).toEqual([]);
  expect(read.value).toHaveLength(1_200);
  const searchThrottles = read.value.find((r) => r.id === 'q399_t');
  expect(searchThrottles).toEqual({ id: 'q399_t', timestampsMs: [minuteAgo(2)], values: [5] });
});

