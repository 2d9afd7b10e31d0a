/**
 * datadog-lambda metric lines: what datadog-lambda-js (`sendDistributionMetric`) and Python's datadog_lambda
 * (`lambda_metric`) write with DD_FLUSH_TO_LOG=true, one JSON object per point:
 *
 *     {"m":"<name>","v":<value>,"e":<epoch seconds>,"t":["k:v",…]}     (key order varies by client)
 *
 * Node: dist/metrics/metric-log.js of datadog-lambda-js (JSON.stringify, keys e, m, t, v). Python:
 * datadog_lambda/metric.py write_metric_point_to_stdout (ujson.dumps, keys m, v, e, t). Always a distribution: the
 * point takes the histogram path, which aggregate ships as distribution points. Same rules as a MONITORING line:
 * Datadog's name rules, tag normalisation, epoch seconds (13-digit milliseconds converted).
 */
import { MetricType, RejectReason } from '../../../emitter/constants.js';
import { isValidMetricName, parseValue, toEpochSeconds } from '../../../emitter/grammar.js';
import type { ParseResult, RejectReasonName } from '../../../emitter/types.js';
import type { TagLists } from './tag-lists.js';

function reject(reason: RejectReasonName, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

/** A number as JSON carries it, or a numeric string (Python writes `"v": "1.5"` when given one); else undefined. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length <= 64) return parseValue(value.trim());
  return undefined;
}

/** Epoch seconds from `e` (seconds, or 13-digit milliseconds); the log event's time when `e` is missing. */
function timestampOf(value: unknown, eventTimestampMs: number): number | undefined {
  if (value === undefined || value === null) return Math.floor(eventTimestampMs / 1000);
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? toEpochSeconds(String(Math.floor(value))) : undefined;
  if (typeof value === 'string' && value.length <= 32) return toEpochSeconds(value.trim());
  return undefined;
}

/** One `{"m","v","e","t"}` object (the caller has seen both `m` and `v`) as a distribution point, or why not. */
export function readDatadogLambdaPoint(object: Record<string, unknown>, tagLists: TagLists, eventTimestampMs: number): ParseResult {
  const name = typeof object.m === 'string' ? object.m.trim() : undefined;
  if (name === undefined || !isValidMetricName(name)) {
    return reject(RejectReason.BadName, `metric name ${JSON.stringify(object.m)?.slice(0, 64)} breaks Datadog's naming rules`);
  }
  const value = numberOf(object.v);
  if (value === undefined) return reject(RejectReason.BadValue, `value ${JSON.stringify(object.v)?.slice(0, 32)} is not a finite number`);
  const timestamp = timestampOf(object.e, eventTimestampMs);
  if (timestamp === undefined) return reject(RejectReason.BadTimestamp, `timestamp ${JSON.stringify(object.e)?.slice(0, 32)} is not epoch seconds or milliseconds`);
  const rawTags = object.t ?? [];
  if (!Array.isArray(rawTags)) return reject(RejectReason.Malformed, '"t" is not a list of tags');
  return { ok: true, point: { name, type: MetricType.Histogram, value, timestamp, tags: tagLists.of(rawTags) } };
}
