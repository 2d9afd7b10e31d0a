/** What the forwarder, poller and replay derive alike from their config and Lambda context. */
import { accountOf, ownMetricTags, shipOptionsFor } from '../../forwarder/lambda-context.js';
import { parseSettings } from '../../forwarder/config.js';

const config = { ddTags: ['team:platform', 'functionname:spoofed', 'env:prod', 'region:eu-west-1'], functionName: 'dd-poller', region: 'us-east-1' };

it("own metric tags: DD_TAGS without the Lambda's own keys, then its name, region and account, sorted", () => {
  expect(ownMetricTags(config, '123456789012')).toEqual(['account_id:123456789012', 'env:prod', 'functionname:dd-poller', 'region:us-east-1', 'team:platform']);
  expect(ownMetricTags(config, '')).toEqual(['env:prod', 'functionname:dd-poller', 'region:us-east-1', 'team:platform']);
});

it("the account comes from the Lambda's own ARN", () => {
  expect(accountOf({ invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd-poller' })).toBe('123456789012');
  expect(accountOf({ invokedFunctionArn: 'not-an-arn' })).toBe('');
});

it('ship options follow the config, the remaining time and only the timing hooks given', () => {
  let remaining = 5_000;
  const settings = { ...parseSettings({ AWS_REGION: 'us-east-1', DD_URL: 'http://127.0.0.1:9', FORWARDER_CONCURRENCY: '3' }), apiKey: 'k' };
  const sleep = async () => undefined;
  const options = shipOptionsFor(settings, { getRemainingTimeInMillis: () => remaining }, { sleep });
  expect(options).toMatchObject({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', concurrency: 3, sleep });
  expect('random' in options).toBe(false);
  remaining = 1_000;
  expect(options.remainingMs()).toBe(1_000);
});
