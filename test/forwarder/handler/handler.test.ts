/** End to end: the real handler against the real local intake (intake/), over HTTP on a free port. */
import { createHandler } from '../../../forwarder/handler.js';
import { durationIn, ForwarderMetric, platformNames } from '../../../forwarder/metric-names.js';
import { controlPayload, dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { Monitoring, Text } from '../fixtures/lines.js';
import { realisticMinute, payloadOf } from './realistic-batch.js';
import { API_KEY, forwarderEnv, FORWARDER_NAME, intakePerTest, lambdaContext, MINUTE_MS, NOW_MS, sorted } from './support.js';
/** Platform metric names of the default naming (Datadog's enhanced metrics, durations in seconds). */
const P = platformNames().platform;

const local = intakePerTest();

describe('handler → local intake', () => {
  it('delivers a realistic batch: platform metrics and custom metrics with exact totals and the right tags', async () => {
    const minute = realisticMinute(200, MINUTE_MS);
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
    const summary = await handler(toAwslogsEvent(payloadOf(minute.messages)), lambdaContext());

    const { store } = local.intake;
    const fn = { functionname: 'checkout-api', region: 'us-east-1', account_id: '123456789012', env: 'test' };
    expect(store.distributionTotals(P.Invocations, fn).sum).toBe(minute.truth.invocations);
    // A line's own env:prod overrides DD_TAGS' env:test for its metric (the layering enrich applies).
    const custom = { ...fn, env: 'prod' };
    expect(store.distributionTotals('orders.placed', custom).sum).toBe(minute.truth.ordersPlaced);
    expect(store.distributionTotals('orders.placed', { ...custom, tier: 'gold' }).sum).toBeGreaterThan(0);
    expect(sorted(store.distributionValues('checkout.latency', custom))).toEqual(sorted(minute.truth.latencies));
    expect(sorted(store.distributionValues(P.Duration, fn))).toEqual(sorted(minute.truth.durations.map((ms) => durationIn('second', ms))));
    expect(store.distributionValues(P.InitDuration, fn)).toHaveLength(minute.truth.coldStarts);

    // The key checked once (cold start); every data request authenticated, accepted, deflate to distribution_points;
    // nothing dropped by the intake.
    expect(store.requests('/api/v1/validate').map((r) => [r.status, r.apiKey])).toEqual([[200, 'valid']]);
    const requests = store.requests().filter((r) => r.path !== '/api/v1/validate');
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(request).toMatchObject({ status: 202, apiKey: 'valid' });
    expect(store.requests('/api/v1/distribution_points').every((r) => r.encoding === 'deflate')).toBe(true);
    expect(store.droppedPoints()).toEqual([]);

    // The forwarder's own metrics, tagged with its own function name and region.
    const own = { functionname: FORWARDER_NAME, region: 'us-east-1' };
    expect(store.distributionTotals(ForwarderMetric.Batches, own).sum).toBe(1);
    expect(store.distributionTotals(ForwarderMetric.Events, own).sum).toBe(minute.messages.length);
    expect(store.distributionTotals(ForwarderMetric.LinesParsed, own).sum).toBe(2 * minute.truth.invocations);
    expect(store.distributionTotals(ForwarderMetric.PointsShipped, own).sum).toBe(summary.pointsShipped);
    expect(store.distributionTotals(ForwarderMetric.Requests, { ...own, endpoint: 'distributions', status: '202' }).sum).toBe(1);
    expect(store.distributionTotals(ForwarderMetric.Retries, own).sum).toBe(0);
    expect(store.distributionValues(ForwarderMetric.Duration, own)).toHaveLength(1);

    // One structured log line for the invocation, with the counts.
    const lines = local.output.lines();
    const info = lines.filter((line) => line.level === 'INFO' && line.message !== 'Forwarder started');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ message: 'Batch forwarded', outcome: 'processed', functionName: 'checkout-api', payloads: { sent: 1, acked: 1, failed: 0, stored: 0 }, selfMetrics: 'acked' });
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
  });

  it('splits its duration into work and waiting: a slow key check and a slow intake are waiting, not work', async () => {
    local.intake.faults.inject({ kind: 'delay', delayMs: 400, endpoint: '/api/v1/validate' });
    local.intake.faults.inject({ kind: 'delay', delayMs: 400, endpoint: '/api/v1/distribution_points' });
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
    const summary = await handler(toAwslogsEvent(payloadOf(realisticMinute(20, MINUTE_MS).messages)), lambdaContext());
    const own = { functionname: FORWARDER_NAME, region: 'us-east-1' };
    const one = (metric: string) => {
      const values = local.intake.store.distributionValues(metric, own);
      expect(values).toHaveLength(1);
      return values[0]!;
    };
    const [work, wait, duration] = [one(ForwarderMetric.WorkDuration), one(ForwarderMetric.WaitDuration), one(ForwarderMetric.Duration)];
    expect(work + wait).toBe(duration);
    expect(wait).toBeGreaterThanOrEqual(800); // both delays
    expect(work).toBeLessThan(wait);
    expect(summary.workMs).toBe(work);
  });

  it('sends gauges to /api/v2/series (gzip) and checks to /api/v1/check_run', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
    await handler(toAwslogsEvent(dataPayload([Monitoring.json, Monitoring.check, Monitoring.raw], { startMs: MINUTE_MS })), lambdaContext());

    const { store } = local.intake;
    expect(store.seriesValues('queue.depth', { queue: 'orders' }).map((p) => p.value)).toEqual([42]);
    expect(store.latestChecks('payments.provider_up').map((c) => [c.status, c.tags.includes('provider:stripe')])).toEqual([[2, true]]);
    expect(store.requests('/api/v2/series').map((r) => [r.status, r.encoding])).toEqual([[202, 'gzip']]);
    expect(store.requests('/api/v1/check_run').map((r) => [r.status, r.encoding])).toEqual([[202, 'identity']]);
    expect(store.distributionTotals('orders.placed').sum).toBe(1);
  });

  it('answers a CONTROL_MESSAGE successfully without a request', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
    const summary = await handler(toAwslogsEvent(controlPayload()), lambdaContext());
    expect(summary.outcome).toBe('control');
    expect(local.intake.store.requests()).toEqual([]);
  });

  it('counts an undecodable event and succeeds (a retry cannot fix it)', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
    const summary = await handler({ awslogs: { data: 'bm90IGd6aXA=' } }, lambdaContext());
    expect(summary.outcome).toBe('rejected');
    const rejected = local.intake.store.distributionTotals(ForwarderMetric.Rejected, { functionname: FORWARDER_NAME });
    expect(rejected.sum).toBe(1);
    expect(local.output.lines().some((line) => line.level === 'WARN')).toBe(true);
  });

  it('refuses to start with an unknown DD_SITE, naming the setting', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url, { DD_SITE: 'datadoghq.org' }), now: () => NOW_MS });
    await expect(handler(toAwslogsEvent(dataPayload([Monitoring.raw])), lambdaContext())).rejects.toThrow(/DD_SITE/);
    expect(local.intake.store.requests()).toEqual([]);
  });

  it('refuses plain http to a non-loopback DD_URL', async () => {
    const handler = createHandler({ env: forwarderEnv('http://intake.example.com:8126'), now: () => NOW_MS });
    await expect(handler(toAwslogsEvent(dataPayload([Monitoring.raw])), lambdaContext())).rejects.toThrow(/loopback/);
  });
});

