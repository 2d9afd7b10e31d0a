/**
 * What the intake has stored, with Datadog's semantics (wire-formats §4):
 * - series (count, rate, gauge): ONE value per metric + tags + timestamp, the last one received wins;
 * - distributions: every value kept and merged across senders, so totals and percentiles are exact;
 * - check runs: every run kept, and the latest status per check + tags;
 * - points outside the timestamp window are not stored but counted as dropped.
 * In memory only; `reset()` empties it.
 */
import { DropReason, IntakeLimits } from './constants.js';
import { summarise } from './stats.js';
import { matchesTags, normaliseTagSet, parseTagFilter, seriesKey } from './tags.js';
import type {
  DistributionStats,
  DroppedPoint,
  DropReasonName,
  MetricKind,
  MetricSummary,
  RequestRecord,
  SeriesKind,
  SeriesPoint,
  StoredCheckRun,
  TagFilter,
} from './types.js';
import type { CheckRunInput, DistributionInput, SeriesInput } from './validate.js';

interface SeriesEntry {
  metric: string;
  kind: SeriesKind;
  tags: string[];
  /** timestamp → value (last write wins). */
  points: Map<number, number>;
}

interface DistributionEntry {
  metric: string;
  tags: string[];
  /** timestamp → every value received for that second, from every sender. */
  points: Map<number, number[]>;
}

/** Points one request added and dropped. */
export interface IngestResult {
  stored: number;
  dropped: number;
}

export type DistributionTimePoint = { timestamp: number } & DistributionStats;

/** Epoch seconds, both ends included; an end left out is open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

/** Whether `timestamp` (epoch s) lies within `range` (no range: every timestamp does). */
export function inTimeRange(range: TimeRange | undefined, timestamp: number): boolean {
  return range === undefined || ((range.from ?? -Infinity) <= timestamp && timestamp <= (range.to ?? Infinity));
}

/** Whether Datadog would keep a point stamped `timestamp` (epoch s) at `nowMs`, and if not why. */
export function timestampVerdict(timestamp: number, nowMs: number): DropReasonName | undefined {
  const nowSeconds = nowMs / 1000;
  if (timestamp > nowSeconds + IntakeLimits.maxFutureSeconds) return DropReason.TooNew;
  if (timestamp < nowSeconds - IntakeLimits.maxPastSeconds) return DropReason.TooOld;
  return undefined;
}

export class IntakeStore {
  readonly #series = new Map<string, SeriesEntry>();
  readonly #distributions = new Map<string, DistributionEntry>();
  #checkRuns: StoredCheckRun[] = [];
  #dropped: DroppedPoint[] = [];
  #requests: RequestRecord[] = [];

  // ---- writes (the routes call these with validated payloads) ----

  addSeries(input: readonly SeriesInput[], nowMs: number): IngestResult {
    const result = { stored: 0, dropped: 0 };
    for (const series of input) {
      const tags = normaliseTagSet(series.tags);
      const key = seriesKey(series.metric, tags);
      const entry = this.#series.get(key) ?? { metric: series.metric, kind: series.kind, tags, points: new Map() };
      entry.kind = series.kind;
      for (const point of series.points) {
        if (this.#dropIfOutside(series.metric, series.kind, point.timestamp, nowMs)) result.dropped++;
        else {
          entry.points.set(point.timestamp, point.value);
          result.stored++;
        }
      }
      if (entry.points.size > 0) this.#series.set(key, entry);
    }
    return result;
  }

  addDistributions(input: readonly DistributionInput[], nowMs: number): IngestResult {
    const result = { stored: 0, dropped: 0 };
    for (const series of input) {
      const tags = normaliseTagSet(series.tags);
      const key = seriesKey(series.metric, tags);
      const entry = this.#distributions.get(key) ?? { metric: series.metric, tags, points: new Map() };
      for (const point of series.points) {
        if (this.#dropIfOutside(series.metric, 'distribution', point.timestamp, nowMs)) result.dropped++;
        else {
          const values = entry.points.get(point.timestamp) ?? [];
          values.push(...point.values);
          entry.points.set(point.timestamp, values);
          result.stored++;
        }
      }
      if (entry.points.size > 0) this.#distributions.set(key, entry);
    }
    return result;
  }

  addCheckRuns(input: readonly CheckRunInput[], nowMs: number): IngestResult {
    for (const run of input) {
      this.#checkRuns.push({
        check: run.check,
        status: run.status,
        tags: normaliseTagSet(run.tags),
        ...(run.hostName ? { hostName: run.hostName } : {}),
        ...(run.message !== undefined ? { message: run.message } : {}),
        timestamp: run.timestamp ?? Math.floor(nowMs / 1000),
      });
    }
    return { stored: input.length, dropped: 0 };
  }

