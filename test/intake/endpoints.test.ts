/** The Datadog paths over real HTTP: answers, auth, encodings, size limits and bad payloads. */
import { randomBytes } from 'node:crypto';
import type { Intake } from '../../intake/index.js';
import { DatadogPath, IntakeLimits } from '../../intake/index.js';
import { checkPayload, distributionPayload, getJson, KEY, NOW_S, post, seriesPayload, startTestIntake, type WireEncoding } from './helpers.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());
beforeEach(() => intake.store.reset());

describe('each endpoint answers like Datadog', () => {
  it('POST /api/v2/series → 202 {"errors":[]} and stores the point', async () => {
    const response = await post(intake, DatadogPath.series, seriesPayload('app.orders', 3, ['env:prod']));
    expect(response).toMatchObject({ status: 202, json: { errors: [] } });
    expect(intake.store.seriesValues('app.orders')).toEqual([
      { metric: 'app.orders', kind: 'count', tags: ['env:prod'], timestamp: NOW_S, value: 3 },
    ]);
  });

  it('POST /api/v1/distribution_points → 202 {"status":"ok"} (v1 IntakePayloadAccepted) and stores every value', async () => {
    const response = await post(intake, DatadogPath.distributionPoints, distributionPayload('app.latency', [5, 1, 3]));
    expect(response).toMatchObject({ status: 202, json: { status: 'ok' } });
    expect(intake.store.distributionValues('app.latency').sort()).toEqual([1, 3, 5]);
  });

  it('POST /api/v1/check_run → 202 and keeps the run', async () => {
    const response = await post(intake, DatadogPath.checkRun, checkPayload('app.up', 2, ['env:prod']));
    expect(response.status).toBe(202);
    expect(intake.store.checkRuns('app.up')).toEqual([
      { check: 'app.up', status: 2, tags: ['env:prod'], hostName: 'forwarder', message: 'status 2', timestamp: NOW_S },
    ]);
  });

  it('GET /api/v1/validate → 200 {"valid":true} with a good key, 403 with a bad one', async () => {
    const good = await fetch(`${intake.url}${DatadogPath.validate}`, { headers: { 'DD-API-KEY': KEY } });
    expect([good.status, await good.json()]).toEqual([200, { valid: true }]);
    const bad = await fetch(`${intake.url}${DatadogPath.validate}`, { headers: { 'DD-API-KEY': 'nope' } });
    expect([bad.status, await bad.json()]).toEqual([403, { errors: ['Forbidden'] }]);
  });

  it('answers 404 for an unknown path and 405 for a known path with the wrong method', async () => {
    expect((await getJson(intake, '/api/v1/series_typo')).status).toBe(404);
    expect((await getJson(intake, DatadogPath.series)).status).toBe(405);
  });
});

describe('DD-API-KEY', () => {
  it.each([
    ['a wrong key', 'wrong-key', 'invalid'],
    ['no key', null, 'missing'],
  ] as const)('%s → 403 {"errors":["Forbidden"]}, nothing stored, and the key never reaches the log', async (_name, key, verdict) => {
    const response = await post(intake, DatadogPath.series, seriesPayload('app.orders', 1), { key });
    expect(response).toMatchObject({ status: 403, json: { errors: ['Forbidden'] } });
    expect(intake.store.seriesValues('app.orders')).toEqual([]);
    const [record] = intake.store.requests();
    expect(record).toMatchObject({ status: 403, apiKey: verdict });
    expect(JSON.stringify(intake.store.requests())).not.toContain('wrong-key');
  });

  it('accepts any of several configured keys and keeps none of them in the log', async () => {
    const multi = await startTestIntake({ apiKeys: ['key-one', 'key-two'] });
    try {
      expect((await post(multi, DatadogPath.series, seriesPayload('m', 1), { key: 'key-two' })).status).toBe(202);
      expect((await post(multi, DatadogPath.series, seriesPayload('m', 1), { key: KEY })).status).toBe(403);
      expect(JSON.stringify(multi.store.requests())).not.toMatch(/key-one|key-two|test-key/);
    } finally {
      await multi.stop();
    }
  });
});

