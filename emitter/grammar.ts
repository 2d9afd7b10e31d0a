/**
 * The MONITORING line grammar, in one place (wire-formats §1):
 *
 *     MONITORING|<unix_epoch_seconds>|<value>|<metric_type>|<metric.name>|#<tag1:value>,<tag2>
 *
 * The emitter formats with it and the forwarder parses with it, so a line one side writes is a line the other reads.
 * Everything here is a pure function over strings and numbers.
 */
import { DatadogLimits, LineFormat, MetricType, RejectReason, WarnedTagKeys } from './constants.js';
import type { MetricTypeName, MonitoringPoint, ParseResult, RejectReasonName, TagsInput } from './types.js';

const LINE_START = LineFormat.prefix + LineFormat.separator;
const METRIC_TYPES: ReadonlySet<string> = new Set(Object.values(MetricType));

// Datadog: a metric name starts with a letter; then ASCII letters, digits, `_` and `.`.
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.]*$/;
// A decimal number as people write it; rejects `0x10`, `1_000`, `Infinity` and blanks that Number() would accept.
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_PATTERN = /^\d+(?:\.\d*)?$/;
// A tag that needs no change: starts with a lowercase letter, then only allowed characters.
const CLEAN_TAG = /^[a-z][a-z0-9_\-:./]*$/;
const ILLEGAL_TAG_CHARS = /[^\p{L}\p{N}_\-:./]+/gu;
const LEADING_NON_LETTERS = /^[^\p{L}]+/u;

/** True when `name` is a metric name Datadog accepts as it is. */
export function isValidMetricName(name: string): boolean {
  return name.length > 0 && name.length <= DatadogLimits.maxNameLength && NAME_PATTERN.test(name);
}

export function isMetricType(type: string): type is MetricTypeName {
  return METRIC_TYPES.has(type);
}

/** Check statuses are 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export function isCheckStatus(value: number): boolean {
  return value === 0 || value === 1 || value === 2 || value === 3;
}

/**
 * Normalises one tag the way Datadog does: lowercase, runs of illegal characters to one `_`, leading non-letters
 * dropped, trailing `_` dropped, at most 200 characters. Returns '' for a tag with nothing left (callers drop it).
 */
export function normaliseTag(raw: string): string {
  if (raw.length <= DatadogLimits.maxTagLength && CLEAN_TAG.test(raw) && !raw.endsWith('_')) return raw;
  let tag = raw.trim().toLowerCase().replace(ILLEGAL_TAG_CHARS, '_').replace(LEADING_NON_LETTERS, '');
  if (tag.length > DatadogLimits.maxTagLength) {
    tag = tag.slice(0, DatadogLimits.maxTagLength);
    // Never keep half of a surrogate pair: it is not a letter, and not valid UTF-8 once written.
    if (/[\uD800-\uDBFF]$/.test(tag)) tag = tag.slice(0, -1);
  }
  while (tag.endsWith('_')) tag = tag.slice(0, -1);
  return tag;
}

/** Turns the user's tag input (object or array) into normalised, sorted, de-duplicated tags. */
export function normaliseTags(input: TagsInput | undefined): string[] {
  if (input === undefined || input === null) return [];
  const out = new Set<string>();
  if (Array.isArray(input)) {
    for (const raw of input as readonly unknown[]) {
      if (typeof raw !== 'string') continue;
      const tag = normaliseTag(raw);
      if (tag) out.add(tag);
    }
  } else {
    for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      const text = String(value);
      const tag = normaliseTag(text === '' ? key : `${key}:${text}`);
      if (tag) out.add(tag);
    }
  }
  return [...out].sort();
}

/** Union of already-normalised tag lists, sorted and de-duplicated. */
export function mergeTags(base: readonly string[], extra: readonly string[]): string[] {
  if (base.length === 0) return extra.slice();
  if (extra.length === 0) return base.slice();
  return [...new Set([...base, ...extra])].sort();
}

