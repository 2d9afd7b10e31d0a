/** metricsMiddleware with the real @middy/core 6 (installed as a dev dependency; an optional peer for users). */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createMetrics, metric } from '../../emitter/index.js';
import { metricsMiddleware } from '../../emitter/middy.js';
import { Capture, deferred, FakeClock, lambdaContext } from './support.js';

function setup() {
  const out = new Capture();
  const clock = new FakeClock();
  const metrics = createMetrics({ output: out.write, errorOutput: () => {}, now: clock.now, env: {} });
  return { out, clock, metrics };
}

const context = (remainingMs: number) => lambdaContext(remainingMs) as unknown as Context;

describe('metricsMiddleware', () => {
  it('flushes after success without changing the response', async () => {
    const { out, metrics } = setup();
    const handler = middy(async (event: { n: number }) => {
      metrics.histogram('batch.size', event.n);
      return { statusCode: 200 };
    }).use(metricsMiddleware({ metrics }));
    await expect(handler({ n: 4 }, context(10_000))).resolves.toEqual({ statusCode: 200 });
    expect(out.points().map((p) => [p.name, p.value])).toEqual([['batch.size', 4]]);
  });

  it('flushes on error and lets middy re-throw the original error', async () => {
    const { out, metrics } = setup();
    const boom = new Error('boom');
    const handler = middy(async () => {
      metrics.count('failures');
      throw boom;
    }).use(metricsMiddleware({ metrics }));
    await expect(handler({}, context(10_000))).rejects.toBe(boom);
    expect(out.points().map((p) => p.name)).toEqual(['failures']);
  });

  it("flushes when middy's timeoutEarlyInMillis raises its TimeoutError before the deadline", async () => {
    const { out, metrics } = setup();
    const never = deferred();
    const handler = middy(
      async (_event: unknown, _context: Context, { signal }: { signal: AbortSignal }) => {
        metrics.count('slow.started');
        signal.addEventListener('abort', () => never.resolve());
        await never.promise;
      },
      { timeoutEarlyInMillis: 50 },
    ).use(metricsMiddleware({ metrics }));
    const error = await handler({}, context(120)).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(out.points().map((p) => p.name)).toEqual(['slow.started']);
  });

  it('writes what earlier invocations left behind at the start of the next one', async () => {
    const { out, clock, metrics } = setup();
    const handler = middy(async () => {
      metrics.count('invocations');
    }).use(metricsMiddleware({ metrics }));
    await handler({}, context(10_000));
    metrics.count('late.work'); // recorded after the flush, e.g. by a promise the handler did not await
    clock.ms += 2_000;
    const before = out.writes.length;
    await handler({}, context(10_000));
    expect(out.writes.length).toBe(before + 2);
    expect(out.points().map((p) => p.name)).toEqual(['invocations', 'late.work', 'invocations']);
  });

  it('flushes the shared default instance to stdout unless told otherwise, returning nothing from its hooks', () => {
    const middleware = metricsMiddleware();
    const written: string[] = [];
    const realWrite = process.stdout.write;
    process.stdout.write = ((text: string) => written.push(text) > 0) as typeof process.stdout.write;
    try {
      metric.count('middy.default.instance');
      expect(metric.bufferedLines).toBe(1);
      expect(middleware.after({})).toBeUndefined();
      expect(middleware.before({})).toBeUndefined();
      expect(middleware.onError({})).toBeUndefined();
    } finally {
      process.stdout.write = realWrite;
    }
    expect(metric.bufferedLines).toBe(0);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^MONITORING\|\d+\|1\|count\|middy\.default\.instance\n$/);
  });
});
