/**
 * The in-process buffer. Values are aggregated per series (name + type + sorted tags) and second:
 * counts are summed, gauges and checks keep the last value, histograms keep every value (each one matters for
 * percentiles), so one histogram value is one line.
 */
import { MetricType } from './constants.js';
import { formatLine } from './grammar.js';
import type { MetricTypeName, MonitoringPoint } from './types.js';

const Combine = { Sum: 0, Last: 1, KeepEach: 2 } as const;
type CombineRule = (typeof Combine)[keyof typeof Combine];

const COMBINE_RULE: Record<MetricTypeName, CombineRule> = {
  [MetricType.Count]: Combine.Sum,
  [MetricType.Gauge]: Combine.Last,
  [MetricType.Check]: Combine.Last,
  [MetricType.Histogram]: Combine.KeepEach,
};

/** One series. Its points wait in `pending` until the next flush. */
export interface Series {
  readonly name: string;
  readonly type: MetricTypeName;
  /** Normalised, sorted, de-duplicated. */
  readonly tags: string[];
  readonly rule: CombineRule;
  /**
   * `tags` already joined with `,`, as a one-element list (empty when there are no tags). formatLine joins the list
   * it is given; handing it this one makes that join free on every line instead of re-joining the same tags.
   */
  readonly joinedTags: string[];
  /** Flat (epoch second, value) pairs, oldest first: [s0, v0, s1, v1, …]. Emptied, not replaced, by a flush. */
  readonly pending: number[];
}

export function newSeries(name: string, type: MetricTypeName, tags: string[]): Series {
  return { name, type, tags, rule: COMBINE_RULE[type], joinedTags: tags.length === 0 ? [] : [tags.join(',')], pending: [] };
}

export class SeriesBuffer {
  /** Series with pending points, in the order they first got one since the last drain. */
  private readonly active: Series[] = [];
  private lines = 0;

  /** Lines the next drain would produce. */
  get lineCount(): number {
    return this.lines;
  }

  /**
   * Adds one value at `second`. Returns false, changing nothing, when summing would overflow to Infinity (a line
   * the grammar cannot carry); the caller rejects the call.
   */
  add(series: Series, second: number, value: number): boolean {
    const pending = series.pending;
    const n = pending.length;
    if (n === 0) {
      this.active.push(series);
    } else if (series.rule !== Combine.KeepEach && pending[n - 2] === second) {
      if (series.rule === Combine.Last) {
        pending[n - 1] = value;
        return true;
      }
      const sum = pending[n - 1]! + value;
      if (!Number.isFinite(sum)) return false;
      pending[n - 1] = sum;
      return true;
    }
    pending.push(second, value);
    this.lines++;
    return true;
  }

  /** Formats every pending point as a MONITORING line and empties the buffer. */
  drain(): string[] {
    const lines: string[] = [];
    // One scratch point for all lines: formatLine reads it and keeps nothing.
    const point: MonitoringPoint = { name: '', type: MetricType.Count, value: 0, timestamp: 0, tags: [] };
    for (const series of this.active) {
      point.name = series.name;
      point.type = series.type;
      point.tags = series.joinedTags;
      const pending = series.pending;
      for (let i = 0; i < pending.length; i += 2) {
        point.timestamp = pending[i]!;
        point.value = pending[i + 1]!;
        lines.push(formatLine(point));
      }
      pending.length = 0;
    }
    this.active.length = 0;
    this.lines = 0;
    return lines;
  }
}
