/** The query and reset paths the tests and the local page read, and routes added by another module. */
import type { Intake } from '../../intake/index.js';
import { ControlPath, DatadogPath, ok } from '../../intake/index.js';
import { ForwarderMetric, platformNames } from '../../forwarder/metric-names.js';
import { FunctionsPath, type FunctionFigures } from '../../intake/routes/functions.js';
import { MetadataPath, metricMetadata, type MetricDescription } from '../../intake/routes/metadata.js';
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

describe('a time range (from, to: epoch seconds, both included)', () => {
  it('keeps the points stamped within it, and the totals of those alone', async () => {
    const latency = await getJson<{ totals: { count: number; sum: number }; points: Array<{ timestamp: number }> }>(intake, `${ControlPath.query}?metric=app.latency&from=${NOW_S + 5}`);
    expect(latency.json.totals).toMatchObject({ count: 1, sum: 50 });
    expect(latency.json.points.map((p) => p.timestamp)).toEqual([NOW_S + 10]);
    const orders = await getJson<{ sum: number }>(intake, `${ControlPath.query}?metric=app.orders&tags=env:prod&from=${NOW_S}&to=${NOW_S}`);
    expect(orders.json.sum).toBe(3);
  });

  it('answers 400 for a bound that is not a number', async () => {
    const { status, json } = await getJson(intake, `${ControlPath.query}?metric=app.latency&from=yesterday`);
    expect({ status, json }).toEqual({ status: 400, json: { errors: ['from must be epoch seconds, got "yesterday"'] } });
  });
});

describe('what each metric is (GET /_intake/metrics/described, metric metadata)', () => {
  type Described = { metrics: MetricDescription[]; platform: { platform: Record<string, string> } };
  const describedOf = async (metric: string) => (await getJson<Described>(intake, MetadataPath.list)).json.metrics.find((m) => m.metric === metric);
  const P = platformNames().platform;

  beforeEach(async () => {
    await post(intake, DatadogPath.series, seriesPayload('app.queue_depth', 7, ['env:prod'], NOW_S, 3));
    for (const name of [P.Invocations, P.Duration, P.MemorySize, ForwarderMetric.Batches, ForwarderMetric.Duration, 'aws.lambda.duration']) {
      await post(intake, DatadogPath.distributionPoints, distributionPayload(name, [1], ['functionname:a']));
    }
  });

  it('a series by the type it was sent with: counts summed, gauges as lines', async () => {
    expect(await describedOf('app.orders')).toEqual({ metric: 'app.orders', kind: 'count', type: 'count', chart: 'sum', source: 'received' });
    expect(await describedOf('app.queue_depth')).toEqual({ metric: 'app.queue_depth', kind: 'gauge', type: 'gauge', chart: 'line', source: 'received' });
  });

  it("the forwarder's own distributions by its definitions: counts, measurements in their units, the configured memory as a level", async () => {
    expect(await describedOf(P.Invocations)).toEqual({ metric: P.Invocations, kind: 'distribution', type: 'count', unit: 'invocation', chart: 'sum', source: 'forwarder' });
    expect(await describedOf(P.Duration)).toMatchObject({ type: 'distribution', unit: 'second', chart: 'percentiles', source: 'forwarder' });
    expect(await describedOf('aws.lambda.duration')).toMatchObject({ unit: 'millisecond', chart: 'percentiles' }); // the aws_lambda naming
    expect(await describedOf(P.MemorySize)).toMatchObject({ type: 'gauge', unit: 'mebibyte', chart: 'line' });
    expect(await describedOf(ForwarderMetric.Batches)).toMatchObject({ type: 'count', chart: 'sum' });
    expect(await describedOf(ForwarderMetric.Duration)).toMatchObject({ unit: 'millisecond', chart: 'percentiles' });
  });

  it('a distribution nobody declared as percentiles, saying so; declared through PUT /api/v1/metrics/<name>, by its type', async () => {
    expect(await describedOf('app.latency')).toEqual({ metric: 'app.latency', kind: 'distribution', type: 'distribution', chart: 'percentiles', source: 'undeclared' });
    const put = (body: unknown, key: string | null = KEY) =>
      fetch(`${intake.url}/api/v1/metrics/app.latency`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...(key ? { 'DD-API-KEY': key } : {}) }, body: JSON.stringify(body) });
    expect((await put({ type: 'count' }, null)).status).toBe(403);
    const bad = await put({ type: 'histogram' });
    expect([bad.status, await bad.json()]).toEqual([400, { errors: ['type must be one of count, rate, gauge, distribution'] }]);
    const good = await put({ type: 'count', unit: 'request' });
    expect([good.status, await good.json()]).toEqual([200, { metric: 'app.latency', type: 'count', unit: 'request' }]);
    expect(await describedOf('app.latency')).toEqual({ metric: 'app.latency', kind: 'distribution', type: 'count', unit: 'request', chart: 'sum', source: 'declared' });
    const one = await fetch(`${intake.url}/api/v1/metrics/app.latency`, { headers: { 'DD-API-KEY': KEY } });
    expect(await one.json()).toMatchObject({ type: 'count', chart: 'sum' });
    await put({ type: 'distribution' }); // as it was, for the other tests
  });

  it('what the starter of the intake declares, under what a PUT says', async () => {
    const metadata = metricMetadata(intake.store);
    metadata.declareBy((metric) => (metric === 'app.latency' || metric === P.Duration ? { type: 'gauge', unit: 'byte' } : undefined));
    try {
      expect(await describedOf(P.Duration)).toMatchObject({ type: 'gauge', unit: 'byte', chart: 'line', source: 'declared' });
      // The PUT above said type and unit: they win over the starter's.
      expect(await describedOf('app.latency')).toMatchObject({ type: 'distribution', unit: 'request', chart: 'percentiles', source: 'declared' });
    } finally {
      metadata.declareBy(() => undefined);
    }
  });

  it('the platform names under the naming and prefix the forwarder was given', async () => {
    const metadata = metricMetadata(intake.store);
    metadata.platformNames = platformNames('aws_lambda', 'acme.lambda');
    try {
      await post(intake, DatadogPath.distributionPoints, distributionPayload('acme.lambda.invocations', [1], ['functionname:a']));
      expect(await describedOf('acme.lambda.invocations')).toMatchObject({ type: 'count', chart: 'sum', source: 'forwarder' });
      expect((await getJson<Described>(intake, MetadataPath.list)).json.platform.platform.Invocations).toBe('acme.lambda.invocations');
    } finally {
      metadata.platformNames = platformNames();
    }
  });
});

