/**
 * The handler against the local intake's injected faults. Waits between retries run on a virtual clock (the sleep
 * dependency advances it, the Lambda context's remaining time reads it), so the tests assert the waits the policy
 * chose, never wall-clock durations.
 */
import type { Context } from 'aws-lambda';
import { startIntake, type Intake, type StartIntakeOptions } from '../../intake/index.js';
import { createHandler, DeliveryError, type HandlerDeps } from '../../forwarder/handler.js';
import { platformNames, ForwarderMetric } from '../../forwarder/metric-names.js';
import { decompress } from '../../forwarder/ship/compress.js';
import { ContentEncodingOf } from '../../forwarder/ship/constants.js';
import { MAX_SPLIT_DEPTH } from '../../forwarder/ship/send.js';
import type { FailureMeta, FailureSink, Payload } from '../../forwarder/ship/types.js';
import { dataPayload, toAwslogsEvent } from './fixtures/awslogs.js';
import { Monitoring } from './fixtures/lines.js';
import { realisticMinute, type Minute } from './handler/realistic-batch.js';
import { API_KEY, captureOutput, forwarderEnv, FORWARDER_NAME, lambdaContext, MINUTE_MS, NOW_MS } from './handler/support.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const DIST = '/api/v1/distribution_points';
const SERIES = '/api/v2/series';

let intake: Intake;
let output: ReturnType<typeof captureOutput>;

async function start(options: Partial<StartIntakeOptions> = {}) {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS, ...options });
}
beforeEach(() => {
  output = captureOutput();
});
afterEach(async () => {
  output.restore();
  await intake.stop();
});

/** A virtual clock: sleep() advances it instantly; the context's remaining time is the budget minus it. */
function virtualTime(budgetMs: number) {
  const slept: number[] = [];
  let elapsed = 0;
  const startedAt = Date.now();
  const remaining = () => budgetMs - elapsed - (Date.now() - startedAt);
  return {
    slept,
    remaining,
    context: (): Context => lambdaContext(remaining),
    sleep: async (ms: number) => {
      slept.push(ms);
      elapsed += ms;
    },
  };
}

/** A FailureSink that keeps what it is given. */
function recordingSink(): FailureSink & { calls: Array<{ payloads: Payload[]; meta: FailureMeta }> } {
  const calls: Array<{ payloads: Payload[]; meta: FailureMeta }> = [];
  return { calls, store: async (payloads, meta) => (calls.push({ payloads, meta }), { stored: payloads.length }) };
}

/** A batch with all three kinds: a realistic minute (distributions), a gauge (series) and a check. */
function mixedBatch(invocations = 40): { event: ReturnType<typeof toAwslogsEvent>; minute: Minute } {
  const minute = realisticMinute(invocations, MINUTE_MS, 3);
  const extra = [Monitoring.json, Monitoring.check].map((message, i) => ({ message, timestamp: MINUTE_MS + 30_000 + i }));
  return { event: toAwslogsEvent(dataPayload([...minute.messages, ...extra])), minute };
}

function handlerWith(deps: Partial<HandlerDeps> & { env?: Record<string, string> }, clock = virtualTime(60_000)) {
  const { env, ...rest } = deps;
  return createHandler({ env: forwarderEnv(intake.url, env), now: () => NOW_MS, sleep: clock.sleep, random: () => 0.5, ...rest });
}

const custom = { functionname: 'checkout-api', env: 'prod' };

function expectExactMinute(minute: Minute): void {
  expect(intake.store.distributionTotals(P.Invocations, { functionname: 'checkout-api' }).sum).toBe(minute.truth.invocations);
  expect(intake.store.distributionTotals('orders.placed', custom).sum).toBe(minute.truth.ordersPlaced);
  expect(intake.store.distributionValues('checkout.latency', custom)).toHaveLength(minute.truth.invocations);
}

const statuses = (path: string) => intake.store.requests(path).map((r) => r.status);

it('429: waits the X-RateLimit-Reset seconds, then delivers once', async () => {
  await start();
  intake.faults.inject({ kind: 'status', status: 429, rateLimitResetSeconds: 2, endpoint: DIST });
  const clock = virtualTime(60_000);
  const { event, minute } = mixedBatch();
  const summary = await handlerWith({}, clock)(event, clock.context());

  expect(clock.slept).toEqual([2000]);
  expect(statuses(DIST).slice(0, 2)).toEqual([429, 202]);
  expect(summary.retries).toBe(1);
  expectExactMinute(minute);
  const own = { functionname: FORWARDER_NAME };
  expect(intake.store.distributionTotals(ForwarderMetric.Requests, { ...own, endpoint: 'distributions', status: '429' }).sum).toBe(1);
  expect(intake.store.distributionTotals(ForwarderMetric.Retries, own).sum).toBe(1);
});