describe('Content-Encoding', () => {
  it.each<WireEncoding>(['identity', 'gzip', 'deflate', 'zstd1'])('series accepts %s', async (encoding) => {
    const response = await post(intake, DatadogPath.series, seriesPayload('app.enc', 7), { encoding });
    expect(response.status).toBe(202);
    expect(intake.store.seriesSum('app.enc')).toBe(7);
    expect(intake.store.requests()[0]).toMatchObject({ encoding, status: 202 });
  });

  it('series also accepts the plain `zstd` spelling', async () => {
    const body = seriesPayload('app.enc', 2);
    const { zstdCompressSync } = await import('node:zlib');
    const response = await fetch(intake.url + DatadogPath.series, {
      method: 'POST',
      headers: { 'DD-API-KEY': KEY, 'Content-Encoding': 'zstd' },
      body: zstdCompressSync(Buffer.from(JSON.stringify(body))),
    });
    expect(response.status).toBe(202);
  });

  it.each<WireEncoding>(['identity', 'deflate'])('distribution_points accepts %s', async (encoding) => {
    const response = await post(intake, DatadogPath.distributionPoints, distributionPayload('app.d', [1, 2]), { encoding });
    expect(response.status).toBe(202);
    expect(intake.store.distributionTotals('app.d').count).toBe(2);
  });

  it.each<[string, WireEncoding]>([
    [DatadogPath.distributionPoints, 'gzip'],
    [DatadogPath.distributionPoints, 'zstd1'],
    [DatadogPath.series, 'br'],
    [DatadogPath.checkRun, 'gzip'],
  ])('%s refuses %s with 400 and stores nothing', async (path, encoding) => {
    const body = path === DatadogPath.checkRun ? checkPayload('c', 0) : seriesPayload('m', 1);
    const response = await post(intake, path, body, { encoding });
    expect(response.status).toBe(400);
    expect((response.json.errors as string[])[0]).toMatch(/Content-Encoding .* is not supported/);
    expect(intake.store.metrics()).toEqual([]);
    expect(intake.store.checkRuns()).toEqual([]);
  });

  it('a body that is not what its Content-Encoding says → 400', async () => {
    const response = await fetch(intake.url + DatadogPath.series, {
      method: 'POST',
      headers: { 'DD-API-KEY': KEY, 'Content-Encoding': 'gzip' },
      body: JSON.stringify(seriesPayload('m', 1)),
    });
    expect([response.status, await response.json()]).toEqual([400, { errors: ['Body is not valid gzip data'] }]);
  });
});