describe('GET /_intake/metrics/functions: one row per function over a time range', () => {
  const P = platformNames().platform;
  const C = platformNames().cloudwatch;
  const fn = (name: string, ...more: string[]) => [`functionname:${name}`, ...more];

  beforeEach(async () => {
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Invocations, [3], fn('a', 'cold_start:true')));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Invocations, [5], fn('a', 'cold_start:false')));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Invocations, [2], fn('a', 'cold_start:false'), NOW_S + 60));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Errors, [2], fn('a', 'cold_start:false')));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Duration, [0.1, 0.2, 0.3, 0.4], fn('a', 'cold_start:false')));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.EstimatedCost, [0.000001, 0.000002], fn('a')));
    await post(intake, DatadogPath.series, seriesPayload(C.ConcurrentExecutions, 4, fn('a'), NOW_S, 3));
    await post(intake, DatadogPath.series, seriesPayload(C.ConcurrentExecutions, 9, fn('a'), NOW_S + 60, 3));
    await post(intake, DatadogPath.distributionPoints, distributionPayload(P.Invocations, [1], fn('b', 'cold_start:true')));
  });

  it('invocations, errors, error rate, duration percentiles, cold-start share, cost; null where nothing was received', async () => {
    const { json } = await getJson<{ functions: FunctionFigures[]; units: Record<string, string> }>(intake, `${FunctionsPath}?from=${NOW_S}&to=${NOW_S + 59}`);
    expect(json.units).toEqual({ duration: 'second', iteratorAge: 'millisecond', cost: 'dollar' });
    expect(json.functions).toEqual([
      {
        functionname: 'a',
        invocations: 8,
        errors: 2,
        errorRate: 0.25,
        coldStarts: 3,
        coldStartShare: 0.375,
        duration: { p50: 0.2, p95: 0.4, p99: 0.4, max: 0.4, count: 4 },
        throttles: null,
        concurrency: 4,
        iteratorAge: null,
        cost: 0.000003,
      },
      { functionname: 'b', invocations: 1, errors: 0, errorRate: 0, coldStarts: 1, coldStartShare: 1, duration: null, throttles: null, concurrency: null, iteratorAge: null, cost: null },
    ]);
    const later = await getJson<{ functions: FunctionFigures[] }>(intake, `${FunctionsPath}?from=${NOW_S + 60}`);
    expect(later.json.functions.find((f) => f.functionname === 'a')).toMatchObject({ invocations: 2, errors: 0, coldStarts: 0, concurrency: 9 });
  });
});
