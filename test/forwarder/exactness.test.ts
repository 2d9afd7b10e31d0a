/**
 * Exactness across concurrent forwarders: two invocations carrying interleaved halves of the same minute of one
 * function's logs, run at the same time against one intake, must leave exactly the whole minute's totals there.
 * (With v2 series counts the second sender would overwrite the first for every shared second and bucket.)
 */
import { createHandler } from '../../forwarder/handler.js';
import { durationIn, ForwarderMetric, platformNames } from '../../forwarder/metric-names.js';
import { toAwslogsEvent } from './fixtures/awslogs.js';
import { EVENTS_PER_INVOCATION, payloadOf, realisticMinute } from './handler/realistic-batch.js';
import { forwarderEnv, FORWARDER_NAME, intakePerTest, lambdaContext, MINUTE_MS, NOW_MS, sorted } from './handler/support.js';
/** Platform metric names of the default naming (Datadog's enhanced metrics, durations in seconds). */
const P = platformNames().platform;

const local = intakePerTest();

it('two concurrent invocations with halves of a minute give exactly the whole minute', async () => {
  const minute = realisticMinute(300, MINUTE_MS, 11);
  // Alternate invocations (each one's six events stay together) so both halves hit every 10-second bucket.
  const half = (i: number) => Math.floor(i / EVENTS_PER_INVOCATION) % 2;
  const halves = [minute.messages.filter((_, i) => half(i) === 0), minute.messages.filter((_, i) => half(i) === 1)];
  const handlers = [0, 1].map(() => createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS }));
  const summaries = await Promise.all(
    halves.map((half, i) => handlers[i]!(toAwslogsEvent(payloadOf(half)), lambdaContext(60_000, `request-${i}`))),
  );
  for (const summary of summaries) expect(summary.payloads.acked).toBeGreaterThan(0);

  const { store } = local.intake;
  const fn = { functionname: 'checkout-api' };
  const custom = { functionname: 'checkout-api', env: 'prod' };
  expect(store.distributionTotals(P.Invocations, fn).sum).toBe(minute.truth.invocations);
  expect(store.distributionTotals('orders.placed', custom).sum).toBe(minute.truth.ordersPlaced);
  expect(sorted(store.distributionValues('checkout.latency', custom))).toEqual(sorted(minute.truth.latencies));
  expect(sorted(store.distributionValues(P.Duration, fn))).toEqual(sorted(minute.truth.durations.map((ms) => durationIn('second', ms))));
  expect(store.distributionValues(P.InitDuration, fn)).toHaveLength(minute.truth.coldStarts);
  const latency = store.distributionTotals('checkout.latency', custom);
  expect(latency.count).toBe(minute.truth.invocations);
  expect(latency.max).toBe(Math.max(...minute.truth.latencies));

  // Both senders wrote a pre-summed count into every one of the minute's six 10-second buckets: two values each,
  // merged, not overwritten (otherwise this test would prove nothing about concurrent senders).
  // (Warm invocations: cold ones are a series of their own, tagged cold_start:true.)
  const buckets = store.distributionOverTime(P.Invocations, { ...fn, cold_start: 'false' });
  expect(buckets.map((b) => b.count)).toEqual([2, 2, 2, 2, 2, 2]);
  expect(store.distributionOverTime(P.Invocations, fn).reduce((sum, b) => sum + b.sum, 0)).toBe(minute.truth.invocations);
  expect(store.requests('/api/v1/distribution_points').filter((r) => r.status === 202).length).toBeGreaterThanOrEqual(4);

  // The forwarders' own counts add up across the two senders as well.
  const own = { functionname: FORWARDER_NAME };
  expect(store.distributionTotals(ForwarderMetric.Batches, own).sum).toBe(2);
  expect(store.distributionTotals(ForwarderMetric.Events, own).sum).toBe(minute.messages.length);
  expect(store.distributionValues(ForwarderMetric.Events, own)).toHaveLength(2);
});
