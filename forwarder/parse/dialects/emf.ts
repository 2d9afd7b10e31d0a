/**
 * CloudWatch Embedded Metric Format, as @aws-lambda-powertools/metrics 2.x and aws-embedded-metrics 4.x write it:
 *
 *     {"_aws":{"Timestamp":<epoch ms>,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["service","plan"]],
 *       "Metrics":[{"Name":"OrdersPlaced","Unit":"Count","StorageResolution":60}]}]},
 *      "service":"checkout","plan":"pro","OrdersPlaced":[2,3]}
 *
 * Every metric of every directive, for every dimension set: the metric under that set's dimensions as tags
 * (`service:checkout`, `plan:pro`), one distribution value per sample (a value array is several samples). EMF values
 * are samples that CloudWatch summarises as statistic sets, so all take the histogram path, shipped as distribution
 * points; StorageResolution changes nothing here. Values keep the unit they were written in (the distribution
 * endpoint carries no unit). Other root members are properties, not tags (often unbounded: request ids).
 */
import { MetricType, RejectReason } from '../../../emitter/constants.js';
import { isValidMetricName, toEpochSeconds } from '../../../emitter/grammar.js';
import type { MonitoringPoint, RejectReasonName } from '../../../emitter/types.js';
import type { EmfNames } from './emf-names.js';
import { isRecord } from './shape.js';
import type { TagLists } from './tag-lists.js';

export interface EmfRejection {
  reason: RejectReasonName;
  detail: string;
}

/** What one EMF object yields: points (names not yet checked) and what could not be read. */
export interface EmfResult {
  points: MonitoringPoint[];
  rejections: EmfRejection[];
}

const MAX_SHOWN = 64;
const shown = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, MAX_SHOWN);

/** The metric's samples: a finite number, or a non-empty array of them; undefined otherwise. */
function samplesOf(value: unknown): number[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? [value] : undefined;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const sample of value) if (typeof sample !== 'number' || !Number.isFinite(sample)) return undefined;
  return value as number[];
}

/** The tags of one dimension set (`name:value` from root members), or the name of a dimension without a value. */
function dimensionTags(object: Record<string, unknown>, set: unknown, tagLists: TagLists): string[] | { missing: string } {
  if (!Array.isArray(set)) return { missing: shown(set) };
  const pairs: string[] = [];
  for (const name of set) {
    const value = typeof name === 'string' ? object[name] : undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return { missing: shown(name) };
    pairs.push(`${name as string}:${String(value)}`);
  }
  return tagLists.of(pairs);
}

/** Epoch seconds of `_aws.Timestamp` (epoch ms); the log event's time when it is missing. */
function timestampOf(aws: Record<string, unknown>, eventTimestampMs: number): number | undefined {
  const value = aws.Timestamp;
  if (value === undefined) return Math.floor(eventTimestampMs / 1000);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return toEpochSeconds(String(Math.floor(value)));
}

/** One EMF object (the caller has seen its `_aws` member) as distribution points, named by `names` (its rule). */
export function readEmf(object: Record<string, unknown>, names: EmfNames, tagLists: TagLists, eventTimestampMs: number): EmfResult {
  const result: EmfResult = { points: [], rejections: [] };
  const reject = (reason: RejectReasonName, detail: string) => result.rejections.push({ reason, detail });
  const aws = object._aws;
  if (!isRecord(aws) || !Array.isArray(aws.CloudWatchMetrics)) {
    reject(RejectReason.Malformed, '_aws has no CloudWatchMetrics list');
    return result;
  }
  const timestamp = timestampOf(aws, eventTimestampMs);
  if (timestamp === undefined) {
    reject(RejectReason.BadTimestamp, `_aws.Timestamp ${shown(aws.Timestamp)} is not epoch milliseconds`);
    return result;
  }

  for (const directive of aws.CloudWatchMetrics as unknown[]) {
    if (!isRecord(directive) || !Array.isArray(directive.Metrics)) {
      reject(RejectReason.Malformed, 'a CloudWatchMetrics directive has no Metrics list');
      continue;
    }
    const namespace = typeof directive.Namespace === 'string' ? directive.Namespace : '';
    const tagSets: string[][] = [];
    const sets: unknown[] = Array.isArray(directive.Dimensions) && directive.Dimensions.length > 0 ? directive.Dimensions : [[]];
    for (const set of sets) {
      const tags = dimensionTags(object, set, tagLists);
      if (Array.isArray(tags)) tagSets.push(tags);
      else reject(RejectReason.Malformed, `dimension ${tags.missing} has no string or number value in the object`);
    }
    for (const metric of directive.Metrics as unknown[]) {
      const metricName = isRecord(metric) && typeof metric.Name === 'string' ? metric.Name : undefined;
      if (metricName === undefined) {
        reject(RejectReason.Malformed, `a metric definition has no Name: ${shown(metric)}`);
        continue;
      }
      const samples = samplesOf(object[metricName]);
      if (samples === undefined) {
        reject(RejectReason.BadValue, `metric "${metricName.slice(0, MAX_SHOWN)}" has value ${shown(object[metricName])}, not a finite number or a list of them`);
        continue;
      }
      const name = names.of(namespace, metricName);
      if (!isValidMetricName(name)) {
        reject(RejectReason.BadName, `metric "${metricName.slice(0, MAX_SHOWN)}" in namespace "${namespace.slice(0, MAX_SHOWN)}" is named "${name.slice(0, MAX_SHOWN)}", which breaks Datadog's naming rules`);
        continue;
      }
      for (const tags of tagSets) {
        for (const value of samples) result.points.push({ name, type: MetricType.Histogram, value, timestamp, tags });
      }
    }
  }
  return result;
}
