/**
 * The Lambda simulator writes what CloudWatch Logs would hold, and the REAL forwarder pipeline (processEvent, via the
 * subscription encoding the runner uses) reads it back: invocations, cold starts, timeouts, errors, metric lines.
 */
import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { platformNames } from '../../forwarder/metric-names.js';
import { processEvent } from '../../forwarder/pipeline.js';
import type { DistributionSeries } from '../../forwarder/types.js';
import { Expectations } from '../../local/expected.js';
import { LambdaSim } from '../../local/lambda-sim.js';
import { seededRandom } from '../../local/random.js';
import { subscriptionEvents } from '../../local/subscription.js';
import type { FunctionSpec, LogFormatName } from '../../local/types.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const SPEC: FunctionSpec = { memoryMb: 256, timeoutSeconds: 3, durationMs: [50, 60], initDurationMs: [200, 300], maxMemoryUsedMb: [80, 90], metricOutput: 'stdout' };
const SPECS = { 'fn-raw': SPEC, 'fn-console': { ...SPEC, metricOutput: 'console' as const } };

function setUp(format: LogFormatName = 'text') {
  const expectations = new Expectations();
  const sim = new LambdaSim({ format, random: seededRandom(1), specs: SPECS, expectations, realTime: false });
  /** A handler in the shape middy gives the real ones: count, maybe call AWS, flush whatever happens. */
  const handler = (options: { awsCall?: boolean } = {}) => async (_event: unknown, _context: Context) => {
    try {
      sim.metrics.count('orders.placed', 2, { plan: 'pro' });
      sim.metrics.histogram('orders.latency', 40);
      if (options.awsCall) await sim.faults.before('codebuild');
      return 'done';
    } finally {
      sim.metrics.flush();
    }
  };
  /** Everything logged so far, through the forwarder's own pipeline. */
  const forward = () => {
    const batches = sim.takeBatches();
    const results = batches.flatMap((b) => subscriptionEvents('123456789012', b.logGroup, b.logStream, b.events)).map((event) => processEvent(event, { now: Date.now(), region: 'us-east-1' }));
    const distributions = results.flatMap((r) => r.outbound.distributions);
    const total = (metric: string) => sum(distributions.filter((d) => d.metric === metric));
    return { batches, results, total, distributions };
  };
  return { sim, expectations, handler, forward };
}

const sum = (series: DistributionSeries[]) => series.flatMap((s) => s.points.flatMap(([, values]) => values)).reduce((a, b) => a + b, 0);

describe('LambdaSim', () => {
  it.each<LogFormatName>(['text', 'json'])('starts cold once per container and logs metrics, START and REPORT the forwarder reads (%s format)', async (format) => {
    const { sim, expectations, handler, forward } = setUp(format);

    expect(await sim.invoke('fn-raw', {}, handler())).toBe('done');
    await sim.invoke('fn-raw', {}, handler());

    const { batches, results, total, distributions } = forward();
    expect(batches).toHaveLength(1); // one container, one log stream
    expect(batches[0]?.logGroup).toBe('/aws/lambda/fn-raw');
    expect(batches[0]?.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(new Set(batches[0]?.events.map((e) => e.id)).size).toBe(batches[0]?.events.length);
    expect(results[0]?.stats).toMatchObject({ reports: 2, errors: 0, linesParsed: 4, rejected: {} });
    expect(total(P.Invocations)).toBe(2);
    expect(distributions.filter((d) => d.metric === P.InitDuration).flatMap((d) => d.points)).toHaveLength(1);
    expect(total('orders.placed')).toBe(4);
    expect(expectations.coldStarts).toEqual({ 'fn-raw': 1 });
    expect(expectations.metrics.get('orders.placed')).toEqual({ type: 'count', sum: 4, values: 2 });
    expect(expectations.logEvents).toBe(batches[0]?.events.length);
  });

  it('starts a second container, cold, for an invocation that overlaps a busy one', async () => {
    const { sim, expectations, handler, forward } = setUp();
    await Promise.all([sim.invoke('fn-raw', {}, handler()), sim.invoke('fn-raw', {}, handler())]);
    expect(sim.containerCounts()).toEqual({ 'fn-raw': 2 });
    expect(expectations.coldStarts).toEqual({ 'fn-raw': 2 });
    expect(forward().batches).toHaveLength(2);
  });

  it('writes runtime-prefixed lines for a function that logs its metrics with console.log', async () => {
    const { sim, handler, forward } = setUp();
    await sim.invoke('fn-console', {}, handler());
    const { batches, total } = forward();
    const metricEvent = batches[0]?.events.find((e) => e.message.includes('MONITORING|'));
    expect(metricEvent?.message).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\t[0-9a-f-]{36}\tINFO\tMONITORING\|\d+\|2\|count\|orders\.placed\|#plan:pro\rMONITORING\|/);
    expect(total('orders.placed')).toBe(2);
  });

  it('a timeout loses the buffered metrics with the process, counts one timeout, and the next invocation starts cold elsewhere', async () => {
    const { sim, expectations, handler, forward } = setUp();
    await expect(sim.invoke('fn-raw', {}, handler({ awsCall: true }), { fault: 'timeout' })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    await sim.invoke('fn-raw', {}, handler());

    const { batches, total, results } = forward();
    expect(batches).toHaveLength(2);
    expect(batches[0]?.events.map((e) => e.message).join('')).toMatch(/Task timed out after 3\.00 seconds\n[\s\S]*Status: timeout\t/);
    expect(total(P.Timeouts)).toBe(1);
    expect(total(P.Errors)).toBe(1);
    expect(total('orders.placed')).toBe(2); // only the second invocation's
    expect(results.every((r) => Object.keys(r.stats.rejected).length === 0)).toBe(true);
    expect(expectations.metrics.get('orders.placed')?.sum).toBe(2);
    expect(expectations.coldStarts).toEqual({ 'fn-raw': 2 });
  });

  it.each<LogFormatName>(['text', 'json'])('an AWS call that fails makes the handler throw: Invoke Error logged, one error counted, metrics kept (%s)', async (format) => {
    const { sim, expectations, handler, forward } = setUp(format);
    await expect(sim.invoke('fn-raw', {}, handler({ awsCall: true }), { fault: 'error' })).rejects.toMatchObject({ name: 'AccountLimitExceededException' });
    const { total, batches } = forward();
    expect(batches[0]?.events.some((e) => e.message.includes('Invoke Error'))).toBe(true);
    expect(total(P.Errors)).toBe(1);
    expect(total(P.Timeouts)).toBe(0);
    expect(total('orders.placed')).toBe(2);
    expect(expectations.errors).toEqual({ 'fn-raw': 1 });
  });

  it('counts hand-written console lines: accepted ones as metrics, wrong ones as rejections by reason', async () => {
    const { sim, expectations, handler, forward } = setUp();
    const seconds = Math.floor(Date.now() / 1000);
    await sim.invoke('fn-raw', {}, handler(), { consoleLines: [`MONITORING|${seconds}000|1|count|debug.hits`, `MONITORING|${seconds}|x|count|debug.hits`] });
    const { results, total } = forward();
    expect(results[0]?.stats.rejected).toEqual({ bad_value: 1 });
    expect(total('debug.hits')).toBe(1);
    expect(expectations.rejected).toEqual({ bad_value: 1 });
    expect(expectations.linesAccepted).toBe(3);
  });
});
