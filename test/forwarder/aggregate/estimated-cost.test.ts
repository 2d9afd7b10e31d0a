/**
 * estimated_cost (aws.lambda.enhanced.estimated_cost by default): one value per invocation report, priced from billed duration × memory × the architecture's
 * GB-second price + the request price. Expected figures are worked by hand from us-east-1's published prices
 * (wire-formats §5: $0.20 per 1M requests, $0.0000166667 / GB-s x86_64, $0.0000133334 / GB-s arm64).
 */
import { aggregate } from '../../../forwarder/aggregate/index.js';
import { platformNames } from '../../../forwarder/metric-names.js';
import { processEvent } from '../../../forwarder/pipeline.js';
import type { EnrichedBatch, InvocationReport } from '../../../forwarder/types.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';

const T0 = 1736942400; // 2025-01-15T12:00:00Z
const NOW = (T0 + 60) * 1000;
const TAGS = ['account_id:123456789012', 'functionname:checkout-api', 'region:us-east-1'];
const { EstimatedCost: COST, Invocations: INVOCATIONS } = platformNames().platform;

function report(billedDurationMs: number | undefined, memorySizeMb: number | undefined, second = 0, extra: Partial<InvocationReport> = {}): InvocationReport {
  return { requestId: `r-${second}-${billedDurationMs}`, timestamp: (T0 + second) * 1000, durationMs: 1, billedDurationMs, memorySizeMb, ...extra };
}

function batch(reports: InvocationReport[]): EnrichedBatch {
  return {
    batch: { owner: '123456789012', logGroup: '/aws/lambda/checkout-api', logStream: 's', functionName: 'checkout-api' },
    metrics: [],
    reports,
    errors: [],
    platformTags: TAGS,
  };
}

const costSeries = (result: ReturnType<typeof aggregate>) => result.outbound.distributions.filter((d) => d.metric === COST);
const costValues = (result: ReturnType<typeof aggregate>) => costSeries(result).flatMap((d) => d.points.flatMap(([, values]) => values));

describe('estimated_cost', () => {
  it('1024 MB × 100 ms on arm64: 0.1 GB-s × 0.0000133334 + 0.0000002 = 0.00000153334 USD', () => {
    const result = aggregate(batch([report(100, 1024)]), { now: NOW, cost: { architecture: 'arm64' } });
    const [value] = costValues(result);
    expect(costValues(result)).toHaveLength(1);
    expect(value).toBeCloseTo(0.00000153334, 15);
  });

  it('the same invocation on x86_64: 0.1 GB-s × 0.0000166667 + 0.0000002 = 0.00000186667 USD', () => {
    const result = aggregate(batch([report(100, 1024)]), { now: NOW, cost: { architecture: 'x86_64' } });
    expect(costValues(result)[0]).toBeCloseTo(0.00000186667, 15);
  });

  it('an unknown architecture is priced as x86_64 (the dearer: the estimate never under-reports)', () => {
    const result = aggregate(batch([report(100, 1024)]), { now: NOW });
    expect(costValues(result)[0]).toBeCloseTo(0.00000186667, 15);
  });

  it('one value per report, so sum: over the distribution is the cost of all of them (192 MB × 47 ms + 128 MB × 3000 ms, x86_64)', () => {
    // 0.1875 GB × 0.047 s = 0.0088125 GB-s × 0.0000166667 = 0.00000014687529375, + 0.0000002 per request;
    // 0.125 GB × 3 s = 0.375 GB-s × 0.0000166667 = 0.0000062500125, + 0.0000002.
    // 2 × 0.00000034687529375 + 0.0000064500125 = 0.0000071437630875
    const result = aggregate(batch([report(47, 192, 1), report(3000, 128, 2), report(47, 192, 3)]), { now: NOW, cost: { architecture: 'x86_64' } });
    const values = costValues(result);
    expect(values).toHaveLength(3);
    const sum = values.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(0.0000071437630875, 15);
  });

  it('carries the tags of its invocation (cold_start, memorysize), the same as invocations, for every report', () => {
    const result = aggregate(batch([report(100, 1024, 0, { initDurationMs: 150 }), report(100, 1024, 1)]), { now: NOW });
    const invocationTags = result.outbound.distributions.filter((d) => d.metric === INVOCATIONS).map((d) => d.tags);
    expect(costSeries(result).map((d) => d.tags)).toEqual(invocationTags);
    expect(invocationTags).toEqual([[...TAGS, 'cold_start:false', 'memorysize:1024'].sort(), [...TAGS, 'cold_start:true', 'memorysize:1024'].sort()]);
  });

  it('takes the prices passed in (another region)', () => {
    const prices = { perRequestUsd: 0, perGbSecondUsd: { x86_64: 0.00002, arm64: 0.00001 } };
    const result = aggregate(batch([report(100, 1024)]), { now: NOW, cost: { architecture: 'arm64', prices } });
    expect(costValues(result)[0]).toBeCloseTo(0.000001, 15);
  });

  it('a report without billed duration or memory size (managed instances) gives no cost value, the rest still count', () => {
    const result = aggregate(batch([report(undefined, 1024), report(100, undefined), report(100, 1024)]), { now: NOW });
    expect(costValues(result)).toHaveLength(1);
    const invocations = result.outbound.distributions.filter((d) => d.metric === INVOCATIONS);
    expect(invocations.flatMap((d) => d.points.flatMap(([, values]) => values)).reduce((x, y) => x + y, 0)).toBe(3);
  });

  it('processEvent prices with the architecture named by the function tags: arm64 cheaper than the x86_64 default', () => {
    const line = 'REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: 99.10 ms\tBilled Duration: 100 ms\tMemory Size: 1024 MB\tMax Memory Used: 72 MB\t\n';
    const event = toAwslogsEvent(dataPayload([line], { startMs: T0 * 1000 }));
    const run = (functionTags: string[]) =>
      processEvent(event, { now: NOW, region: 'us-east-1', functionTags }).outbound.distributions.find((d) => d.metric === COST);
    const arm = run(['architecture:arm64', 'memorysize:1024', 'team:payments']);
    const unknown = run(['team:payments']);
    expect(arm?.points[0]?.[1][0]).toBeCloseTo(0.00000153334, 15);
    expect(arm?.tags).toEqual(expect.arrayContaining(['architecture:arm64', 'team:payments', 'functionname:checkout-api']));
    expect(unknown?.points[0]?.[1][0]).toBeCloseTo(0.00000186667, 15);
    // A user's own tag that is not a real architecture does not change the price.
    expect(run(['architecture:graviton'])?.points[0]?.[1][0]).toBeCloseTo(0.00000186667, 15);
  });
});