  recordRequest(record: Omit<RequestRecord, 'seq'>): RequestRecord {
    const full = { seq: this.#requests.length + 1, ...record };
    this.#requests.push(full);
    return full;
  }

  reset(): void {
    this.#series.clear();
    this.#distributions.clear();
    this.#checkRuns = [];
    this.#dropped = [];
    this.#requests = [];
  }

  #dropIfOutside(metric: string, kind: MetricKind, timestamp: number, nowMs: number): boolean {
    const reason = timestampVerdict(timestamp, nowMs);
    if (reason) this.#dropped.push({ metric, kind, timestamp, reason });
    return reason !== undefined;
  }

  // ---- queries ----

  /** Every stored point of the metric's series that carry all `filter` tags, by timestamp then tags. */
  seriesValues(metric: string, filter?: TagFilter): SeriesPoint[] {
    const points: SeriesPoint[] = [];
    for (const entry of this.#matching(this.#series, metric, filter)) {
      for (const [timestamp, value] of entry.points) {
        points.push({ metric, kind: entry.kind, tags: entry.tags, timestamp, value });
      }
    }
    return points.sort((a, b) => a.timestamp - b.timestamp || a.tags.join().localeCompare(b.tags.join()));
  }

  /** Sum of every stored series value (what a count totals to in Datadog over the whole time range). */
  seriesSum(metric: string, filter?: TagFilter): number {
    return this.seriesValues(metric, filter).reduce((total, point) => total + point.value, 0);
  }

  /** Every distribution value received for the metric (all matching tag sets; all timestamps, or those in `range`). */
  distributionValues(metric: string, filter?: TagFilter, range?: TimeRange): number[] {
    return this.#matching(this.#distributions, metric, filter).flatMap((entry) => [...entry.points].flatMap(([timestamp, values]) => (inTimeRange(range, timestamp) ? values : [])));
  }

  /** count, sum, min, max, avg and percentiles over every matching value. */
  distributionTotals(metric: string, filter?: TagFilter): DistributionStats {
    return summarise(this.distributionValues(metric, filter));
  }

  /** The same statistics per timestamp, merged across matching tag sets. */
  distributionOverTime(metric: string, filter?: TagFilter): DistributionTimePoint[] {
    const byTime = new Map<number, number[]>();
    for (const entry of this.#matching(this.#distributions, metric, filter)) {
      for (const [timestamp, values] of entry.points) byTime.set(timestamp, [...(byTime.get(timestamp) ?? []), ...values]);
    }
    return [...byTime.entries()]
      .sort(([a], [b]) => a - b)
      .map(([timestamp, values]) => ({ timestamp, ...summarise(values) }));
  }

  /** Every check run received, oldest first; optionally one check and/or runs carrying the filter tags. */
  checkRuns(check?: string, filter?: TagFilter): StoredCheckRun[] {
    const tags = parseTagFilter(filter);
    return this.#checkRuns.filter((run) => (check === undefined || run.check === check) && matchesTags(run.tags, tags));
  }

  /** The latest run (by timestamp, then arrival) per check + tag set. */
  latestChecks(check?: string, filter?: TagFilter): StoredCheckRun[] {
    const latest = new Map<string, StoredCheckRun>();
    for (const run of this.checkRuns(check, filter)) {
      const key = seriesKey(run.check, run.tags);
      const previous = latest.get(key);
      if (!previous || run.timestamp >= previous.timestamp) latest.set(key, run);
    }
    return [...latest.values()];
  }

  /** Every metric name with its kind and the tag sets seen. */
  metrics(): MetricSummary[] {
    const byName = new Map<string, MetricSummary>();
    const entries: Array<{ metric: string; kind: MetricKind; tags: string[] }> = [
      ...this.#series.values(),
      ...[...this.#distributions.values()].map((entry) => ({ ...entry, kind: 'distribution' as const })),
    ];
    for (const entry of entries) {
      const summary = byName.get(entry.metric) ?? { metric: entry.metric, kind: entry.kind, tagSets: [] };
      summary.kind = entry.kind;
      summary.tagSets.push(entry.tags);
      byName.set(entry.metric, summary);
    }
    return [...byName.values()].sort((a, b) => a.metric.localeCompare(b.metric));
  }

  /** The kind a metric was stored as, or undefined when nothing is stored under that name. */
  kindOf(metric: string): MetricKind | undefined {
    return this.metrics().find((summary) => summary.metric === metric)?.kind;
  }

  /** Points accepted with 202 but not stored (outside the timestamp window). */
  droppedPoints(metric?: string): DroppedPoint[] {
    return this.#dropped.filter((point) => metric === undefined || point.metric === metric);
  }

  /** Requests to Datadog paths, oldest first; optionally only one path. */
  requests(path?: string): RequestRecord[] {
    return this.#requests.filter((record) => path === undefined || record.path === path);
  }

  #matching<T extends { metric: string; tags: string[] }>(map: Map<string, T>, metric: string, filter?: TagFilter): T[] {
    const tags = parseTagFilter(filter);
    return [...map.values()].filter((entry) => entry.metric === metric && matchesTags(entry.tags, tags));
  }
}
