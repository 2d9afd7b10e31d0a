import type { Context, SQSEvent } from 'aws-lambda';
import { createMetrics, withMetrics } from '../../emitter/index.js';
import type { LambdaCallback } from '../../emitter/index.js';
import { Capture, deferred, FakeClock, lambdaContext, waitFor } from './support.js';

function setup() {
  const out = new Capture();
  const clock = new FakeClock();
  const metrics = createMetrics({ output: out.write, errorOutput: () => {}, now: clock.now, env: {} });
  return { out, clock, metrics };
}

describe('withMetrics, async handlers', () => {
  it('flushes after success, before the result is handed back, and passes the result through', async () => {
    const { out, metrics } = setup();
    const handler = withMetrics(async (event: { n: number }) => {
      metrics.count('orders', event.n);
      return { ok: true };
    }, { metrics });
    expect(handler.length).toBe(2);
    const result = await handler({ n: 3 }, lambdaContext(10_000));
    expect(result).toEqual({ ok: true });
    expect(out.points().map((p) => [p.name, p.value])).toEqual([['orders', 3]]);
  });

  it('flushes after a throw and re-throws the same error', async () => {
    const { out, metrics } = setup();
    const boom = new TypeError('boom');
    const handler = withMetrics(async () => {
      metrics.count('attempts');
      throw boom;
    }, { metrics });
    await expect(handler({}, lambdaContext(10_000))).rejects.toBe(boom);
    expect(out.points().map((p) => p.name)).toEqual(['attempts']);
  });

  it('flushes before the deadline while the handler is still running (timeout)', async () => {
    const { out, metrics } = setup();
    const release = deferred();
    let finished = false;
    const handler = withMetrics(async () => {
      metrics.count('started');
      await release.promise; // stands for work that outlives the function's timeout
      finished = true;
    }, { metrics, timeoutMarginMs: 50 });

    const running = handler({}, lambdaContext(150));
    await waitFor(() => out.writes.length > 0);
    expect(finished).toBe(false);
    expect(out.points().map((p) => p.name)).toEqual(['started']);

    release.resolve();
    await running;
  });

  it("accepts handlers typed with AWS's own event and Context types, keeping them", async () => {
    const { out, metrics } = setup();
    const handler: (event: SQSEvent, context: Context) => Promise<number> = withMetrics(
      async (event: SQSEvent, context: Context) => {
        metrics.count('sqs.records', event.Records.length, { fn: context.functionName });
        return event.Records.length;
      },
      { metrics },
    );
    const context = { ...lambdaContext(10_000), functionName: 'orders' } as unknown as Context;
    await expect(handler({ Records: [] }, context)).resolves.toBe(0);
    expect(out.points()[0]!.tags).toEqual(['fn:orders']);
  });

  it('works without a Lambda context (no deadline to arm)', async () => {
    const { out, metrics } = setup();
    const handler = withMetrics(async () => metrics.gauge('g', 1), { metrics });
    await handler({}, {});
    expect(out.points()).toHaveLength(1);
  });
});

describe('withMetrics, callback handlers', () => {
  it('keeps the callback signature and flushes before calling the callback', async () => {
    const { out, metrics } = setup();
    const seenAtCallback: number[] = [];
    const handler = withMetrics((_event: unknown, _context: unknown, callback: LambdaCallback<string>) => {
      metrics.count('cb.calls');
      callback(null, 'done');
    }, { metrics });
    expect(handler.length).toBe(3);
    const result = await new Promise((resolve, reject) =>
      handler({}, lambdaContext(10_000), (error, value) => {
        seenAtCallback.push(out.writes.length);
        if (error) reject(error);
        else resolve(value);
      }),
    );
    expect(result).toBe('done');
    expect(seenAtCallback).toEqual([1]);
  });

  it('writes what background work recorded after the callback at the start of the next invocation, with its own timestamp', async () => {
    const { out, clock, metrics } = setup();
    const background = deferred();
    let invocation = 0;
    const handler = withMetrics((_event: unknown, context: { callbackWaitsForEmptyEventLoop: boolean }, callback: LambdaCallback<string>) => {
      invocation++;
      context.callbackWaitsForEmptyEventLoop = false;
      metrics.count('invocations');
      if (invocation === 1) {
        setTimeout(() => {
          clock.ms += 5_000; // the work finishes seconds later
          metrics.count('background.done');
          background.resolve();
        }, 1);
      }
      callback(null, 'ok');
    }, { metrics });

    const invoke = () => new Promise<void>((resolve) => handler({}, lambdaContext(10_000), () => resolve()));
    const firstSecond = clock.second;
    await invoke();
    expect(out.writes).toHaveLength(1);
    await background.promise;
    expect(out.writes).toHaveLength(1); // nothing written between invocations

    clock.ms += 60_000;
    await invoke();
    expect(out.writes).toHaveLength(3); // leftovers first, then this invocation
    expect(out.points().map((p) => [p.name, p.timestamp - firstSecond])).toEqual([
      ['invocations', 0],
      ['background.done', 5],
      ['invocations', 65],
    ]);
  });

  it('flushes when the callback carries an error, and when the handler throws', () => {
    const { out, metrics } = setup();
    const failure = new Error('failed');
    const viaCallback = withMetrics((_e: unknown, _c: unknown, callback: LambdaCallback<never>) => {
      metrics.count('a');
      callback(failure);
    }, { metrics });
    const errors: unknown[] = [];
    viaCallback({}, {}, (error) => errors.push(error));
    expect(errors).toEqual([failure]);
    expect(out.writes).toHaveLength(1);

    const throwing = withMetrics((_e: unknown, _c: unknown, _callback: LambdaCallback<never>) => {
      metrics.count('b');
      throw failure;
    }, { metrics });
    expect(() => throwing({}, {}, () => {})).toThrow(failure);
    expect(out.points().map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('follows the promise when a handler declares the callback but returns a promise', async () => {
    const { out, metrics } = setup();
    const handler = withMetrics(async (_e: unknown, _c: unknown, _callback: LambdaCallback<number>) => {
      metrics.count('hybrid');
      return 7;
    }, { metrics });
    const result = await (handler({}, {}, () => {}) as unknown as Promise<number>);
    expect(result).toBe(7);
    expect(out.points().map((p) => p.name)).toEqual(['hybrid']);
  });
});
