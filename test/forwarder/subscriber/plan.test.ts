/** The subscriber's pure decisions: settings, which log groups, what to do beside existing filters, which event. */
import { excludePattern, loadSubscriberConfig, logGroupOfFunctionArn } from '../../../forwarder/subscriber/config.js';
import { readSubscriberEvent } from '../../../forwarder/subscriber/event.js';
import { FORWARDER_FILTER_PATTERN } from '../../../forwarder/subscriber/filter-pattern.js';
import { planForLogGroup } from '../../../forwarder/subscriber/plan.js';

const FORWARDER = 'arn:aws:lambda:us-east-1:123456789012:function:dd-forwarder';
const OTHER = 'arn:aws:lambda:us-east-1:123456789012:function:other';
const config = loadSubscriberConfig({ DESTINATION_ARN: FORWARDER, EXCLUDE: 'test-*,/aws/lambda/legacy' });
const ours = (over: object = {}) => ({ filterName: config.filterName, destinationArn: FORWARDER, filterPattern: FORWARDER_FILTER_PATTERN, ...over });
const theirs = (name: string) => ({ filterName: name, destinationArn: OTHER, filterPattern: '' });

describe('settings', () => {
  test('defaults, and the own log group derived from the ARN (alias or version ignored)', () => {
    expect(config).toMatchObject({ filterName: 'lambda-dd-metrics-forwarder', logGroupPrefix: '/aws/lambda/', filterPattern: FORWARDER_FILTER_PATTERN, forwarderLogGroup: '/aws/lambda/dd-forwarder' });
    expect(logGroupOfFunctionArn(`${FORWARDER}:live`)).toBe('/aws/lambda/dd-forwarder');
    expect(logGroupOfFunctionArn('arn:aws:kinesis:us-east-1:123456789012:stream/s')).toBeUndefined();
  });

  test('FORWARDER_LOG_GROUP overrides the derived one; FILTER_PATTERN and ROLE_ARN are taken as given', () => {
    const custom = loadSubscriberConfig({ DESTINATION_ARN: FORWARDER, FORWARDER_LOG_GROUP: '/custom/fwd', FILTER_PATTERN: '?MONITORING', ROLE_ARN: 'arn:aws:iam::123456789012:role/r' });
    expect(custom).toMatchObject({ forwarderLogGroup: '/custom/fwd', filterPattern: '?MONITORING', roleArn: 'arn:aws:iam::123456789012:role/r' });
  });

  test.each([
    [{}, 'DESTINATION_ARN is required'],
    [{ DESTINATION_ARN: 'dd-forwarder' }, 'DESTINATION_ARN is not an ARN'],
    [{ DESTINATION_ARN: FORWARDER, FILTER_PATTERN: '' }, 'FILTER_PATTERN is empty'],
    [{ DESTINATION_ARN: FORWARDER, FILTER_PATTERN: '?x '.repeat(400) }, 'CloudWatch allows 1024'],
    [{ DESTINATION_ARN: FORWARDER, FILTER_NAME: 'a:b' }, 'FILTER_NAME'],
  ])('%j → "%s"', (env, message) => {
    expect(() => loadSubscriberConfig(env)).toThrow(message);
  });

  test('EXCLUDE entries: function names or log group names, * as a wildcard, nothing else special', () => {
    expect(excludePattern('test-*', '/aws/lambda/').test('/aws/lambda/test-canary')).toBe(true);
    expect(excludePattern('test-*', '/aws/lambda/').test('/aws/lambda/prod-test-x')).toBe(false);
    expect(excludePattern('/aws/lambda/a.b', '/aws/lambda/').test('/aws/lambda/aXb')).toBe(false);
    expect(excludePattern('*-dev', '/aws/lambda/').test('/aws/lambda/api-dev')).toBe(true);
  });
});

describe('plan for one log group', () => {
  test.each([
    ['/ecs/x', [], 'not_matching'],
    ['/aws/lambda/dd-forwarder', [], 'own_log_group'],
    ['/aws/lambda/test-1', [], 'excluded'],
    ['/aws/lambda/legacy', [], 'excluded'],
    ['/aws/lambda/a', [], 'subscribed'],
    ['/aws/lambda/a', [theirs('x')], 'subscribed'],
    ['/aws/lambda/a', [theirs('x'), theirs('y')], 'no_free_slot'],
    ['/aws/lambda/a', [ours()], 'up_to_date'],
    ['/aws/lambda/a', [ours(), theirs('x')], 'up_to_date'],
    // Our filter with an old pattern or an old forwarder: updated in place, even when the other slot is taken.
    ['/aws/lambda/a', [ours({ filterPattern: '?REPORT' }), theirs('x')], 'updated'],
    ['/aws/lambda/a', [ours({ destinationArn: OTHER })], 'updated'],
    // Another filter already sends to the forwarder: a second one would double every line.
    ['/aws/lambda/a', [{ ...theirs('hand-made'), destinationArn: FORWARDER }], 'already_delivered'],
  ] as const)('%s with %j → %s', (group, existing, outcome) => {
    expect(planForLogGroup(group, existing, config).outcome).toBe(outcome);
  });

  test('put only when something must change', () => {
    expect(planForLogGroup('/aws/lambda/a', [], config).action).toBe('put');
    expect(planForLogGroup('/aws/lambda/a', [ours()], config).action).toBe('skip');
  });
});

describe('which run an event asks for', () => {
  test('CloudTrail CreateLogGroup through EventBridge names one log group', () => {
    const event = { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'CreateLogGroup', requestParameters: { logGroupName: '/aws/lambda/new' } } };
    expect(readSubscriberEvent(event)).toEqual({ kind: 'one', logGroupName: '/aws/lambda/new' });
  });

  test.each([
    [{ 'detail-type': 'Scheduled Event', detail: {} }],
    [{ detail: { eventName: 'DeleteLogGroup', requestParameters: { logGroupName: '/aws/lambda/x' } } }],
    [{ detail: { eventName: 'CreateLogGroup', requestParameters: {} } }],
    [{ detail: { eventName: 'CreateLogGroup', requestParameters: null } }],
    [null],
    ['text'],
    [{}],
  ])('anything else means all: %j', (event) => {
    expect(readSubscriberEvent(event)).toEqual({ kind: 'all' });
  });
});
