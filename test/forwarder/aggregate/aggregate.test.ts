import type { MonitoringPoint } from '../../../emitter/types.js';
import { aggregate } from '../../../forwarder/aggregate/index.js';
import { platformNames } from '../../../forwarder/metric-names.js';
import type { EnrichedBatch, InvocationError, InvocationReport } from '../../../forwarder/types.js';

const T0 = 1736942400; // 2025-01-15T12:00:00Z, a multiple of 10
const NOW = (T0 + 60) * 1000;
const TAGS = ['account_id:123456789012', 'functionname:checkout-api', 'region:us-east-1'];

function batch(parts: Partial<Pick<EnrichedBatch, 'metrics' | 'reports' | 'errors'>>): EnrichedBatch {
  return {
    batch: { owner: '123456789012', logGroup: '/aws/lambda/checkout-api', logStream: 's', functionName: 'checkout-api' },
    metrics: parts.metrics ?? [],
    reports: parts.reports ?? [],
    errors: parts.errors ?? [],
    platformTags: TAGS,
  };
}

function point(type: MonitoringPoint['type'], name: string, value: number, timestamp: number, tags = TAGS): MonitoringPoint {
  return { name, type, value, timestamp, tags };
}

describe('custom metrics', () => {
  it('sums 1000 counts into one distribution point per 10-second bucket', () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => point('count', 'orders.placed', 1 + (i % 3), T0 + (i % 20)));
    const { outbound } = aggregate(batch({ metrics }), { now: NOW });
    const expectedSum = (from: number, to: number): number => metrics.filter((m) => m.timestamp >= from && m.timestamp < to).reduce((s, m) => s + m.value, 0);
    expect(outbound.distributions).toEqual([
      {
        metric: 'orders.placed',
        type: 'distribution',
        tags: TAGS,
        points: [
          [T0, [expectedSum(T0, T0 + 10)]],
          [T0 + 10, [expectedSum(T0 + 10, T0 + 20)]],
        ],
      },
    ]);
    expect(expectedSum(T0, T0 + 20)).toBe(1999);
  });

  it('keeps every histogram value of a series + bucket in one point', () => {
    const metrics = [point('histogram', 'latency', 30, T0 + 1), point('histogram', 'latency', 10, T0 + 9), point('histogram', 'latency', 20, T0 + 3), point('histogram', 'latency', 10, T0 + 11)];
    const { outbound } = aggregate(batch({ metrics }), { now: NOW });
    expect(outbound.distributions[0]?.points).toEqual([
      [T0, [10, 20, 30]],
      [T0 + 10, [10]],
    ]);
  });

  it('keeps series with different tags apart', () => {
    const other = [...TAGS, 'tier:gold'];
    const { outbound } = aggregate(batch({ metrics: [point('count', 'a', 1, T0), point('count', 'a', 2, T0, other)] }), { now: NOW });
    expect(outbound.distributions.map((d) => [d.tags, d.points])).toEqual([
      [TAGS, [[T0, [1]]]],
      [other, [[T0, [2]]]],
    ]);
  });

  it('sends gauges as v2 series type 3, the last value per series and timestamp winning', () => {
    const metrics = [point('gauge', 'queue.depth', 5, T0), point('gauge', 'queue.depth', 9, T0), point('gauge', 'queue.depth', 7, T0 + 1)];
    const { outbound } = aggregate(batch({ metrics }), { now: NOW });
    expect(outbound.series).toEqual([
      { metric: 'queue.depth', type: 3, tags: TAGS, points: [{ timestamp: T0, value: 9 }, { timestamp: T0 + 1, value: 7 }] },
    ]);
    expect(outbound.distributions).toEqual([]);
  });

  it('sends checks as check runs', () => {
    const { outbound } = aggregate(batch({ metrics: [point('check', 'payments.provider_up', 2, T0 + 3)] }), { now: NOW });
    expect(outbound.checks).toEqual([{ check: 'payments.provider_up', status: 2, tags: TAGS, timestamp: T0 + 3 }]);
  });

  it('drops and counts points older than 1 hour or more than 10 minutes ahead', () => {
    const nowSec = NOW / 1000;
    const metrics = [
      point('count', 'old', 1, nowSec - 3700),
      point('gauge', 'old', 1, nowSec - 3601),
      point('count', 'edge', 1, nowSec - 3600),
      point('gauge', 'ahead', 1, nowSec + 601),
      point('histogram', 'ahead', 1, nowSec + 1000),
      point('gauge', 'fine', 1, nowSec + 600),
    ];
    const result = aggregate(batch({ metrics }), { now: NOW });
    expect(result.pointsDropped).toEqual({ too_old: 2, too_new: 2 });
    expect([...result.outbound.distributions.map((d) => d.metric), ...result.outbound.series.map((s) => s.metric)]).toEqual(['edge', 'fine']);
    expect(result.pointsOut).toBe(2);
  });

  it('is deterministic: output sorted whatever the input order', () => {
    const metrics = [point('count', 'b', 1, T0 + 10), point('count', 'a', 1, T0), point('count', 'b', 1, T0), point('gauge', 'z', 1, T0 + 2), point('gauge', 'y', 1, T0)];
    const forward = aggregate(batch({ metrics }), { now: NOW }).outbound;
    const backward = aggregate(batch({ metrics: [...metrics].reverse() }), { now: NOW }).outbound;
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(forward.distributions.map((d) => d.metric)).toEqual(['a', 'b']);
    expect(forward.distributions[1]?.points.map((p) => p[0])).toEqual([T0, T0 + 10]);
  });
});

