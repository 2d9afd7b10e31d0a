/**
 * Per-invocation accumulators, one per Datadog wire shape. Each keys a series by metric + tags and produces sorted
 * output, so the same input always gives byte-identical payloads (stable tests, idempotent resends).
 */
import type { CheckRun, DistributionSeries, SeriesV2 } from '../types.js';

const SeriesType = { Gauge: 3 } as const;

// Enrich hands out one shared array per distinct tag set, so the joined key is computed once per set, not per point.
const tagKeys = new WeakMap<readonly string[], string>();

/** The tag set as one string; series are keyed by tag key, then metric (short, hash-cached strings: fast lookups). */
function tagKeyOf(tags: readonly string[]): string {
  let key = tagKeys.get(tags);
  if (key === undefined) {
    key = tags.join(',');
    tagKeys.set(tags, key);
  }
  return key;
}

/** A two-level map: tag key → metric → entry. */
class SeriesMap<Entry> {
  private readonly byTags = new Map<string, Map<string, Entry>>();

  getOrAdd(metric: string, tags: readonly string[], create: () => Entry): Entry {
    const tagKey = tagKeyOf(tags);
    let byMetric = this.byTags.get(tagKey);
    if (byMetric === undefined) {
      byMetric = new Map();
      this.byTags.set(tagKey, byMetric);
    }
    let entry = byMetric.get(metric);
    if (entry === undefined) {
      entry = create();
      byMetric.set(metric, entry);
    }
    return entry;
  }

  *values(): IterableIterator<Entry> {
    for (const byMetric of this.byTags.values()) yield* byMetric.values();
  }
}

function byMetricThenTags(a: { metric: string; tags: string[] }, b: { metric: string; tags: string[] }): number {
  if (a.metric !== b.metric) return a.metric < b.metric ? -1 : 1;
  const at = a.tags.join(',');
  const bt = b.tags.join(',');
  return at < bt ? -1 : at > bt ? 1 : 0;
}

interface Bucket {
  sum?: number;
  values: number[];
}

/**
 * Distributions: counts are summed per series + bucket (one value), histogram values are all kept. Distribution
 * points from many senders merge server-side, so concurrent forwarders never overwrite each other.
 */
export class Distributions {
  private readonly series = new SeriesMap<{ metric: string; tags: readonly string[]; buckets: Map<number, Bucket> }>();

  private bucket(metric: string, tags: readonly string[], bucketSec: number): Bucket {
    const entry = this.series.getOrAdd(metric, tags, () => ({ metric, tags, buckets: new Map() }));
    let bucket = entry.buckets.get(bucketSec);
    if (bucket === undefined) {
      bucket = { values: [] };
      entry.buckets.set(bucketSec, bucket);
    }
    return bucket;
  }

  addCount(metric: string, tags: readonly string[], bucketSec: number, value: number): void {
    const bucket = this.bucket(metric, tags, bucketSec);
    bucket.sum = (bucket.sum ?? 0) + value;
  }

  addValue(metric: string, tags: readonly string[], bucketSec: number, value: number): void {
    this.bucket(metric, tags, bucketSec).values.push(value);
  }

  build(): DistributionSeries[] {
    const out: DistributionSeries[] = [];
    for (const { metric, tags, buckets } of this.series.values()) {
      const points: Array<[number, number[]]> = [];
      for (const [timestamp, bucket] of buckets) {
        const values = bucket.sum === undefined ? bucket.values : [bucket.sum, ...bucket.values];
        points.push([timestamp, values.sort((a, b) => a - b)]);
      }
      points.sort((a, b) => a[0] - b[0]);
      out.push({ metric, type: 'distribution', points, tags: [...tags] });
    }
    return out.sort(byMetricThenTags);
  }
}

/** Gauges: v2 series type 3, the last value per series + timestamp. */
export class Gauges {
  private readonly series = new SeriesMap<{ metric: string; tags: readonly string[]; points: Map<number, number> }>();

  add(metric: string, tags: readonly string[], timestampSec: number, value: number): void {
    const entry = this.series.getOrAdd(metric, tags, () => ({ metric, tags, points: new Map() }));
    entry.points.set(timestampSec, value);
  }

  build(): SeriesV2[] {
    const out: SeriesV2[] = [];
    for (const { metric, tags, points } of this.series.values()) {
      const sorted = [...points].sort((a, b) => a[0] - b[0]).map(([timestamp, value]) => ({ timestamp, value }));
      out.push({ metric, type: SeriesType.Gauge, points: sorted, tags: [...tags] });
    }
    return out.sort(byMetricThenTags);
  }
}

/** Service checks: one check run per check + tags + timestamp, the last status wins. */
export class Checks {
  private readonly runs = new Map<string, CheckRun>();

  add(check: string, tags: readonly string[], timestampSec: number, status: 0 | 1 | 2 | 3): void {
    this.runs.set(`${check}\u0000${tagKeyOf(tags)}\u0000${timestampSec}`, { check, status, tags: [...tags], timestamp: timestampSec });
  }

  build(): CheckRun[] {
    return [...this.runs.values()].sort((a, b) => {
      const order = byMetricThenTags({ metric: a.check, tags: a.tags }, { metric: b.check, tags: b.tags });
      return order !== 0 ? order : a.timestamp - b.timestamp;
    });
  }
}
