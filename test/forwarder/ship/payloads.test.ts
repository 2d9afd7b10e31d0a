import { decompress } from '../../../forwarder/ship/compress.js';
import { ContentEncodingOf } from '../../../forwarder/ship/constants.js';
import { buildPayloads, serialise, splitPayload } from '../../../forwarder/ship/payloads.js';
import type { Payload, PayloadLimits } from '../../../forwarder/ship/types.js';
import type { DistributionSeries, Outbound, SeriesV2 } from '../../../forwarder/types.js';

function distribution(i: number, values: number): DistributionSeries {
  return {
    metric: `app.metric_${i}`,
    type: 'distribution',
    points: [[1_700_000_000 + (i % 60), Array.from({ length: values }, (_, v) => (v * 7919 + i) % 1000)]],
    tags: [`functionname:fn_${i % 13}`, 'region:eu-west-1', `shard:${i}`],
  };
}

function gauge(i: number, points: number): SeriesV2 {
  return {
    metric: `app.gauge_${i}`,
    type: 3,
    points: Array.from({ length: points }, (_, p) => ({ timestamp: 1_700_000_000 + p, value: (p * 31 + i) % 97 })),
    tags: [`shard:${i}`],
  };
}

function outbound(partial: Partial<Outbound>): Outbound {
  return { distributions: [], series: [], checks: [], ...partial };
}

/** What the intake would read: every body decompressed and parsed. */
function decoded(payload: Payload): unknown {
  return JSON.parse(decompress(payload.body, ContentEncodingOf[payload.kind]).toString('utf8'));
}

function allValues(payloads: Payload[]): Map<string, number[]> {
  const byMetric = new Map<string, number[]>();
  for (const p of payloads) {
    const body = decoded(p) as { series: DistributionSeries[] };
    for (const s of body.series) {
      const list = byMetric.get(s.metric) ?? [];
      for (const [, values] of s.points) list.push(...values);
      byMetric.set(s.metric, list);
    }
  }
  return byMetric;
}