/** The key of a tag: what stands before the first `:` (the whole tag when there is none). */
export function tagKey(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(0, colon);
}

const UNBOUNDED_VALUE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,}|\d{9,})$/;

/**
 * Why a tag is likely to cost money or mean something unintended, or undefined when it looks fine: a reserved key
 * that changes attribution, or a value shaped like an id or a timestamp (one series per request is a cost trap).
 */
export function tagWarning(tag: string): string | undefined {
  const key = tagKey(tag);
  if ((WarnedTagKeys as readonly string[]).includes(key)) return `tag key "${key}" is reserved by Datadog`;
  const value = tag.length > key.length ? tag.slice(key.length + 1) : '';
  if (value && UNBOUNDED_VALUE.test(value)) return `tag "${key}" looks unbounded (an id or timestamp): one series per value`;
  return undefined;
}

/**
 * Epoch seconds from what a line carries. Seconds pass through; 13-digit milliseconds (written by hand sometimes)
 * are converted, never passed on as seconds. Fractions are cut to the second. Returns undefined when it is neither.
 */
export function toEpochSeconds(text: string): number | undefined {
  if (!INTEGER_PATTERN.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return Math.floor(n); // seconds until the year 5138
  if (n < 1e14) return Math.floor(n / 1000); // milliseconds
  return undefined;
}

/** Parses a value; undefined for empty, NaN, Infinity or anything not a plain decimal number. */
export function parseValue(text: string): number | undefined {
  if (!NUMBER_PATTERN.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Writes one MONITORING line (no newline). The point must already be valid and its tags normalised. */
export function formatLine(point: MonitoringPoint): string {
  const head = `${LINE_START}${point.timestamp}|${point.value}|${point.type}|${point.name}`;
  return point.tags.length === 0 ? head : `${head}|#${point.tags.join(',')}`;
}

function reject(reason: RejectReasonName, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

/**
 * Parses one MONITORING line that starts at `MONITORING|` (the caller strips any runtime prefix and the line end).
 * Tolerates a trailing `|`, a missing tag section and surrounding whitespace; re-applies Datadog's naming rules.
 */
export function parseLine(line: string): ParseResult {
  const text = line.trim();
  if (!text.startsWith(LINE_START)) return reject(RejectReason.Malformed, 'does not start with MONITORING|');
  const fields = text.slice(LINE_START.length).split('|');
  while (fields.length > 4 && fields[fields.length - 1] === '') fields.pop(); // trailing `|`
  if (fields.length < 4 || fields.length > 5) return reject(RejectReason.Malformed, `expected 4 or 5 fields after MONITORING, got ${fields.length}`);
  const [tsText, valueText, typeText, name, tagText] = fields as [string, string, string, string, string | undefined];

  const timestamp = toEpochSeconds(tsText.trim());
  if (timestamp === undefined) return reject(RejectReason.BadTimestamp, `timestamp "${tsText}" is not epoch seconds or milliseconds`);
  const value = parseValue(valueText.trim());
  if (value === undefined) return reject(RejectReason.BadValue, `value "${valueText}" is not a finite number`);
  const type = typeText.trim();
  if (!isMetricType(type)) return reject(RejectReason.BadType, `type "${typeText}" is not count, gauge, histogram or check`);
  const metricName = name.trim();
  if (!isValidMetricName(metricName)) return reject(RejectReason.BadName, `metric name "${metricName.slice(0, 64)}" breaks Datadog's naming rules`);
  if (type === MetricType.Check && !isCheckStatus(value)) return reject(RejectReason.BadCheckStatus, `check status ${value} is not 0, 1, 2 or 3`);

  let tags: string[] = [];
  if (tagText !== undefined && tagText.trim() !== '') {
    const list = tagText.trim();
    if (!list.startsWith(LineFormat.tagMarker)) return reject(RejectReason.Malformed, 'tag section does not start with #');
    tags = normaliseTags(list.slice(1).split(LineFormat.tagSeparator));
  }
  return { ok: true, point: { name: metricName, type, value, timestamp, tags } };
}
