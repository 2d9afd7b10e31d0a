/** The query and reset paths the tests and the local page read, and routes added by another module. */
import type { Intake } from '../../intake/index.js';
import { ControlPath, DatadogPath, ok } from '../../intake/index.js';
import { checkPayload, distributionPayload, getJson, KEY, NOW_S, post, seriesPayload, startTestIntake } from './helpers.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());

beforeEach(async () => {
  intake.store.reset();
  await post(intake, DatadogPath.series, seriesPayload('app.orders', 3, ['env:prod', 'fn:a']));
  await post(intake, DatadogPath.series, seriesPayload('app.orders', 4, ['env:prod', 'fn:b'], NOW_S + 10));
  await post(intake, DatadogPath.series, seriesPayload('app.orders', 100, ['env:dev']));
  await post(intake, DatadogPath.distributionPoints, distributionPayload('app.latency', [10, 20, 30, 40], ['env:prod']));
  await post(intake, DatadogPath.distributionPoints, distributionPayload('app.latency', [50], ['env:prod'], NOW_S + 10));
  await post(intake, DatadogPath.checkRun, checkPayload('app.up', 0, ['env:prod'], NOW_S - 5));
  await post(intake, DatadogPath.checkRun, checkPayload('app.up', 2, ['env:prod'], NOW_S));
});

it('GET /_intake/metrics lists each metric with its kind and tag sets', async () => {
  const { status, json } = await getJson(intake, ControlPath.metrics);
  expect(status).toBe(200);
  expect(json).toEqual({
    metrics: [
      { metric: 'app.latency', kind: 'distribution', tagSets: [['env:prod']] },
      { metric: 'app.orders', kind: 'count', tagSets: [['env:prod', 'fn:a'], ['env:prod', 'fn:b'], ['env:dev']] },
    ],
  });
});

it('GET /_intake/query for a series: its points over time and their sum, filtered by tags', async () => {
  const { json } = await getJson(intake, `${ControlPath.query}?metric=app.orders&tags=env:prod`);
  expect(json).toEqual({
    metric: 'app.orders',
    kind: 'count',
    tags: 'env:prod',
    sum: 7,
    points: [
      { timestamp: NOW_S, value: 3, tags: ['env:prod', 'fn:a'] },
      { timestamp: NOW_S + 10, value: 4, tags: ['env:prod', 'fn:b'] },
    ],
  });
});

it('GET /_intake/query for a distribution: totals and per-timestamp percentiles', async () => {
  const { json } = await getJson<{ totals: Record<string, number>; points: Array<{ timestamp: number; count: number; p50: number; p99: number }> }>(
    intake,
    `${ControlPath.query}?metric=app.latency&tags=env:prod`,
  );
  expect(json.totals).toEqual({ count: 5, sum: 150, min: 10, max: 50, avg: 30, p50: 30, p75: 40, p90: 50, p95: 50, p99: 50 });
  expect(json.points.map(({ timestamp, count, p50, p99 }) => [timestamp - NOW_S, count, p50, p99])).toEqual([
    [0, 4, 20, 40],
    [10, 1, 50, 50],
  ]);
});

it('GET /_intake/query answers 400 without a metric and 404 for one with no data', async () => {
  expect((await getJson(intake, ControlPath.query)).status).toBe(400);
  const missing = await getJson(intake, `${ControlPath.query}?metric=app.nothing`);
  expect(missing).toEqual({ status: 404, json: { errors: ['no data for metric app.nothing'] } });
});

it('GET /_intake/checks returns every run and the latest per check + tags', async () => {
  const { json } = await getJson<{ runs: Array<{ status: number }>; latest: Array<{ status: number }> }>(
    intake,
    `${ControlPath.checks}?check=app.up`,
  );
  expect(json.runs.map((run) => run.status)).toEqual([0, 2]);
  expect(json.latest.map((run) => run.status)).toEqual([2]);
});

it('GET /_intake/requests returns the request log, optionally for one path; control requests are not in it', async () => {
  await getJson(intake, ControlPath.metrics);
  const all = await getJson<{ requests: Array<{ path: string; status: number; apiKey: string }> }>(intake, ControlPath.requests);
  expect(all.json.requests.map((record) => record.path)).toEqual([
    DatadogPath.series,
    DatadogPath.series,
    DatadogPath.series,
    DatadogPath.distributionPoints,
    DatadogPath.distributionPoints,
    DatadogPath.checkRun,
    DatadogPath.checkRun,
  ]);
  const checks = await getJson<{ requests: unknown[] }>(intake, `${ControlPath.requests}?path=${DatadogPath.checkRun}`);
  expect(checks.json.requests).toHaveLength(2);
  expect(JSON.stringify(all.json)).not.toContain(KEY);
});

it('GET /_intake/dropped lists points outside the timestamp window', async () => {
  await post(intake, DatadogPath.series, seriesPayload('app.late', 1, [], NOW_S - 7200));
  const { json } = await getJson(intake, `${ControlPath.dropped}?metric=app.late`);
  expect(json).toEqual({ dropped: [{ metric: 'app.late', kind: 'count', timestamp: NOW_S - 7200, reason: 'too_old' }] });
});

it('POST /_intake/reset empties the store and clears faults', async () => {
  intake.faults.inject({ kind: 'status', status: 500, times: 5 });
  const response = await fetch(intake.url + ControlPath.reset, { method: 'POST' });
  expect(response.status).toBe(200);
  expect(intake.store.metrics()).toEqual([]);
  expect(intake.store.checkRuns()).toEqual([]);
  expect(intake.store.requests()).toEqual([]);
  expect(intake.faults.pending()).toEqual([]);
});

describe('routes added by another module', () => {
  beforeAll(() => {
    intake.router.add({
      method: 'GET',
      path: '/api/v1/dashboard/:id',
      kind: 'datadog',
      handle: ({ params }) => ok({ id: params.id }),
    });
  });

  it('are served with the same API key check, faults and request log as the built-in Datadog paths', async () => {
    const get = (key: string) => fetch(`${intake.url}/api/v1/dashboard/abc-123`, { headers: { 'DD-API-KEY': key } });
    const good = await get(KEY);
    expect([good.status, await good.json()]).toEqual([200, { id: 'abc-123' }]);
    expect((await get('wrong')).status).toBe(403);
    intake.faults.inject({ kind: 'status', status: 503, endpoint: '/api/v1/dashboard/abc-123' });
    expect((await get(KEY)).status).toBe(503);
    expect(intake.store.requests('/api/v1/dashboard/abc-123').map((record) => record.status)).toEqual([200, 403, 503]);
  });

  it('cannot register the same method and path twice', () => {
    expect(() => intake.router.add({ method: 'GET', path: '/api/v1/dashboard/:id', kind: 'datadog', handle: () => ok({}) })).toThrow(
      /already registered/,
    );
  });
});
