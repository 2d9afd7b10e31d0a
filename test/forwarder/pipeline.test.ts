import { platformNames } from '../../forwarder/metric-names.js';
import { processEvent } from '../../forwarder/pipeline.js';
import { dataPayload, toAwslogsEvent, controlPayload } from './fixtures/awslogs.js';
import { buildRealisticBatch } from './fixtures/batch.js';
import { Monitoring, RequestIds, T0, Text } from './fixtures/lines.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;
const OPTIONS = { now: (T0 + 120) * 1000, region: 'us-east-1', ddTags: 'env:prod' };

describe('processEvent', () => {
  it('turns a realistic 10,000-event batch into exact totals', () => {
    const { event, expected, now } = buildRealisticBatch({ events: 10_000 });
    const { outbound, stats, outcome } = processEvent(event, { now, region: 'us-east-1' });
    expect(outcome).toBe('processed');
    expect(stats).toMatchObject({ batches: 1, events: 10_000, linesParsed: expected.monitoringLines, reports: expected.invocations, errors: 0, rejected: {} });
    expect(stats.pointsDropped).toEqual({ too_old: 0, too_new: 0 });

    const sumOf = (metric: string): number =>
      outbound.distributions.filter((d) => d.metric === metric).reduce((s, d) => s + d.points.reduce((t, [, values]) => t + values.reduce((u, v) => u + v, 0), 0), 0);
    const valuesOf = (metric: string): number =>
      outbound.distributions.filter((d) => d.metric === metric).reduce((s, d) => s + d.points.reduce((t, [, values]) => t + values.length, 0), 0);
    for (const [metric, total] of Object.entries(expected.countTotals)) expect(sumOf(metric)).toBe(total);
    for (const [metric, count] of Object.entries(expected.histogramValues)) expect(valuesOf(metric)).toBe(count);
    expect(sumOf(P.Invocations)).toBe(expected.invocations);
    expect(valuesOf(P.InitDuration)).toBe(expected.coldStarts);
    expect(valuesOf(P.Duration)).toBe(expected.invocations);
    expect(outbound.series.every((s) => s.metric === 'queue.depth' && s.type === 3)).toBe(true);
    for (const d of outbound.distributions) expect(d.tags).toEqual(expect.arrayContaining(['functionname:checkout-api', 'region:us-east-1', 'account_id:123456789012']));
    // every timestamp in seconds, never milliseconds
    for (const d of outbound.distributions) for (const [ts] of d.points) expect(ts).toBeLessThan(1e11);
  });

  it('is deterministic: the same event gives byte-identical output', () => {
    const { event, now } = buildRealisticBatch({ events: 500, seed: 7 });
    expect(JSON.stringify(processEvent(event, { now, region: 'us-east-1' }))).toBe(JSON.stringify(processEvent(event, { now, region: 'us-east-1' })));
  });

  it('counts one error for a timed-out request however many signals say so', () => {
    const { a } = RequestIds;
    const messages = [`START RequestId: ${a} Version: $LATEST\n`, Text.taskTimedOut, `END RequestId: ${a}\n`, Text.reportTimeout];
    const { outbound, stats } = processEvent(toAwslogsEvent(dataPayload(messages, { startMs: T0 * 1000 })), OPTIONS);
    expect(stats.errors).toBe(1);
    const value = (metric: string) => outbound.distributions.find((d) => d.metric === metric)?.points[0]?.[1];
    expect(value(P.Errors)).toEqual([1]);
    expect(value(P.Timeouts)).toEqual([1]);
    expect(value(P.Invocations)).toEqual([1]);
  });

  it('counts rejections by grammar reason and still ships the good lines', () => {
    const { outbound, stats } = processEvent(toAwslogsEvent(dataPayload([Monitoring.raw, Monitoring.badValue, Monitoring.badType, Monitoring.badValue])), OPTIONS);
    expect(stats.rejected).toEqual({ bad_value: 2, bad_type: 1 });
    expect(stats.linesParsed).toBe(1);
    expect(outbound.distributions.map((d) => d.metric)).toEqual(['orders.placed']);
  });

  it('reports a control message as its own outcome with nothing to send', () => {
    const result = processEvent(toAwslogsEvent(controlPayload()), OPTIONS);
    expect(result.outcome).toBe('control');
    expect(result.outbound).toEqual({ distributions: [], series: [], checks: [] });
    expect(result.stats.batches).toBe(0);
  });

  it('reports an unreadable payload as rejected with its reason counted', () => {
    const result = processEvent({ awslogs: { data: 'Zm9vYmFy' } }, OPTIONS);
    expect(result.outcome).toBe('rejected');
    expect(result.rejection?.reason).toBe('bad_gzip');
    expect(result.stats.rejected).toEqual({ bad_gzip: 1 });
  });

  it('passes per-function tags through to every point', () => {
    const { outbound } = processEvent(toAwslogsEvent(dataPayload([Monitoring.raw, Text.reportDocs], { startMs: T0 * 1000 })), {
      ...OPTIONS,
      functionTags: ['memorysize:192', 'architecture:arm64'],
    });
    for (const d of outbound.distributions) expect(d.tags).toEqual(expect.arrayContaining(['memorysize:192', 'architecture:arm64', 'env:prod']));
  });
});
