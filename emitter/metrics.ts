/**
 * Metrics: validates each call, finds its series through caches (so the hot path does two map look-ups and no
 * normalisation), and hands the value to the buffer. I/O happens only in flush().
 */
import { EmitterDefaults, MetricType, RejectReason, ReservedMetricPrefix } from './constants.js';
import { SeriesBuffer, newSeries, type Series } from './buffer.js';
import { prefixName, readEnvConfig } from './env-config.js';
import { isCheckStatus, isValidMetricName, mergeTags, normaliseTags, tagWarning } from './grammar.js';
import type { MetricsOptions, OutputFn, RejectionCounts } from './metrics-types.js';
import { describeValue, Rejections, type Rejection } from './rejections.js';
import { TagInputCache } from './tag-input-cache.js';
import type { CheckStatusValue, MetricTypeName, TagsInput } from './types.js';
import { Warnings } from './warnings.js';
import { chunkLines, stderrOutput, stdoutOutput } from './write.js';

/** What the caches know about one name (of one metric type). */
interface NameEntry {
  /** With the prefix. */
  readonly name: string;
  /** Set when the name itself is invalid: every call with it is rejected without more work. */
  readonly rejection: Rejection | undefined;
  /** The series for calls without tags (instance tags only). */
  untagged: Series | undefined;
  /** Raw tag input → series. */
  readonly byRawTags: TagInputCache<Series>;
  /** Normalised tags joined with `,` → series: inputs that normalise alike share one series. */
  readonly byTags: Map<string, Series>;
}

export class Metrics {
  private readonly buffer = new SeriesBuffer();
  private readonly counts = new Map<unknown, NameEntry>();
  private readonly gauges = new Map<unknown, NameEntry>();
  private readonly histograms = new Map<unknown, NameEntry>();
  private readonly checks = new Map<unknown, NameEntry>();
  private cachedEntries = 0;

  private readonly prefix: string;
  private readonly defaultTags: string[];
  private readonly disabled: boolean;
  private readonly maxBufferedLines: number;
  private readonly maxCachedEntries: number;
  private readonly output: OutputFn;
  private readonly now: () => number;
  private readonly warnings: Warnings;
  private readonly rejections: Rejections;

  constructor(options: MetricsOptions = {}) {
    const env = readEnvConfig(options.env ?? process.env);
    const maxBufferedLines = options.maxBufferedLines ?? EmitterDefaults.maxBufferedLines;
    if (!Number.isInteger(maxBufferedLines) || maxBufferedLines < 1) {
      throw new RangeError(`maxBufferedLines must be a positive integer, got ${String(maxBufferedLines)}`);
    }
    this.maxBufferedLines = maxBufferedLines;
    this.maxCachedEntries = options.maxCachedEntries ?? EmitterDefaults.maxCachedEntries;
    this.prefix = options.prefix ?? env.prefix;
    this.disabled = options.disabled ?? env.disabled;
    this.output = options.output ?? stdoutOutput;
    this.now = options.now ?? Date.now;
    this.warnings = new Warnings(options.errorOutput ?? stderrOutput);
    this.rejections = new Rejections(this.warnings, options.strict ?? env.strict);
    this.defaultTags = mergeTags(env.tags, normaliseTags(options.tags));
    this.warnAboutTags(this.defaultTags);
  }

  /** Adds `value` (default 1) to a counter; counts in the same second are summed into one line. */
  count(name: string, value: number = 1, tags?: TagsInput): void {
    this.record(this.counts, MetricType.Count, name, value, tags);
  }

  /** Sets a gauge; within one second the last value wins. */
  gauge(name: string, value: number, tags?: TagsInput): void {
    this.record(this.gauges, MetricType.Gauge, name, value, tags);
  }

  /** Records one value of a distribution; every value is kept. */
  histogram(name: string, value: number, tags?: TagsInput): void {
    this.record(this.histograms, MetricType.Histogram, name, value, tags);
  }

  /** Reports a service check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; within one second the last status wins. */
  check(name: string, status: CheckStatusValue, tags?: TagsInput): void {
    this.record(this.checks, MetricType.Check, name, status, tags);
  }

  /** Writes everything buffered (one write, or several under the log event size cap), then empties the buffer. */
  flush(): void {
    if (this.buffer.lineCount === 0) return;
    const lines = this.buffer.drain();
    if (this.disabled) return;
    for (const chunk of chunkLines(lines, EmitterDefaults.maxWriteBytes)) {
      try {
        this.output(chunk);
      } catch (error) {
        // Losing metrics is bad; breaking the handler over them is worse.
        this.warnings.once('output-failed', () => `writing metrics failed: ${String(error)}`);
        return;
      }
    }
  }

  /** Calls rejected so far, in total and by reason. */
  get rejected(): RejectionCounts {
    return this.rejections.counts();
  }

  /** Lines waiting for the next flush. */
  get bufferedLines(): number {
    return this.buffer.lineCount;
  }

