/**
 * The poller when AWS misbehaves: throttling and AccessDenied. moto cannot answer with those, so the SDK clients are
 * stubbed with aws-sdk-client-mock here (the happy path runs against moto in poller.test.ts). The intake is real.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { startIntake, type Intake } from '../../../intake/index.js';
import { createPollerHandler } from '../../../forwarder/poller/handler.js';
import { readMetricData } from '../../../forwarder/poller/aws-reads.js';
import { planQueries } from '../../../forwarder/poller/queries.js';
import { API_KEY, captureOutput, forwarderEnv, lambdaContext } from '../handler/support.js';
import { platformNames } from '../../../forwarder/metric-names.js';

/** The poller's metric names under the default naming (aws.lambda.enhanced.throttles, ...). */
const CW = platformNames().cloudwatch;

const MINUTE_S = 60;
const NOW_MS = Math.floor(Date.now() / 60_000) * 60_000 + 20_000;
const T = Math.floor(NOW_MS / 60_000) * MINUTE_S - 2 * MINUTE_S; // a minute inside the window, epoch seconds
const awsError = (name: string) => Object.assign(new Error(`${name} from AWS`), { name, $metadata: {} });

const cloudWatch = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
let intake: Intake;
let output: ReturnType<typeof captureOutput>;

/** Answers every query of a call with one point: the function's index as the value. */
function answerAll(input: GetMetricDataCommandInput) {
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({ Id: q.Id, Timestamps: [new Date(T * 1000)], Values: [Number(q.Id!.slice(1, q.Id!.indexOf('_')))], StatusCode: 'Complete' as const })),
  };
}

function poller(env: Record<string, string>) {
  return createPollerHandler({
    env: forwarderEnv(intake.url, env),
    clients: { cloudWatch: new CloudWatchClient({ region: 'us-east-1' }), lambda: new LambdaClient({ region: 'us-east-1' }), tagging: new ResourceGroupsTaggingAPIClient({ region: 'us-east-1' }) },
    now: () => NOW_MS,
    sleep: async () => undefined,
  });
}

beforeEach(async () => {
  cloudWatch.reset();
  lambda.reset();
  tagging.reset();
  output = captureOutput();
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS });
});
afterEach(async () => {
  output.restore();
  await intake.stop();
});

test('a throttled GetMetricData batch is counted; the other batches are still shipped; no crash', async () => {
  // Zero-padded, so the sorted order is the numeric order: fn-200's queries are 600-602, in the second batch.
  const names = Array.from({ length: 400 }, (_, i) => `fn-${String(i).padStart(3, '0')}`);
  cloudWatch.on(GetMetricDataCommand).callsFakeOnce(answerAll).rejectsOnce(awsError('ThrottlingException')).callsFake(answerAll);
  const summary = await poller({ FUNCTION_NAMES: names.join(',') })({}, lambdaContext());

  expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(3);
  expect(summary.errors).toEqual({ 'get_metric_data:throttled': 1 });
  // Batch 1 (queries 0-499 = functions 0-166, 2 of 167's metrics) and batch 3 (queries 1000-1199) arrived; batch 2 did not.
  expect(summary.points).toBe(700);
  expect(intake.store.seriesValues(CW.Throttles, { functionname: 'fn-000' })).toHaveLength(1);
  expect(intake.store.seriesValues(CW.Throttles, { functionname: 'fn-200' })).toEqual([]);
  expect(intake.store.seriesValues(CW.ConcurrentExecutions, { functionname: 'fn-399' }).map((p) => p.value)).toEqual([399]);
  // Counted where Datadog sees it too.
  expect(intake.store.distributionValues('forwarder.poller_errors', { api: 'get_metric_data', reason: 'throttled' })).toEqual([1]);
  expect(output.lines().find((l) => l.level === 'ERROR')).toMatchObject({ errors: { 'get_metric_data:throttled': 1 } });
});

test('AccessDenied on ListFunctions: nothing to poll, counted and shipped as forwarder.poller_errors, no throw', async () => {
  lambda.on(ListFunctionsCommand).rejects(awsError('AccessDeniedException'));
  const summary = await poller({ FUNCTION_PREFIX: 'shop' })({}, lambdaContext());
  expect(summary).toMatchObject({ functions: 0, points: 0, errors: { 'list_functions:access_denied': 1 } });
  expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  expect(intake.store.distributionValues('forwarder.poller_errors', { api: 'list_functions', reason: 'access_denied' })).toEqual([1]);
});

test('a throttle on the second page of GetResources keeps the functions of the first page', async () => {
  const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  tagging
    .on(GetResourcesCommand)
    .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: arn('a'), Tags: [{ Key: 'team', Value: 'x' }] }, { ResourceARN: arn('wrongtag'), Tags: [{ Key: 'team', Value: 'y' }] }], PaginationToken: 'next' })
    .rejectsOnce(awsError('ThrottlingException'));
  cloudWatch.on(GetMetricDataCommand).callsFake(answerAll);
  const summary = await poller({ TAG_FILTER: 'team=x' })({}, lambdaContext());
  expect(summary).toMatchObject({ functions: 1, errors: { 'get_resources:throttled': 1 } });
  expect(intake.store.seriesValues(CW.Throttles, { functionname: 'a' })).toHaveLength(1);
});

test('GetMetricData pages (NextToken) are followed and a query’s points across pages are joined', async () => {
  // moto never splits an answer into pages, hence the stub.
  cloudWatch
    .on(GetMetricDataCommand)
    .resolvesOnce({ MetricDataResults: [{ Id: 'q0_t', Timestamps: [new Date(T * 1000)], Values: [1] }], NextToken: 'page2' })
    .resolvesOnce({ MetricDataResults: [{ Id: 'q0_t', Timestamps: [new Date((T + 60) * 1000)], Values: [2] }] });
  const read = await readMetricData(new CloudWatchClient({ region: 'us-east-1' }), planQueries(['a']), { startSec: T - 600, endSec: T + 120 });
  expect(read.calls).toBe(2);
  expect(cloudWatch.commandCalls(GetMetricDataCommand)[1]!.args[0].input.NextToken).toBe('page2');
  expect(read.value).toEqual([{ id: 'q0_t', timestampsMs: [T * 1000, (T + 60) * 1000], values: [1, 2] }]);
});

test('the intake down: the poll does not throw, the failure is logged (the next run re-reads these minutes)', async () => {
  cloudWatch.on(GetMetricDataCommand).callsFake(answerAll);
  intake.faults.down();
  const summary = await poller({ FUNCTION_NAMES: 'a', FORWARDER_MAX_ATTEMPTS: '2' })({}, lambdaContext());
  expect(summary.payloads.acked).toBe(0);
  expect(summary.payloads.failed).toBeGreaterThan(0);
  expect(output.lines().some((l) => l.level === 'ERROR')).toBe(true);
});
