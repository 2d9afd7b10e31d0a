/**
 * The subscriber against moto: real log groups and subscription filters (CreateLogGroup, DescribeLogGroups,
 * DescribeSubscriptionFilters, PutSubscriptionFilter). moto checks that a Lambda destination exists, so the forwarder
 * and a second destination are created as Docker-free functions. moto does not evaluate the filter pattern here
 * (nothing is delivered); filter-pattern.test.ts covers what the pattern keeps.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { FORWARDER_FILTER_PATTERN } from '../../../forwarder/subscriber/filter-pattern.js';
import { createSubscriberHandler } from '../../../forwarder/subscriber/handler.js';
import { awsClientConfig, createLambdaRole, startMoto, type Moto } from '../../support/moto.js';

let moto: Moto;
let logs: CloudWatchLogsClient;
let forwarderArn: string;
let otherArn: string;
const FILTER = 'dd-forwarder';

async function createFunction(name: string): Promise<string> {
  const lambda = new LambdaClient(awsClientConfig(moto.endpoint));
  const out = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs24.x',
      Role: await createLambdaRole(moto.endpoint),
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array(Buffer.from('never run')) },
    }),
  );
  return out.FunctionArn as string;
}

async function filtersOf(logGroupName: string): Promise<SubscriptionFilter[]> {
  return (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }))).subscriptionFilters ?? [];
}

async function putFilter(logGroupName: string, filterName: string, destinationArn: string, filterPattern = ''): Promise<void> {
  await logs.send(new PutSubscriptionFilterCommand({ logGroupName, filterName, destinationArn, filterPattern }));
}

async function createGroups(...names: string[]): Promise<void> {
  for (const logGroupName of names) await logs.send(new CreateLogGroupCommand({ logGroupName }));
}

function handlerFor(env: Record<string, string> = {}) {
  return createSubscriberHandler({
    env: { DESTINATION_ARN: forwarderArn, FILTER_NAME: FILTER, ...env },
    logs,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsClient(awsClientConfig(moto.endpoint));
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  forwarderArn = await createFunction('dd-forwarder');
  otherArn = await createFunction('someone-else');
});

test('the scheduled run subscribes what it should and leaves the rest alone', async () => {
  await createGroups(
    '/aws/lambda/checkout', // plain: subscribed
    '/aws/lambda/full', // two other filters: no free slot
    '/aws/lambda/one-other', // one other filter: subscribed beside it
    '/aws/lambda/stale', // our filter with an old pattern: updated
    '/aws/lambda/manual', // someone already delivers to the forwarder under another name: left alone
    '/aws/lambda/dd-forwarder', // the forwarder's own: never
    '/aws/lambda/test-canary', // excluded by pattern
    '/aws/lambda/legacy', // excluded by name
    '/ecs/not-a-lambda', // outside the prefix
  );
  await putFilter('/aws/lambda/full', 'a', otherArn);
  await putFilter('/aws/lambda/full', 'b', otherArn);
  await putFilter('/aws/lambda/one-other', 'theirs', otherArn, 'ERROR');
  await putFilter('/aws/lambda/stale', FILTER, forwarderArn, '?REPORT');
  await putFilter('/aws/lambda/manual', 'hand-made', forwarderArn);

  const summary = await handlerFor({ EXCLUDE: 'test-*, legacy' })({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });

  expect(summary).toMatchObject({ logGroups: 8, subscribed: 2, updated: 1, no_free_slot: 1, already_delivered: 1, own_log_group: 1, excluded: 2, failed: 0 });
  for (const group of ['/aws/lambda/checkout', '/aws/lambda/one-other', '/aws/lambda/stale']) {
    const ours = (await filtersOf(group)).filter((f) => f.filterName === FILTER);
    expect(ours).toEqual([expect.objectContaining({ destinationArn: forwarderArn, filterPattern: FORWARDER_FILTER_PATTERN })]);
  }
  expect((await filtersOf('/aws/lambda/one-other')).map((f) => f.filterName).sort()).toEqual([FILTER, 'theirs']);
  expect((await filtersOf('/aws/lambda/one-other')).find((f) => f.filterName === 'theirs')?.filterPattern).toBe('ERROR');
  expect((await filtersOf('/aws/lambda/full')).map((f) => f.filterName).sort()).toEqual(['a', 'b']);
  expect((await filtersOf('/aws/lambda/manual')).map((f) => f.filterName)).toEqual(['hand-made']);
  for (const untouched of ['/aws/lambda/dd-forwarder', '/aws/lambda/test-canary', '/aws/lambda/legacy', '/ecs/not-a-lambda']) {
    expect(await filtersOf(untouched)).toEqual([]);
  }
});

test('a second run changes nothing: every subscribed group is already up to date', async () => {
  await createGroups('/aws/lambda/a', '/aws/lambda/b');
  const handler = handlerFor();
  expect(await handler({})).toMatchObject({ subscribed: 2, up_to_date: 0 });
  expect(await handler({})).toMatchObject({ subscribed: 0, updated: 0, up_to_date: 2 });
});

test('the CloudTrail CreateLogGroup event subscribes that one log group only', async () => {
  await createGroups('/aws/lambda/new-fn', '/aws/lambda/older-fn');
  const event = {
    source: 'aws.logs',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventSource: 'logs.amazonaws.com', eventName: 'CreateLogGroup', requestParameters: { logGroupName: '/aws/lambda/new-fn' } },
  };
  const summary = await handlerFor()(event);
  expect(summary).toMatchObject({ logGroups: 1, subscribed: 1 });
  expect(await filtersOf('/aws/lambda/new-fn')).toHaveLength(1);
  expect(await filtersOf('/aws/lambda/older-fn')).toHaveLength(0);
});

test('the CloudTrail event for a log group outside the prefix does nothing; a vanished log group is counted as failed', async () => {
  const event = (logGroupName: string) => ({ detail: { eventName: 'CreateLogGroup', requestParameters: { logGroupName } } });
  await createGroups('/ecs/thing', '/aws/lambda/short-lived');
  expect(await handlerFor()(event('/ecs/thing'))).toMatchObject({ not_matching: 1, subscribed: 0 });
  await logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/short-lived' }));
  expect(await handlerFor()(event('/aws/lambda/short-lived'))).toMatchObject({ failed: 1 });
});

test('pages through more log groups than one DescribeLogGroups answer holds', async () => {
  const names = Array.from({ length: 57 }, (_, i) => `/aws/lambda/fn-${String(i).padStart(2, '0')}`);
  await createGroups(...names);
  const firstPage = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
  expect(firstPage.nextToken).toBeDefined(); // the run below really has to follow a token
  expect(await handlerFor()({})).toMatchObject({ logGroups: 57, subscribed: 57 });
  expect(await filtersOf('/aws/lambda/fn-56')).toHaveLength(1);
});

test('a wrong setting fails at cold start, naming it', () => {
  expect(() => createSubscriberHandler({ env: {}, logs })).toThrow('DESTINATION_ARN is required');
  expect(() => createSubscriberHandler({ env: { DESTINATION_ARN: forwarderArn, FILTER_PATTERN: ' ' }, logs })).toThrow('FILTER_PATTERN is empty');
});
