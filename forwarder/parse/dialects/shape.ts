/**
 * Cheap tests that tell which JSON metric dialect a line may hold, before any JSON.parse: a substring search for the
 * dialect's keys, raw (`"_aws"`, `"m":`) or escaped inside a JSON log record's message (`\"_aws\"`, `\"m\":`).
 */
import { Dialect, type DialectName } from '../../types.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How the dialects' keys are looked for: raw (`"m":`) or escaped inside a JSON log record's message (`"m\\":`). */
const MetricJsonKeys = {
  /** EMF's `_aws` key (its opening quote only: the same either way). */
  emf: ['"_aws'],
  /** datadog-lambda's metric name key. */
  datadogLambdaName: ['"m":', '"m\\":'],
  /** datadog-lambda's value key. */
  datadogLambdaValue: ['"v":', '"v\\":'],
} as const;

const includesAny = (text: string, keys: readonly string[]): boolean => keys.some((key) => text.includes(key));

/** True when `text` may hold an EMF object (its `_aws` key, raw or escaped). */
export function mayBeEmf(text: string): boolean {
  return includesAny(text, MetricJsonKeys.emf);
}

/** True when `text` may hold a datadog-lambda point (both its `m` and `v` keys, raw or escaped). */
export function mayBeDatadogLambda(text: string): boolean {
  return includesAny(text, MetricJsonKeys.datadogLambdaName) && includesAny(text, MetricJsonKeys.datadogLambdaValue);
}

export function mayBeMetricJson(text: string): boolean {
  return mayBeEmf(text) || mayBeDatadogLambda(text);
}

/** The dialect a parsed JSON object is written in, or undefined when it is no metric. */
export function dialectOf(value: Record<string, unknown>): DialectName | undefined {
  if ('_aws' in value) return Dialect.Emf;
  if ('m' in value && 'v' in value) return Dialect.DatadogLambda;
  return undefined;
}

/** The dialect a text that failed to parse as JSON was clearly meant in (its keys are there), or undefined. */
export function dialectMentioned(text: string): DialectName | undefined {
  if (mayBeEmf(text)) return Dialect.Emf;
  if (mayBeDatadogLambda(text)) return Dialect.DatadogLambda;
  return undefined;
}