describe('the API key never reaches the output', () => {
  const event = () => toAwslogsEvent(dataPayload([Monitoring.raw, Text.reportDocs], { startMs: MINUTE_MS }));

  it('on success, on a 403, on an intake that is down and on a config error', async () => {
    const errors: string[] = [];
    const run = async (env: NodeJS.ProcessEnv) => {
      try {
        await createHandler({ env, now: () => NOW_MS })(event(), lambdaContext(5_000));
      } catch (error) {
        errors.push(String(error), (error as Error).stack ?? '', JSON.stringify(error));
      }
    };
    await run(forwarderEnv(local.intake.url)); // success
    local.intake.faults.inject({ kind: 'status', status: 403, times: 10 });
    await run(forwarderEnv(local.intake.url)); // 403: rejected, throws
    local.intake.faults.clear();
    local.intake.faults.down();
    await run(forwarderEnv(local.intake.url, { FORWARDER_REQUEST_TIMEOUT_MS: '300', FORWARDER_SAFETY_MARGIN_MS: '3500' })); // down
    local.intake.faults.up();
    await run(forwarderEnv(local.intake.url, { DD_SITE: API_KEY })); // key pasted into the wrong setting

    const text = local.output.text() + errors.join('\n');
    expect(errors.length).toBeGreaterThanOrEqual(9); // three failing runs, three renderings each
    expect(local.output.lines().length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain(API_KEY);
    // The requests did carry it (the intake saw valid keys), so the absence above is not for want of using it.
    expect(local.intake.store.requests().some((r) => r.apiKey === 'valid' && r.status === 202)).toBe(true);
  });
});