describe('platform metrics', () => {
  const ms = (sec: number): number => sec * 1000 + 250; // REPORT events carry ms timestamps
  const warm: InvocationReport = { requestId: 'r1', timestamp: ms(T0 + 2), durationMs: 46.84, billedDurationMs: 47, memorySizeMb: 192, maxMemoryUsedMb: 72 };
  const cold: InvocationReport = { requestId: 'r2', timestamp: ms(T0 + 4), durationMs: 100, billedDurationMs: 100, memorySizeMb: 192, maxMemoryUsedMb: 80, initDurationMs: 150.12 };
  const restored: InvocationReport = { requestId: 'r3', timestamp: ms(T0 + 5), durationMs: 20, restoreDurationMs: 474.16 };
  const P = platformNames().platform;
  const legacy = platformNames('aws_lambda').platform;
  const tagged = (...extra: string[]): string[] => [...TAGS, ...extra].sort();

  function byMetric(result: ReturnType<typeof aggregate>): Record<string, Array<[string[], Array<[number, number[]]>]>> {
    const out: Record<string, Array<[string[], Array<[number, number[]]>]>> = {};
    for (const d of result.outbound.distributions) (out[d.metric] ??= []).push([d.tags, d.points]);
    return out;
  }

  it("by default: Datadog's enhanced names, durations in seconds, memory in MB, every metric of an invocation tagged cold_start and its memorysize", () => {
    const metrics = byMetric(aggregate(batch({ reports: [warm, cold, restored] }), { now: NOW }));
    const warmTags = tagged('cold_start:false', 'memorysize:192');
    const coldTags = tagged('cold_start:true', 'memorysize:192');
    const restoredTags = tagged('cold_start:true'); // its report names no memory size
    expect(P.Duration).toBe('aws.lambda.enhanced.duration');
    expect(metrics[P.Invocations]).toEqual([[warmTags, [[T0, [1]]]], [coldTags, [[T0, [1]]]], [restoredTags, [[T0, [1]]]]]);
    expect(metrics[P.Duration]).toEqual([[warmTags, [[T0, [0.04684]]]], [coldTags, [[T0, [0.1]]]], [restoredTags, [[T0, [0.02]]]]]);
    expect(metrics[P.BilledDuration]).toEqual([[warmTags, [[T0, [0.047]]]], [coldTags, [[T0, [0.1]]]]]);
    expect(metrics[P.InitDuration]).toEqual([[coldTags, [[T0, [0.15012]]]]]);
    expect(metrics[P.RestoreDuration]).toEqual([[restoredTags, [[T0, [0.47416]]]]]);
    expect(metrics[P.MaxMemoryUsed]).toEqual([[warmTags, [[T0, [72]]]], [coldTags, [[T0, [80]]]]]);
    expect(metrics[P.MemorySize]).toEqual([[warmTags, [[T0, [192]]]], [coldTags, [[T0, [192]]]]]);
    expect(metrics[P.EstimatedCost]?.map(([tags]) => tags)).toEqual([warmTags, coldTags]);
    expect(metrics[P.Errors]).toBeUndefined();
  });

  it("the aws_lambda naming keeps the first names and units: aws.lambda.*, milliseconds, memory_size", () => {
    const metrics = byMetric(aggregate(batch({ reports: [cold] }), { now: NOW, naming: 'aws_lambda' }));
    const coldTags = tagged('cold_start:true', 'memorysize:192');
    expect(Object.keys(metrics).sort()).toEqual(
      ['aws.lambda.billed_duration', 'aws.lambda.duration', 'aws.lambda.estimated_cost', 'aws.lambda.init_duration', 'aws.lambda.invocations', 'aws.lambda.max_memory_used', 'aws.lambda.memory_size'],
    );
    expect(metrics[legacy.Duration]).toEqual([[coldTags, [[T0, [100]]]]]);
    expect(metrics[legacy.InitDuration]).toEqual([[coldTags, [[T0, [150.12]]]]]);
  });

  it('uses the prefix option under either naming', () => {
    for (const naming of ['enhanced', 'aws_lambda'] as const) {
      const result = aggregate(batch({ reports: [warm] }), { now: NOW, naming, prefix: 'acme.lambda' });
      expect(result.outbound.distributions.map((d) => d.metric)).toContain('acme.lambda.duration');
      expect(result.outbound.distributions.every((d) => d.metric.startsWith('acme.lambda.'))).toBe(true);
    }
  });

  it("the report's memory size wins over the function's configured one (a configuration change between the two)", () => {
    const enriched = { ...batch({ reports: [warm] }), platformTags: tagged('memorysize:1024', 'team:a') };
    const [invocations] = byMetric(aggregate(enriched, { now: NOW }))[P.Invocations] ?? [];
    expect(invocations?.[0]).toEqual(tagged('cold_start:false', 'memorysize:192', 'team:a'));
  });

  it('counts each failed invocation once across all its signals; a signal without request id after the last failure counts once', () => {
    const errors: InvocationError[] = [
      { requestId: 'r1', timestamp: ms(T0 + 1), kind: 'unhandled' }, // Invoke Error
      { requestId: 'r1', timestamp: ms(T0 + 2), kind: 'unhandled' }, // Status: error
      { requestId: 'r2', timestamp: ms(T0 + 3), kind: 'timeout' }, // Task timed out
      { requestId: 'r2', timestamp: ms(T0 + 3), kind: 'timeout' }, // Status: timeout
      { requestId: 'r3', timestamp: ms(T0 + 4), kind: 'out_of_memory' },
      { requestId: 'r3', timestamp: ms(T0 + 4), kind: 'unhandled' },
      { timestamp: ms(T0 + 5), kind: 'init_failure' },
      { timestamp: ms(T0 + 6), kind: 'out_of_memory' },
    ];
    const result = aggregate(batch({ errors }), { now: NOW });
    const metrics = byMetric(result);
    expect(result.failures).toBe(5);
    // No report in the batch says whether r1..r3 were cold; the init failure was.
    expect(metrics[P.Errors]).toEqual([[tagged('cold_start:true'), [[T0, [1]]]], [TAGS, [[T0, [4]]]]]);
    expect(metrics[P.Timeouts]).toEqual([[TAGS, [[T0, [1]]]]]);
    expect(metrics[P.OutOfMemory]).toEqual([[TAGS, [[T0, [2]]]]]);
  });

  it('errors, timeouts and out_of_memory carry the tags of their invocation, cold_start and memorysize included', () => {
    const timedOut: InvocationReport = { ...cold, requestId: 'r9', status: 'timeout' };
    const errors: InvocationError[] = [{ requestId: 'r9', timestamp: ms(T0 + 3), kind: 'timeout' }, { requestId: 'r9', timestamp: ms(T0 + 4), kind: 'out_of_memory' }];
    const metrics = byMetric(aggregate(batch({ reports: [timedOut], errors }), { now: NOW }));
    const coldTags = tagged('cold_start:true', 'memorysize:192');
    for (const key of ['Invocations', 'Errors', 'Timeouts', 'OutOfMemory', 'Duration', 'MaxMemoryUsed', 'EstimatedCost'] as const) {
      expect(metrics[P[key]]?.map(([tags]) => tags)).toEqual([coldTags]);
    }
  });

  it('drops platform points outside the window like any other', () => {
    const old: InvocationReport = { requestId: 'old', timestamp: NOW - 2 * 3600 * 1000, durationMs: 1 };
    const result = aggregate(batch({ reports: [old] }), { now: NOW });
    expect(result.outbound.distributions).toEqual([]);
    expect(result.pointsDropped.too_old).toBe(2); // invocations + duration
  });
});