it('500 then success: one jittered backoff, no double count', async () => {
  await start();
  intake.faults.inject({ kind: 'status', status: 500, endpoint: DIST });
  const clock = virtualTime(60_000);
  const { event, minute } = mixedBatch();
  await handlerWith({}, clock)(event, clock.context());
  expect(clock.slept).toEqual([50]); // 0.5 × min(4000, 100 × 2^0)
  expect(statuses(DIST).slice(0, 2)).toEqual([500, 202]);
  expectExactMinute(minute);
});

it('a response slower than the request timeout is abandoned and retried', async () => {
  await start();
  intake.faults.inject({ kind: 'delay', delayMs: 2_000, endpoint: SERIES });
  const clock = virtualTime(60_000);
  const { event } = mixedBatch();
  const summary = await handlerWith({ env: { FORWARDER_REQUEST_TIMEOUT_MS: '250' } }, clock)(event, clock.context());
  expect(summary.payloads).toMatchObject({ acked: summary.payloads.sent, failed: 0 });
  expect(summary.retries).toBe(1);
  expect(intake.store.distributionTotals(ForwarderMetric.Requests, { functionname: FORWARDER_NAME, endpoint: 'series', status: 'timeout' }).sum).toBe(1);
  // The gauge is a last-value series: whether or not the abandoned request was stored, the value is the same.
  expect(intake.store.seriesValues('queue.depth').map((p) => p.value)).toEqual([42]);
});

it('a dropped connection is retried', async () => {
  await start();
  intake.faults.inject({ kind: 'drop', endpoint: DIST });
  const clock = virtualTime(60_000);
  const { event, minute } = mixedBatch();
  const summary = await handlerWith({}, clock)(event, clock.context());
  expect(summary.retries).toBe(1);
  expect(intake.store.requests(DIST)[0]).toMatchObject({ status: 0, fault: 'drop' });
  expectExactMinute(minute);
  expect(intake.store.distributionTotals(ForwarderMetric.Requests, { functionname: FORWARDER_NAME, endpoint: 'distributions', status: 'network' }).sum).toBe(1);
});

it('403: no retry; nothing acknowledged, so the invocation throws (the retry is safe) and nothing is stored', async () => {
  await start();
  // On the data paths only: a 403 from /api/v1/validate as well would stop the cold start with an ApiKeyError (the
  // handler test covers that); this is a key revoked after the check passed.
  for (const endpoint of [DIST, SERIES, '/api/v1/check_run']) intake.faults.inject({ kind: 'status', status: 403, times: 100, endpoint });
  const sink = recordingSink();
  const clock = virtualTime(60_000);
  const { event } = mixedBatch();
  await expect(handlerWith({ failureSink: sink }, clock)(event, clock.context())).rejects.toThrow(DeliveryError);
  expect(clock.slept).toEqual([]);
  const dataRequests = intake.store.requests().filter((r) => r.path !== '/api/v1/validate');
  expect(dataRequests.map((r) => r.status)).toEqual([403, 403, 403]); // one per payload, no retries
  expect(sink.calls).toEqual([]);
  expect(output.lines().some((line) => line.level === 'ERROR' && String(line.message).includes('rejected (403)'))).toBe(true);
});

it('413: the payload is split in half and both halves are sent', async () => {
  await start();
  intake.faults.inject({ kind: 'status', status: 413, endpoint: DIST });
  const clock = virtualTime(60_000);
  const { event, minute } = mixedBatch();
  const summary = await handlerWith({}, clock)(event, clock.context());
  expect(statuses(DIST).slice(0, 3)).toEqual([413, 202, 202]);
  expect(summary.retries).toBe(0);
  expectExactMinute(minute);
});