  private record(names: Map<unknown, NameEntry>, type: MetricTypeName, name: string, value: number, tags: TagsInput | undefined): void {
    if (this.cachedEntries > this.maxCachedEntries) this.forgetCaches();
    if (!Number.isFinite(value)) return this.rejectValue(RejectReason.BadValue, type, name, `value ${describeValue(value)} is not a finite number`);
    if (type === MetricType.Check && !isCheckStatus(value)) {
      return this.rejectValue(RejectReason.BadCheckStatus, type, name, `check status ${describeValue(value)} is not 0, 1, 2 or 3`);
    }
    const entry = names.get(name) ?? this.admitName(names, name);
    if (entry.rejection !== undefined) return this.rejections.record(entry.rejection);

    // A JavaScript caller may pass one tag as a plain string; TypeScript callers cannot.
    if (typeof tags === 'string') tags = [tags];
    let series: Series;
    if (typeof tags !== 'object' || tags === null) {
      series = entry.untagged ?? (entry.untagged = this.seriesFor(entry, type, this.defaultTags));
    } else {
      const tagged = this.taggedSeries(entry, type, tags);
      if (tagged === undefined) return this.rejectValue(RejectReason.Malformed, type, name, 'its tags could not be read');
      series = tagged;
    }
    if (!this.buffer.add(series, Math.floor(this.now() / 1000), value)) {
      return this.rejectValue(RejectReason.BadValue, type, name, 'the sum of this second overflows to Infinity');
    }
    if (this.buffer.lineCount >= this.maxBufferedLines) this.flush();
  }

  private admitName(names: Map<unknown, NameEntry>, name: unknown): NameEntry {
    const fullName = typeof name === 'string' ? prefixName(this.prefix, name) : describeValue(name);
    const entry: NameEntry = {
      name: fullName,
      rejection: nameRejection(fullName, typeof name === 'string'),
      untagged: undefined,
      byRawTags: new TagInputCache(),
      byTags: new Map(),
    };
    names.set(name, entry);
    this.cachedEntries++;
    return entry;
  }

  /** Undefined when reading the tags throws (a getter or a toString that throws): a bad call, not a crash. */
  private taggedSeries(entry: NameEntry, type: MetricTypeName, tags: TagsInput): Series | undefined {
    try {
      return entry.byRawTags.get(tags) ?? this.admitTags(entry, type, tags);
    } catch {
      return undefined;
    }
  }

  private admitTags(entry: NameEntry, type: MetricTypeName, tags: TagsInput): Series {
    const own = normaliseTags(tags);
    this.warnAboutTags(own);
    const series = this.seriesFor(entry, type, mergeTags(this.defaultTags, own));
    entry.byRawTags.set(tags, series);
    this.cachedEntries++;
    return series;
  }

  private seriesFor(entry: NameEntry, type: MetricTypeName, tags: string[]): Series {
    const key = tags.join(',');
    let series = entry.byTags.get(key);
    if (series === undefined) {
      series = newSeries(entry.name, type, tags);
      entry.byTags.set(key, series);
    }
    return series;
  }

  private rejectValue(reason: Rejection['reason'], type: MetricTypeName, name: unknown, problem: string): void {
    const text = describeValue(name);
    this.rejections.record({ reason, key: `${reason}:${type}:${text}`, message: `${type} ${JSON.stringify(text.slice(0, 64))}: ${problem}` });
  }

  private warnAboutTags(tags: readonly string[]): void {
    for (const tag of tags) {
      const warning = tagWarning(tag);
      if (warning !== undefined) this.warnings.once(`tag:${warning}`, () => warning);
    }
  }

  /**
   * Empties the name and tag caches once they hold too much (for example tags with unbounded values). Flushes first,
   * so no pending point is left in a series the caches no longer lead to: a later call would open a second series
   * for the same second and write two lines where one belongs.
   */
  private forgetCaches(): void {
    this.flush();
    for (const names of [this.counts, this.gauges, this.histograms, this.checks]) names.clear();
    this.cachedEntries = 0;
  }
}

/** A new, independent instance with its own buffer (the shared one is `metric`). */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  return new Metrics(options);
}

/** Why a metric name (with its prefix) is refused, or undefined when it may be written. */
function nameRejection(fullName: string, isString: boolean): Rejection | undefined {
  const shown = JSON.stringify(fullName.slice(0, 64));
  if (!isString || !isValidMetricName(fullName)) {
    return {
      reason: RejectReason.BadName,
      key: `name:${fullName}`,
      message: `metric name ${shown} breaks Datadog's rules (a letter, then letters, digits, _ or .; at most 200 characters)`,
    };
  }
  const reserved = Object.values(ReservedMetricPrefix).find((prefix) => fullName.startsWith(prefix));
  if (reserved === undefined) return undefined;
  return {
    reason: RejectReason.ReservedName,
    key: `name:${fullName}`,
    message: `metric name ${shown} is under "${reserved}", which the forwarder keeps for its platform and self metrics and refuses from a function`,
  };
}
