/** The poller's pure parts: the window, query ids and batches, results → series, settings. */
import { ConfigError } from '../../../forwarder/config.js';
import { assertDatadogPayload } from '../../support/datadog-schema.js';
import { parsePollerSettings } from '../../../forwarder/poller/config.js';
import { inBatches, planQueries, pollWindow, toMetricDataQuery, toSeries, type SeriesContext } from '../../../forwarder/poller/queries.js';
import { platformNames } from '../../../forwarder/metric-names.js';

const context: SeriesContext = { names: platformNames('aws_lambda').cloudwatch, region: 'eu-west-1', accountId: '111122223333', ddTags: ['env:prod', 'region:forged', 'team:core'], nowSec: 1_800_000_030 };

test('the window is whole minutes, ending at the start of the current (incomplete) minute', () => {
  expect(pollWindow(1_800_000_030_500, 10)).toEqual({ startSec: 1_799_999_400, endSec: 1_800_000_000 });
  expect(pollWindow(1_800_000_000_000, 2)).toEqual({ startSec: 1_799_999_880, endSec: 1_800_000_000 });
});

test('1,200 queries make 3 batches of at most 500, in order, nothing lost', () => {
  const planned = planQueries(Array.from({ length: 400 }, (_, i) => `fn-${i}`));
  const batches = inBatches(planned);
  expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
  expect(batches.flat()).toEqual(planned);
  expect(inBatches([], 500)).toEqual([]);
  expect(inBatches([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
});

test('query ids are unique and valid CloudWatch ids; each query asks the right statistic at a 60 s period', () => {
  const planned = planQueries(['Checkout', 'my_fn-2']);
  const ids = planned.map((q) => q.id);
  expect(new Set(ids).size).toBe(6);
  for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9_]*$/);
  const byMetric = Object.fromEntries(planned.filter((q) => q.functionName === 'Checkout').map((q) => [q.metric.cloudWatchName, toMetricDataQuery(q).MetricStat]));
  expect(byMetric.Throttles).toMatchObject({ Stat: 'Sum', Period: 60, Metric: { Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: 'Checkout' }] } });
  expect(byMetric.IteratorAge).toMatchObject({ Stat: 'Maximum', Period: 60 });
  expect(byMetric.ConcurrentExecutions).toMatchObject({ Stat: 'Maximum', Period: 60 });
});

test('results become series: seconds, sorted points, count with interval for throttles, gauges for the rest', () => {
  const planned = planQueries(['Checkout']);
  const built = toSeries(
    planned,
    [
      { id: 'q0_t', timestampsMs: [1_800_000_000_000, 1_799_999_940_000], values: [3, 1] },
      { id: 'q0_i', timestampsMs: [1_799_999_940_000], values: [1234.5] },
      { id: 'q0_c', timestampsMs: [], values: [] },
      { id: 'unknown', timestampsMs: [1_800_000_000_000], values: [9] },
    ],
    context,
  );
  const tags = ['account_id:111122223333', 'aws_account:111122223333', 'env:prod', 'functionname:checkout', 'region:eu-west-1', 'team:core'];
  expect(built.series).toEqual([
    { metric: 'aws.lambda.iterator_age', type: 3, points: [{ timestamp: 1_799_999_940, value: 1234.5 }], tags, unit: 'millisecond' },
    { metric: 'aws.lambda.throttles', type: 1, interval: 60, points: [{ timestamp: 1_799_999_940, value: 1 }, { timestamp: 1_800_000_000, value: 3 }], tags },
  ]);
  expect(built.points).toBe(3);
});

test("by default the series are named aws.lambda.enhanced.*: the AWS integration's aws.lambda.throttles (and co.) stay its own", () => {
  const built = toSeries(planQueries(['checkout']), [{ id: 'q0_t', timestampsMs: [1_799_999_940_000], values: [2] }, { id: 'q0_c', timestampsMs: [1_799_999_940_000], values: [7] }], { ...context, names: platformNames().cloudwatch });
  expect(built.series.map((s) => [s.metric, s.type])).toEqual([['aws.lambda.enhanced.concurrent_executions', 3], ['aws.lambda.enhanced.throttles', 1]]);
});

test('a point outside Datadog’s window is counted, not sent; NaN is skipped', () => {
  const built = toSeries(planQueries(['a']), [{ id: 'q0_t', timestampsMs: [(context.nowSec - 3_700) * 1000, (context.nowSec - 60) * 1000, context.nowSec * 1000], values: [1, 2, NaN] }], context);
  expect(built.series[0]!.points).toEqual([{ timestamp: context.nowSec - 60, value: 2 }]);
  expect(built.dropped).toBe(1);
});

describe('settings', () => {
  test('exactly one way to choose functions', () => {
    expect(parsePollerSettings({ FUNCTION_NAMES: ' a, b ,a,' })).toEqual({ selector: { kind: 'names', names: ['a', 'b'] }, windowMinutes: 10 });
    expect(parsePollerSettings({ FUNCTION_PREFIX: 'shop-', POLL_WINDOW_MINUTES: '15' })).toEqual({ selector: { kind: 'prefix', prefix: 'shop-' }, windowMinutes: 15 });
    expect(parsePollerSettings({ TAG_FILTER: 'team = payments' }).selector).toEqual({ kind: 'tag', key: 'team', value: 'payments' });
    expect(() => parsePollerSettings({})).toThrow(/exactly one of FUNCTION_NAMES, FUNCTION_PREFIX or TAG_FILTER \(none is set\)/);
    expect(() => parsePollerSettings({ FUNCTION_NAMES: 'a', TAG_FILTER: 'a=b' })).toThrow(ConfigError);
  });
  test('bad values name the setting', () => {
    expect(() => parsePollerSettings({ TAG_FILTER: 'team' })).toThrow(/TAG_FILTER must be key=value/);
    expect(() => parsePollerSettings({ FUNCTION_NAMES: 'ok,not a name' })).toThrow(/FUNCTION_NAMES.*"not a name"/);
    expect(() => parsePollerSettings({ FUNCTION_PREFIX: 'a*' })).toThrow(/FUNCTION_PREFIX/);
    expect(() => parsePollerSettings({ FUNCTION_NAMES: 'a', POLL_WINDOW_MINUTES: '1' })).toThrow(/POLL_WINDOW_MINUTES.*2 to 60/);
    expect(() => parsePollerSettings({ FUNCTION_NAMES: 'a', POLL_WINDOW_MINUTES: '61' })).toThrow(/POLL_WINDOW_MINUTES/);
  });
});

test('the series body is accepted by Datadog’s own models (schema oracle)', async () => {
  const built = toSeries(planQueries(['Checkout']), [
    { id: 'q0_t', timestampsMs: [1_800_000_000_000], values: [3] },
    { id: 'q0_i', timestampsMs: [1_800_000_000_000], values: [10.5] },
    { id: 'q0_c', timestampsMs: [1_800_000_000_000], values: [7] },
  ], context);
  expect(built.series).toHaveLength(3);
  await assertDatadogPayload('series', { series: built.series });
});
