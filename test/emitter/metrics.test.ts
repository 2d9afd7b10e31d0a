import { EmitterGlobals } from '../../emitter/constants.js';
import { CheckStatus, createMetrics, metric, Metrics, MetricsValidationError } from '../../emitter/index.js';
import type { MetricsOptions } from '../../emitter/index.js';
import { Capture, FakeClock } from './support.js';

function setup(options: MetricsOptions = {}) {
  const out = new Capture();
  const err = new Capture();
  const clock = new FakeClock();
  const metrics = createMetrics({ output: out.write, errorOutput: err.write, now: clock.now, env: {}, ...options });
  return { out, err, clock, metrics };
}

describe('aggregation', () => {
  it('turns 1,000 counts in one second into one line with value 1000, in a single write', () => {
    const { out, clock, metrics } = setup();
    for (let i = 0; i < 1000; i++) metrics.count('x');
    metrics.flush();
    expect(out.writes).toHaveLength(1);
    expect(out.points()).toEqual([{ name: 'x', type: 'count', value: 1000, timestamp: clock.second, tags: [] }]);
  });

  it('keeps seconds apart and each value type by its own rule', () => {
    const { out, clock, metrics } = setup();
    const t0 = clock.second;
    metrics.count('req', 2);
    metrics.gauge('depth', 5);
    metrics.gauge('depth', 3);
    metrics.histogram('latency', 10);
    metrics.histogram('latency', 10);
    metrics.check('db.up', CheckStatus.Critical);
    metrics.check('db.up', CheckStatus.Ok);
    clock.ms += 1000;
    metrics.count('req', 5);
    metrics.flush();
    expect(out.points().map((p) => [p.type, p.name, p.timestamp - t0, p.value])).toEqual([
      ['count', 'req', 0, 2],
      ['count', 'req', 1, 5],
      ['gauge', 'depth', 0, 3],
      ['histogram', 'latency', 0, 10],
      ['histogram', 'latency', 0, 10],
      ['check', 'db.up', 0, 0],
    ]);
  });

  it('treats tag inputs that normalise alike as one series, and different tags as separate ones', () => {
    const { out, metrics } = setup();
    metrics.count('hits', 1, { route: '/a', Status: 200 });
    metrics.count('hits', 1, { status: '200', route: '/a' });
    metrics.count('hits', 1, ['route:/a', 'status:200']);
    metrics.count('hits', 1, ['status:200', 'ROUTE:/a', 'route:/a']);
    metrics.count('hits', 1, { route: '/b' });
    metrics.count('hits', 1, {});
    metrics.count('hits');
    metrics.flush();
    expect(out.points().map((p) => [p.tags, p.value])).toEqual([
      [['route:/a', 'status:200'], 4],
      [['route:/b'], 1],
      [[], 2],
    ]);
  });

  it('writes nothing when nothing was recorded, and empties the buffer on flush', () => {
    const { out, metrics } = setup();
    metrics.flush();
    metrics.count('a');
    metrics.flush();
    metrics.flush();
    expect(out.writes).toHaveLength(1);
    expect(metrics.bufferedLines).toBe(0);
  });

  it('flushes early when the buffered lines reach the cap, counting every histogram value', () => {
    const { out, metrics } = setup({ maxBufferedLines: 3 });
    metrics.histogram('h', 1);
    metrics.histogram('h', 2);
    expect(out.writes).toHaveLength(0);
    metrics.histogram('h', 3);
    expect(out.writes).toHaveLength(1);
    expect(out.points().map((p) => p.value)).toEqual([1, 2, 3]);
    expect(metrics.bufferedLines).toBe(0);
  });

  it('splits a flush above ~200 KB into several writes at line boundaries, losing no line', () => {
    const { out, metrics } = setup({ maxBufferedLines: 100_000 });
    for (let i = 0; i < 6000; i++) metrics.histogram('payload.size', i, { region: 'eu-west-1', service: 'checkout' });
    metrics.flush();
    expect(out.writes.length).toBeGreaterThan(1);
    for (const write of out.writes) {
      expect(Buffer.byteLength(write)).toBeLessThanOrEqual(200_000);
      expect(write.endsWith('\n')).toBe(true);
    }
    expect(out.points().map((p) => p.value)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });

  it('stays exact when its caches are emptied under many distinct tag inputs', () => {
    const { out, metrics } = setup({ maxBufferedLines: 1_000_000, maxCachedEntries: 10 });
    for (let i = 0; i < 100; i++) {
      metrics.count('jobs', 1, { kind: 'steady' });
      metrics.count('jobs', 1, { id: `j${i}` });
    }
    metrics.flush();
    const steady = out.points().filter((p) => p.tags[0] === 'kind:steady');
    expect(steady.reduce((sum, p) => sum + p.value, 0)).toBe(100);
    // The caches were emptied several times; each time they flushed first, so no write (one per flush here) holds
    // the same series and second twice.
    expect(out.writes.length).toBeGreaterThan(5);
    for (const write of out.writes) expect((write.match(/kind:steady/g) ?? []).length).toBeLessThanOrEqual(1);
  });
});

describe('default tags, prefix, disabled', () => {
  it('reads MONITORING_TAGS and DD_ENV/DD_SERVICE/DD_VERSION, merged with instance tags', () => {
    const { out, metrics } = setup({
      env: { MONITORING_TAGS: 'team:CI, env:prod', DD_ENV: 'staging', DD_SERVICE: 'checkout', DD_VERSION: '1.2.3' },
      tags: { region: 'eu' },
    });
    metrics.count('a', 1, ['route:/x']);
    metrics.flush();
    // MONITORING_TAGS names env already, so DD_ENV does not add a second one.
    expect(out.points()[0]!.tags).toEqual(['env:prod', 'region:eu', 'route:/x', 'service:checkout', 'team:ci', 'version:1.2.3']);
  });

  it('puts MONITORING_PREFIX (or the prefix option) in front of every name', () => {
    const fromEnv = setup({ env: { MONITORING_PREFIX: 'shop' } });
    fromEnv.metrics.count('orders');
    fromEnv.metrics.flush();
    const fromOption = setup({ env: { MONITORING_PREFIX: 'shop' }, prefix: 'app.' });
    fromOption.metrics.count('orders');
    fromOption.metrics.flush();
    expect([fromEnv.out.points()[0]!.name, fromOption.out.points()[0]!.name]).toEqual(['shop.orders', 'app.orders']);
  });

  it('writes nothing when MONITORING_DISABLED=true, but still validates', () => {
    const { out, metrics } = setup({ env: { MONITORING_DISABLED: 'true' } });
    metrics.count('fine');
    metrics.count('not fine');
    metrics.flush();
    expect(out.writes).toEqual([]);
    expect(metrics.rejected).toEqual({ total: 1, byReason: { bad_name: 1 } });
  });
});

describe('rejected calls', () => {
  it('are counted by reason, never thrown, and never drop the good data beside them', () => {
    const { out, metrics } = setup();
    metrics.count('good', 1);
    metrics.count('bad name!', 1);
    metrics.gauge('temp', Number.NaN);
    metrics.gauge('temp', Number.POSITIVE_INFINITY);
    metrics.histogram('h', '12' as unknown as number);
    metrics.check('svc', 7 as never);
    metrics.count(42 as unknown as string);
    metrics.count('good', 2);
    metrics.flush();
    expect(out.points().map((p) => [p.name, p.value])).toEqual([['good', 3]]);
    expect(metrics.rejected).toEqual({ total: 6, byReason: { bad_name: 2, bad_value: 3, bad_check_status: 1 } });
  });

  it('warn once per distinct problem, not per call', () => {
    const { err, metrics } = setup();
    for (let i = 0; i < 1000; i++) {
      metrics.count('bad name');
      metrics.gauge('g', Number.NaN);
    }
    metrics.count('other bad');
    expect(metrics.rejected.total).toBe(2001);
    expect(err.writes).toHaveLength(3);
    expect(err.writes[0]).toMatch(/^lambda-dd-metrics: .*bad_name.*"bad name"/);
    expect(err.writes[1]).toMatch(/bad_value.*"g".*NaN/);
  });

  it('stop warning after 100 distinct problems, saying so once', () => {
    const { err, metrics } = setup();
    for (let i = 0; i < 5000; i++) metrics.count(`bad name ${i}`);
    expect(err.writes).toHaveLength(101);
    expect(err.writes[100]).toMatch(/suppressed/);
    expect(metrics.rejected.total).toBe(5000);
  });

  it("refuse names the forwarder owns (aws.lambda.*, forwarder.*), with or without the prefix, as the forwarder would", () => {
    const { out, err, metrics } = setup();
    metrics.count('aws.lambda.enhanced.invocations');
    metrics.gauge('forwarder.batches', 1);
    metrics.count('aws.lambdas'); // not under "aws.lambda."
    metrics.count('forwarder_batches');
    metrics.flush();
    const prefixed = setup({ env: { MONITORING_PREFIX: 'aws.lambda' } });
    prefixed.metrics.count('orders');
    prefixed.metrics.flush();
    expect(out.points().map((p) => p.name).sort()).toEqual(['aws.lambdas', 'forwarder_batches']);
    expect(metrics.rejected).toEqual({ total: 2, byReason: { reserved_name: 2 } });
    expect(err.writes[0]).toMatch(/reserved_name.*"aws\.lambda\.enhanced\.invocations" is under "aws\.lambda\."/);
    expect(prefixed.out.writes).toEqual([]);
    expect(prefixed.metrics.rejected).toEqual({ total: 1, byReason: { reserved_name: 1 } });
    expect(() => setup({ strict: true }).metrics.count('forwarder.events')).toThrow(MetricsValidationError);
  });

  it('throw MetricsValidationError in strict mode (option or MONITORING_STRICT)', () => {
    const byOption = setup({ strict: true }).metrics;
    const byEnv = setup({ env: { MONITORING_STRICT: 'true' } }).metrics;
    for (const metrics of [byOption, byEnv]) {
      expect(() => metrics.count('bad name')).toThrow(MetricsValidationError);
      try {
        metrics.check('svc', 9 as never);
        throw new Error('did not throw');
      } catch (error) {
        expect(error).toBeInstanceOf(MetricsValidationError);
        expect((error as MetricsValidationError).reason).toBe('bad_check_status');
      }
    }
  });

  it('include names, values and tags that cannot even be turned into text, without throwing', () => {
    const { out, err, metrics } = setup();
    const hostile = { toString: () => { throw new Error('no'); } };
    metrics.count('a', 1, { route: hostile } as never);
    metrics.count(hostile as never, 1);
    metrics.gauge('g', hostile as never);
    metrics.count('a', 1);
    metrics.flush();
    expect(out.points().map((p) => [p.name, p.value])).toEqual([['a', 1]]);
    expect(metrics.rejected).toEqual({ total: 3, byReason: { malformed: 1, bad_name: 1, bad_value: 1 } });
    expect(err.writes).toHaveLength(3);
  });

  it('survive an output that throws', () => {
    const err = new Capture();
    const metrics = createMetrics({ env: {}, errorOutput: err.write, output: () => { throw new Error('EPIPE'); } });
    metrics.count('a');
    expect(() => metrics.flush()).not.toThrow();
    expect(err.writes.join('')).toMatch(/writing metrics failed: Error: EPIPE/);
  });
});

describe('tag warnings', () => {
  it('warn once for reserved keys and unbounded-looking values, and still send the metric', () => {
    const { out, err, metrics } = setup();
    for (let i = 0; i < 10; i++) {
      metrics.count('a', 1, { host: 'box1', request: `0f8fad5b-d9cb-469f-a165-70867728950${i}` });
    }
    metrics.flush();
    expect(err.writes).toHaveLength(2);
    expect(err.writes.join('')).toMatch(/"host" is reserved/);
    expect(err.writes.join('')).toMatch(/"request" looks unbounded/);
    expect(out.points()).toHaveLength(10);
  });
});

describe('options', () => {
  it('refuses a cap that is not a positive integer', () => {
    expect(() => createMetrics({ env: {}, maxBufferedLines: 0 })).toThrow(RangeError);
  });
});

describe('the default instance', () => {
  it('is one Metrics stored on globalThis under the documented Symbol.for key', () => {
    expect(metric).toBeInstanceOf(Metrics);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for(EmitterGlobals.defaultInstanceKey)]).toBe(metric);
  });
});
