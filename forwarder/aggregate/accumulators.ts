/**
 * Per-invocation accumulators, one per Datadog wire shape. Each keys a series by metric + tags and produces sorted
 * output, so the same input always gives byte-identical payloads (stable tests, idempotent resends).
 */
import type { CheckRun, DistributionSeries, SeriesV2 } from '../types.js';

const SeriesType = { Gauge: 3 } as const;

/**
 * A two-level map: tag set → metric → entry. Enrich hands out one shared array per distinct tag set, so a tag set is
 * found by its array first (one identity lookup) and joined into its text key only the first time an array is seen;
 * equal tag sets in different arrays still meet under the text key.
 */
class SeriesMap<Entry> {
  private readonly byTagText = new Map<string, Map<string, Entry>>();
  private readonly byTagArray = new Map<readonly string[], Map<string, Entry>>();

  /** The entries of one tag set, by metric. */
  metricsOf(tags: readonly string[]): Map<string, Entry> {
    let byMetric = this.byTagArray.get(tags);
    if (byMetric === undefined) {
      const text = tags.join(',');
      byMetric = this.byTagText.get(text);
      if (byMetric === undefined) {
        byMetric = new Map();
        this.byTagText.set(text, byMetric);
      }
      this.byTagArray.set(tags, byMetric);
    }
    return byMetric;
  }

  *values(): IterableIterator<Entry> {
    for (const byMetric of this.byTagText.values()) yield* byMetric.values();
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

interface DistributionEntry {
  metric: string;
  tags: readonly string[];
  buckets: Map<number, Bucket>;
}

/**
 * The values of one point in ascending order (one order for one input, whatever order the events came in).
 * A Float64Array sorts numbers natively, about three times faster than Array#sort with a comparator.
 */
function sortedValues(bucket: Bucket): number[] {
  const { sum, values } = bucket;
  const count = values.length + (sum === undefined ? 0 : 1);
  if (count === 1) return sum === undefined ? values : [sum];
  const numbers = new Float64Array(count);
  let i = 0;
  if (sum !== undefined) numbers[i++] = sum;
  for (const value of values) numbers[i++] = value;
  numbers.sort();
  const out = new Array<number>(count);
  for (let j = 0; j < count; j++) out[j] = numbers[j] as number;
  return out;
}

/**
 * Distributions: counts are summed per series + bucket (one value), histogram values are all kept. Distribution
 * points from many senders merge server-side, so concurrent forwarders never overwrite each other.
 */
export class Distributions {
  private readonly series = new SeriesMap<DistributionEntry>();

  private bucket(metric: string, tags: readonly string[], bucketSec: number): Bucket {
    const byMetric = this.series.metricsOf(tags);
    let entry = byMetric.get(metric);
    if (entry === undefined) {
      entry = { metric, tags, buckets: new Map() };
      byMetric.set(metric, entry);
    }
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
      for (const [timestamp, bucket] of buckets) points.push([timestamp, sortedValues(bucket)]);
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
    const byMetric = this.series.metricsOf(tags);
    let entry = byMetric.get(metric);
    if (entry === undefined) {
      entry = { metric, tags, points: new Map() };
      byMetric.set(metric, entry);
    }
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
    this.runs.set(`${check}\u0000${tags.join(',')}\u0000${timestampSec}`, { check, status, tags: [...tags], timestamp: timestampSec });
  }

  build(): CheckRun[] {
    return [...this.runs.values()].sort((a, b) => {
      const order = byMetricThenTags({ metric: a.check, tags: a.tags }, { metric: b.check, tags: b.tags });
      return order !== 0 ? order : a.timestamp - b.timestamp;
    });
  }
}