describe('size limits (500 KB as sent, 5 MB decompressed)', () => {
  /** A valid series payload of at least `bytes` bytes of JSON (fixed-width names, so every series is the same size). */
  function payloadOfSize(bytes: number) {
    const one = (i: number) => seriesPayload(`app.size.m${String(i).padStart(7, '0')}`, 1, ['env:prod']).series[0];
    const count = Math.ceil(bytes / (JSON.stringify(one(0)).length + 1));
    return JSON.stringify({ series: Array.from({ length: count }, (_, i) => one(i)) });
  }

  it('413 when the body as sent is over 512,000 bytes (uncompressed)', async () => {
    const body = payloadOfSize(IntakeLimits.maxWireBytes + 1000);
    expect(body.length).toBeGreaterThan(IntakeLimits.maxWireBytes);
    const response = await post(intake, DatadogPath.series, body);
    expect(response.status).toBe(413);
    expect(intake.store.metrics()).toEqual([]);
    expect(intake.store.requests()[0]).toMatchObject({ status: 413, bytes: body.length });
  });

  it('202 for the same data compressed under the limit', async () => {
    const body = payloadOfSize(IntakeLimits.maxWireBytes + 1000);
    const response = await post(intake, DatadogPath.series, body, { encoding: 'gzip' });
    expect(response.status).toBe(202);
    expect(intake.store.metrics().length).toBeGreaterThan(1000);
  });

  it('413 when the body as sent is over 512,000 bytes even compressed (random data does not compress)', async () => {
    const response = await post(intake, DatadogPath.series, randomBytes(IntakeLimits.maxWireBytes + 1), { encoding: 'identity' });
    expect(response.status).toBe(413);
  });

  it.each<WireEncoding>(['gzip', 'deflate', 'zstd1'])('413 when %s decompresses to more than 5,242,880 bytes', async (encoding) => {
    const body = payloadOfSize(IntakeLimits.maxDecodedBytes + 10_000);
    expect(body.length).toBeGreaterThan(IntakeLimits.maxDecodedBytes);
    const response = await post(intake, DatadogPath.series, body, { encoding });
    expect(response.status).toBe(413);
    expect((response.json.errors as string[])[0]).toMatch(/decompressed/);
    expect(intake.store.metrics()).toEqual([]);
  });

  it('202 just under the decompressed limit', async () => {
    const body = payloadOfSize(IntakeLimits.maxDecodedBytes - 200_000);
    expect(body.length).toBeLessThan(IntakeLimits.maxDecodedBytes);
    const response = await post(intake, DatadogPath.series, body, { encoding: 'zstd1' });
    expect(response.status).toBe(202);
    expect(intake.store.requests()[0]?.decodedBytes).toBe(body.length);
  });
});

describe('bad payloads → 400 {"errors":[…]} and nothing of them stored', () => {
  it.each([
    ['not JSON', DatadogPath.series, '{"series": [', /not valid JSON/],
    ['no series array', DatadogPath.series, { metrics: [] }, /body must be/],
    ['a point with a string value', DatadogPath.series, { series: [{ metric: 'm', points: [{ timestamp: NOW_S, value: '1' }] }] }, /points\[0\]/],
    ['a type outside 0-3', DatadogPath.series, { series: [{ metric: 'm', type: 9, points: [] }] }, /type must be/],
    ['a fractional timestamp', DatadogPath.series, { series: [{ metric: 'm', points: [{ timestamp: 1.5, value: 1 }] }] }, /integer epoch/],
    ['distribution points as objects', DatadogPath.distributionPoints, { series: [{ metric: 'm', points: [{ timestamp: NOW_S, values: [1] }] }] }, /points\[0\]/],
    ['a check without host_name', DatadogPath.checkRun, [{ check: 'c', status: 0, tags: [] }], /host_name/],
    ['a check status of 5', DatadogPath.checkRun, [{ check: 'c', host_name: 'h', status: 5, tags: [] }], /status must be/],
    ['check runs as an object', DatadogPath.checkRun, { check: 'c' }, /array/],
  ])('%s', async (_name, path, body, message) => {
    const response = await post(intake, path, body);
    expect(response.status).toBe(400);
    expect((response.json.errors as string[]).join('\n')).toMatch(message);
    expect(intake.store.metrics()).toEqual([]);
    expect(intake.store.checkRuns()).toEqual([]);
  });

  it('one bad series refuses the whole payload, the good series beside it included (as Datadog does)', async () => {
    const body = { series: [...seriesPayload('good', 1).series, { metric: '', points: [] }] };
    const response = await post(intake, DatadogPath.series, body);
    expect(response).toMatchObject({ status: 400, json: { errors: ['series[1].metric must be a non-empty string'] } });
    expect(intake.store.seriesValues('good')).toEqual([]);
  });

  it('the request log records each answer with its errors', async () => {
    await post(intake, DatadogPath.series, '{');
    await post(intake, DatadogPath.series, seriesPayload('m', 1), { encoding: 'gzip' });
    expect(intake.store.requests().map(({ status, encoding, errors }) => ({ status, encoding, errors }))).toEqual([
      { status: 400, encoding: 'identity', errors: ['Payload is not valid JSON'] },
      { status: 202, encoding: 'gzip', errors: undefined },
    ]);
  });
});