describe('buildPayloads', () => {
  it('makes one body per kind when everything fits, in the wire shape of each endpoint', () => {
    const built = buildPayloads(
      outbound({
        distributions: [distribution(1, 3)],
        series: [gauge(1, 2)],
        checks: [{ check: 'app.ok', status: 0, tags: ['a:b'], timestamp: 1_700_000_000 }],
      }),
    );
    expect(built.oversize).toEqual([]);
    expect(built.payloads.map((p) => p.kind)).toEqual(['distributions', 'series', 'checks']);
    const [d, s, c] = built.payloads as [Payload, Payload, Payload];
    expect(decoded(d)).toEqual({ series: [distribution(1, 3)] });
    expect(decoded(s)).toEqual({ series: [gauge(1, 2)] });
    // host_name is required by check_run: filled with '' (no host) when the check has none.
    expect(decoded(c)).toEqual([{ check: 'app.ok', status: 0, tags: ['a:b'], timestamp: 1_700_000_000, host_name: '' }]);
    expect(d.pointCount).toBe(3);
    expect(s.pointCount).toBe(2);
    expect(c.pointCount).toBe(1);
    expect(d.rawBytes).toBe(Buffer.byteLength(serialise(d)));
  });

  it('makes no payload for an empty outbound', () => {
    expect(buildPayloads(outbound({})).payloads).toEqual([]);
  });

  it('splits by raw size, every body within both limits, losing and duplicating nothing', () => {
    const limits: PayloadLimits = { maxRawBytes: 20_000, maxCompressedBytes: 1_000_000 };
    const series = Array.from({ length: 300 }, (_, i) => distribution(i, 10));
    const built = buildPayloads(outbound({ distributions: series }), limits);
    const totalRaw = Buffer.byteLength(serialise({ kind: 'distributions', items: series }));
    expect(built.payloads.length).toBeGreaterThanOrEqual(Math.ceil(totalRaw / limits.maxRawBytes));
    expect(built.payloads.length).toBeGreaterThan(1);
    for (const p of built.payloads) {
      const raw = decompress(p.body, 'deflate');
      expect(raw.length).toBeLessThanOrEqual(limits.maxRawBytes);
      expect(raw.length).toBe(p.rawBytes);
    }
    const expected = new Map(series.map((s) => [s.metric, s.points[0]![1]]));
    expect(allValues(built.payloads)).toEqual(expected);
  });

  it('splits by measured compressed size when the raw size alone would pass', () => {
    // Random values compress poorly, so the compressed limit is the one that bites.
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 1e6;
    const series = Array.from({ length: 40 }, (_, i) => ({ ...distribution(i, 200), points: [[1_700_000_000, Array.from({ length: 200 }, random)]] as Array<[number, number[]]> }));
    const limits: PayloadLimits = { maxRawBytes: 5_000_000, maxCompressedBytes: 20_000 };
    const raw = Buffer.byteLength(serialise({ kind: 'distributions', items: series }));
    expect(raw).toBeLessThan(limits.maxRawBytes);

    const built = buildPayloads(outbound({ distributions: series }), limits);
    expect(built.payloads.length).toBeGreaterThan(1);
    for (const p of built.payloads) expect(p.body.length).toBeLessThanOrEqual(limits.maxCompressedBytes);
    expect(allValues(built.payloads)).toEqual(new Map(series.map((s) => [s.metric, s.points[0]![1]])));
  });

  it('splits one huge distribution point by its values, and a long gauge by its points', () => {
    const limits: PayloadLimits = { maxRawBytes: 10_000, maxCompressedBytes: 1_000_000 };
    const big = distribution(7, 20_000);
    const long = gauge(3, 5_000);
    const built = buildPayloads(outbound({ distributions: [big], series: [long] }), limits);
    expect(built.oversize).toEqual([]);
    const dists = built.payloads.filter((p) => p.kind === 'distributions');
    expect(dists.length).toBeGreaterThan(1);
    expect(allValues(dists).get(big.metric)).toEqual(big.points[0]![1]);
    const gauges = built.payloads.filter((p) => p.kind === 'series').flatMap((p) => (decoded(p) as { series: SeriesV2[] }).series);
    expect(gauges.flatMap((s) => s.points)).toEqual(long.points);
    expect(new Set(gauges.map((s) => JSON.stringify([s.metric, s.tags, s.type])))).toEqual(new Set([JSON.stringify([long.metric, long.tags, 3])]));
    for (const p of built.payloads) expect(p.rawBytes).toBeLessThanOrEqual(limits.maxRawBytes);
  });

  it('reports an item that cannot fit even alone instead of sending or losing it silently', () => {
    const check = { check: 'app.check', status: 2 as const, tags: [], timestamp: 1, message: 'x'.repeat(5000) };
    const built = buildPayloads(outbound({ checks: [check], distributions: [distribution(1, 2)] }), { maxRawBytes: 1000, maxCompressedBytes: 1000 });
    expect(built.oversize).toEqual([{ kind: 'checks', metric: 'app.check', rawBytes: Buffer.byteLength(JSON.stringify({ ...check, host_name: '' })) }]);
    expect(built.payloads.map((p) => p.kind)).toEqual(['distributions']);
  });
});

describe('splitPayload (the 413 answer)', () => {
  it('halves the list, then a single item, until nothing is left to split', () => {
    const built = buildPayloads(outbound({ distributions: [distribution(1, 4), distribution(2, 4), distribution(3, 4)] }));
    const whole = built.payloads[0]!;
    const halves = splitPayload(whole)!;
    expect(halves.payloads.map((p) => p.items.length)).toEqual([2, 1]);
    expect(allValues(halves.payloads)).toEqual(allValues([whole]));

    const single = halves.payloads[1]!;
    const valueHalves = splitPayload(single)!;
    expect(valueHalves.payloads.map((p) => p.pointCount)).toEqual([2, 2]);
    expect(allValues(valueHalves.payloads)).toEqual(allValues([single]));

    const one = buildPayloads(outbound({ distributions: [distribution(9, 1)] })).payloads[0]!;
    expect(splitPayload(one)).toBeUndefined();
  });
});
