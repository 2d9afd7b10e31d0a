/**
 * The metric lines of one batch, in every dialect parse reads: MONITORING lines (the shared grammar), datadog-lambda
 * points and EMF objects (dialects/). Each is read by the same rules (Datadog's name rules, tag normalisation, epoch
 * seconds), checked against the names reserved for the forwarder, and either kept as points or counted as a
 * rejection that names its dialect. index.ts decides which lines reach here; this holds what they said.
 */
import { RejectReason } from '../../emitter/constants.js';
import { LineTailCache, parseLineSharingTags, readCleanLineAt } from '../../emitter/grammar.js';
import type { MonitoringPoint, RejectReasonName } from '../../emitter/types.js';
import { Dialect, type DialectName, type Rejection } from '../types.js';
import { readDatadogLambdaPoint } from './dialects/datadog-lambda.js';
import { DEFAULT_EMF_NAMESPACE_RULE, EmfNames, type EmfNamespaceRuleName } from './dialects/emf-names.js';
import { readEmf } from './dialects/emf.js';
import { dialectMentioned, dialectOf, isRecord } from './dialects/shape.js';
import { TagLists } from './dialects/tag-lists.js';
import { ReservedNames } from './reserved-names.js';

const MAX_DETAIL = 160;

/** What parse needs from the forwarder's settings. */
export interface ParseOptions {
  /** The platform metric prefix (METRIC_PREFIX), reserved beside `aws.lambda.` and `forwarder.`. */
  metricPrefix?: string;
  /** How EMF namespaces and metric names become Datadog names (EMF_NAMESPACE_RULE; default `integration`). */
  emfNamespaceRule?: EmfNamespaceRuleName;
}

export class MetricLines {
  readonly metrics: MonitoringPoint[] = [];
  readonly rejections: Rejection[] = [];
  /** Metric lines read with at least one point kept (a MONITORING line, a datadog-lambda point, an EMF object). */
  linesParsed = 0;
  /** A batch repeats a few MONITORING line tails thousands of times: each is read once, its tags array shared. */
  private readonly lineTails = new LineTailCache();
  /** The JSON dialects' tag lists and EMF names repeat as much: each read once per batch. */
  private readonly tagLists = new TagLists();
  private readonly emfNames: EmfNames;
  private readonly reserved: ReservedNames;

  constructor(options: ParseOptions) {
    this.reserved = new ReservedNames(options.metricPrefix);
    this.emfNames = new EmfNames(options.emfNamespaceRule ?? DEFAULT_EMF_NAMESPACE_RULE);
  }

  /** The MONITORING line starting at `at` in `line` (the caller has found `MONITORING|` there). */
  monitoring(line: string, at: number): void {
    const point = readCleanLineAt(line, at, this.lineTails) ?? this.monitoringTolerantly(line, at);
    if (point === undefined || this.isReserved(point.name, Dialect.Monitoring)) return;
    this.metrics.push(point);
    this.linesParsed++;
  }

  /**
   * JSON text that may be a metric (its dialect's keys are there). True when it was one, read or rejected; false
   * when it is other JSON, or not JSON and naming no dialect: left to the other readers.
   */
  jsonText(text: string, timestampMs: number): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.notJson(text);
    }
    if (!isRecord(parsed)) return false;
    const dialect = dialectOf(parsed);
    if (dialect === undefined) return false;
    this.object(parsed, dialect, timestampMs);
    return true;
  }

  /** A line that failed JSON.parse: counted when it was clearly meant as a metric (cut at 256 KB, mistyped). */
  notJson(text: string): boolean {
    const meant = dialectMentioned(text);
    if (meant === undefined) return false;
    this.reject(RejectReason.Malformed, `looks like a ${meant} metric but is not valid JSON (cut short?)`, meant);
    return true;
  }

  /** A datadog-lambda point or an EMF object, already parsed. */
  object(object: Record<string, unknown>, dialect: DialectName, timestampMs: number): void {
    if (dialect === Dialect.DatadogLambda) {
      const result = readDatadogLambdaPoint(object, this.tagLists, timestampMs);
      if (!result.ok) return this.reject(result.reason, result.detail, dialect);
      if (this.isReserved(result.point.name, dialect)) return;
      this.metrics.push(result.point);
      this.linesParsed++;
      return;
    }
    const { points, rejections } = readEmf(object, this.emfNames, this.tagLists, timestampMs);
    for (const { reason, detail } of rejections) this.reject(reason, detail, dialect);
    // Points come metric by metric: one rejection per reserved metric, not one per value or dimension set.
    let reservedName: string | undefined;
    let kept = 0;
    for (const point of points) {
      if (point.name === reservedName) continue;
      if (this.isReserved(point.name, dialect)) {
        reservedName = point.name;
        continue;
      }
      this.metrics.push(point);
      kept++;
    }
    if (kept > 0) this.linesParsed++;
  }

  private monitoringTolerantly(line: string, at: number): MonitoringPoint | undefined {
    const result = parseLineSharingTags(line, at, this.lineTails);
    if (result.ok) return result.point;
    this.reject(result.reason, result.detail, Dialect.Monitoring);
    return undefined;
  }

  /** True (and counted) when `name` belongs to the forwarder. */
  private isReserved(name: string, dialect: DialectName): boolean {
    const prefix = this.reserved.prefixOf(name);
    if (prefix === undefined) return false;
    this.reject(RejectReason.ReservedName, ReservedNames.detail(name, prefix), dialect);
    return true;
  }

  private reject(reason: RejectReasonName, detail: string, dialect: DialectName): void {
    this.rejections.push({ reason, detail: detail.slice(0, MAX_DETAIL), dialect });
  }
}