it('partial ack, then the intake goes down: no throw, the rest goes to the failure sink and is counted', async () => {
  // Concurrency 1 sends distributions, then series, then checks; the intake goes down right after the first 202.
  let armed = true;
  await start({
    onRequest: (record) => {
      if (armed && record.status === 202) {
        armed = false;
        intake.faults.down();
      }
    },
  });
  const sink = recordingSink();
  const clock = virtualTime(60_000);
  const { event, minute } = mixedBatch();
  const summary = await handlerWith({ failureSink: sink, env: { FORWARDER_CONCURRENCY: '1' } }, clock)(event, clock.context());

  expect(summary.payloads).toMatchObject({ sent: 3, acked: 1, failed: 2 });
  expectExactMinute(minute);
  // The sink got the series and the check (then, separately, the self metrics that could not be sent either).
  const [first, second] = sink.calls;
  expect(first!.payloads.map((p) => p.kind)).toEqual(['series', 'checks']);
  const gauge = JSON.parse(decompress(first!.payloads[0]!.body, ContentEncodingOf.series).toString()) as { series: Array<{ metric: string }> };
  expect(gauge.series.map((s) => s.metric)).toEqual(['queue.depth']);
  expect(first!.meta).toMatchObject({ functionName: 'checkout-api', ackedPayloads: 1, failedPoints: 2 });
  expect(second!.payloads.map((p) => p.kind)).toEqual(['distributions']);
  expect(summary.payloads.stored).toBe(3);
  expect(summary.selfMetrics).toBe('failed');
  // Retries were bounded by the attempt limit, with growing jittered waits.
  expect(clock.slept.slice(0, 5)).toEqual([50, 100, 200, 400, 800]);
});

it('partial ack with the default sink: one loud structured error line with counts, no throw', async () => {
  let armed = true;
  await start({ onRequest: (record) => armed && record.status === 202 && ((armed = false), intake.faults.down()) });
  const clock = virtualTime(60_000);
  const { event } = mixedBatch();
  const summary = await handlerWith({ env: { FORWARDER_CONCURRENCY: '1' } }, clock)(event, clock.context());
  expect(summary.payloads).toMatchObject({ acked: 1, failed: 2, stored: 0 });
  const errors = output.lines().filter((line) => line.level === 'ERROR');
  expect(errors[0]).toMatchObject({
    undelivered: { series: { payloads: 1, points: 1 }, checks: { payloads: 1, points: 1 } },
    ackedPayloads: 1,
  });
});

it('time running out: gives up before the deadline; nothing acknowledged, so it throws', async () => {
  await start();
  intake.faults.inject({ kind: 'status', status: 503, times: 1_000 });
  const clock = virtualTime(4_000); // 4 s left; the default safety margin is 1 s
  const { event } = mixedBatch();
  // One payload at a time, so the virtual clock sees the waits in order; full backoff ceiling (random = 1).
  const handler = handlerWith({ env: { FORWARDER_MAX_ATTEMPTS: '20', FORWARDER_CONCURRENCY: '1' }, random: () => 1 }, clock);
  await expect(handler(event, clock.context())).rejects.toThrow(/out_of_time \(503\)/);
  // 100 + 200 + 400 + 800 leave about 2.5 s; waiting 1600 more would leave less than the margin: it stopped there.
  expect(clock.slept.slice(0, 5)).toEqual([100, 200, 400, 800, 100]);
  expect(intake.store.requests(DIST)).toHaveLength(5);
  // Every wait and request stayed inside the budget minus the margin (allowing for the test's own real time).
  expect(clock.remaining()).toBeGreaterThan(500);
});

it('413 on every request: splitting stops after a bounded depth instead of sending thousands of requests', async () => {
  await start();
  intake.faults.inject({ kind: 'status', status: 413, times: 100_000, endpoint: DIST });
  const clock = virtualTime(60_000);
  const { event } = mixedBatch(200);
  const summary = await handlerWith({ env: { FORWARDER_CONCURRENCY: '1' } }, clock)(event, clock.context());
  // The distributions payload holds about a thousand values: splitting down to single values would take thousands of
  // requests. Bounded: at most 1 + 2 + … + 64 = 127 for it, and as many for the self metrics (also distributions).
  expect(summary.stats.pointsOut).toBeGreaterThan(500);
  const tooLarge = intake.store.requests(DIST).filter((r) => r.status === 413).length;
  expect(tooLarge).toBeGreaterThan(64);
  expect(tooLarge).toBeLessThanOrEqual(2 * (2 ** (MAX_SPLIT_DEPTH + 1) - 1));
  expect(summary.payloads.acked).toBe(2); // the series and the check went through
  expect(summary.payloads.failed).toBeGreaterThan(0);
  expect(summary.payloads.failed).toBeLessThanOrEqual(2 ** MAX_SPLIT_DEPTH);
});
