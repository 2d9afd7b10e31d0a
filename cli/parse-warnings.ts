/**
 * Warnings for metric lines the forwarder accepts that probably do not say what their writer meant: a timestamp in
 * milliseconds where seconds are expected (read, but converted), an EMF Timestamp in seconds (EMF says milliseconds),
 * a tag with a space in it (sent with `_` instead), `key: value` (the value sent as `_value`), and the emitter's own
 * tag advice (a reserved key, an id-like value). The forwarder reads the line either way; this only says what it made
 * of it. Which text is the metric is found the way the forwarder finds it (MONITORING after a runtime prefix, a JSON
 * metric raw, after a prefix or as a JSON log's message); the reading itself is the grammar's (emitter/grammar.ts).
 */
import { LineFormat } from '../emitter/constants.js';
import { normaliseTag, tagWarning, toEpochSeconds } from '../emitter/grammar.js';
import { dialectOf, isRecord } from '../forwarder/parse/dialects/shape.js';
import { monitoringStart, splitLines } from '../forwarder/parse/index.js';
import { FORWARDER_FILTER_TERMS } from '../forwarder/subscriber/filter-pattern.js';
import { Dialect, type DialectName } from '../forwarder/types.js';

export const WarningKind = {
  MillisecondTimestamp: 'timestamp_in_milliseconds',
  EmfTimestampInSeconds: 'emf_timestamp_in_seconds',
  SpaceInTag: 'space_in_tag',
  SpaceAfterColon: 'space_after_colon',
  TagAdvice: 'tag_advice',
  FilteredOut: 'filtered_out',
} as const;
export type WarningKindName = (typeof WarningKind)[keyof typeof WarningKind];

export interface LineWarning {
  kind: WarningKindName;
  dialect: DialectName;
  detail: string;
}

/** A metric found in a line: a MONITORING line's text, or a JSON metric object. */
type FoundMetric = { dialect: typeof Dialect.Monitoring; text: string } | { dialect: DialectName; object: Record<string, unknown> };

const MAX_SHOWN = 64;
/** Warnings listed per line; the rest are counted in one more. */
const MAX_WARNINGS_PER_LINE = 10;
const shown = (text: string): string => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonMetric(text: string): FoundMetric[] {
  const parsed = parseJson(text);
  if (!isRecord(parsed)) return [];
  const dialect = dialectOf(parsed);
  return dialect === undefined ? [] : [{ dialect, object: parsed }];
}

/** The metrics in one log line. `jsonAllowed` is false inside a JSON log's message (no JSON inside JSON). */
function metricsIn(line: string, jsonAllowed: boolean): FoundMetric[] {
  if (jsonAllowed && line.startsWith('{')) {
    const parsed = parseJson(line);
    if (isRecord(parsed)) {
      const dialect = dialectOf(parsed);
      if (dialect !== undefined) return [{ dialect, object: parsed }];
      const { message } = parsed; // a JSON log record: the function's own message
      if (isRecord(message)) {
        const inner = dialectOf(message); // Node's JSON format keeps a logged object as an object
        return inner === undefined ? [] : [{ dialect: inner, object: message }];
      }
      if (typeof message !== 'string') return [];
      if (message.startsWith('{')) return jsonMetric(message);
      return splitLines(message).flatMap((inner) => metricsIn(inner, false));
    }
  }
  const at = monitoringStart(line);
  if (at !== -1) return [{ dialect: Dialect.Monitoring, text: line.slice(at) }];
  const brace = line.indexOf('\t{');
  return brace === -1 ? [] : jsonMetric(line.slice(brace + 1));
}

/** True when the grammar read `text` as milliseconds (it converts them to seconds rather than refuse them). */
function readAsMilliseconds(text: string): boolean {
  const seconds = toEpochSeconds(text);
  return seconds !== undefined && seconds !== Math.floor(Number(text));
}

const SPACE_AFTER_COLON = /:\s/;
const SPACE = /\s/;

function tagWarnings(rawTags: readonly unknown[], dialect: DialectName, out: LineWarning[]): void {
  for (const raw of rawTags) {
    if (typeof raw !== 'string') continue;
    const trimmed = raw.trim();
    const sent = normaliseTag(raw);
    if (SPACE_AFTER_COLON.test(trimmed)) {
      const meant = normaliseTag(trimmed.replace(/:\s+/, ':'));
      out.push({ kind: WarningKind.SpaceAfterColon, dialect, detail: `tag "${shown(raw)}" has a space after ":": sent as "${shown(sent)}" (write "${shown(meant)}")` });
    } else if (SPACE.test(trimmed)) {
      out.push({ kind: WarningKind.SpaceInTag, dialect, detail: `tag "${shown(raw)}" has a space in it: sent as "${shown(sent)}"` });
    }
    const advice = sent === '' ? undefined : tagWarning(sent);
    if (advice !== undefined) out.push({ kind: WarningKind.TagAdvice, dialect, detail: advice });
  }
}

function monitoringWarnings(text: string, out: LineWarning[]): void {
  // `MONITORING|<ts>|<value>|<type>|<name>|#<tags>`: only the timestamp and tag fields matter here.
  const fields = text.trim().split(LineFormat.separator);
  const timestamp = (fields[1] ?? '').trim();
  if (readAsMilliseconds(timestamp)) {
    out.push({ kind: WarningKind.MillisecondTimestamp, dialect: Dialect.Monitoring, detail: `timestamp ${shown(timestamp)} is in milliseconds: read as ${toEpochSeconds(timestamp)} seconds (write epoch seconds)` });
  }
  const tagSection = (fields[5] ?? '').trim();
  if (tagSection.startsWith(LineFormat.tagMarker)) tagWarnings(tagSection.slice(1).split(LineFormat.tagSeparator), Dialect.Monitoring, out);
}

function datadogLambdaWarnings(object: Record<string, unknown>, out: LineWarning[]): void {
  const e = typeof object.e === 'number' && Number.isFinite(object.e) ? String(Math.floor(object.e)) : typeof object.e === 'string' ? object.e.trim() : '';
  if (readAsMilliseconds(e)) {
    out.push({ kind: WarningKind.MillisecondTimestamp, dialect: Dialect.DatadogLambda, detail: `"e" ${shown(e)} is in milliseconds: read as ${toEpochSeconds(e)} seconds (write epoch seconds)` });
  }
  if (Array.isArray(object.t)) tagWarnings(object.t, Dialect.DatadogLambda, out);
}

function emfWarnings(object: Record<string, unknown>, out: LineWarning[]): void {
  const aws = isRecord(object._aws) ? object._aws : {};
  const timestamp = typeof aws.Timestamp === 'number' && Number.isFinite(aws.Timestamp) ? String(Math.floor(aws.Timestamp)) : '';
  if (timestamp !== '' && toEpochSeconds(timestamp) === Number(timestamp)) {
    out.push({ kind: WarningKind.EmfTimestampInSeconds, dialect: Dialect.Emf, detail: `_aws.Timestamp ${timestamp} is in seconds; EMF's Timestamp is epoch milliseconds (read as seconds here, CloudWatch would read 1970)` });
  }
  // The dimension pairs that become tags (`name:value`), each once.
  const pairs = new Set<string>();
  for (const directive of Array.isArray(aws.CloudWatchMetrics) ? aws.CloudWatchMetrics : []) {
    const sets: unknown = isRecord(directive) ? directive.Dimensions : undefined;
    for (const set of Array.isArray(sets) ? sets : []) {
      for (const name of Array.isArray(set) ? set : []) {
        const value = typeof name === 'string' ? object[name] : undefined;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') pairs.add(`${name as string}:${String(value)}`);
      }
    }
  }
  tagWarnings([...pairs], Dialect.Emf, out);
}

/**
 * A line holding none of the subscription filter's terms is dropped by CloudWatch Logs before the forwarder sees it
 * (unless another line of the same log event holds one): e.g. a hand-written `{"m","v"}` point without the
 * `dd_lambda_layer:datadog` tag the datadog-lambda clients add. parse reads it; the deployed forwarder never would.
 */
function filterWarning(line: string, found: readonly FoundMetric[], out: LineWarning[]): void {
  const [first] = found;
  if (first === undefined || FORWARDER_FILTER_TERMS.some((term) => line.includes(term))) return;
  out.push({ kind: WarningKind.FilteredOut, dialect: first.dialect, detail: `the subscription filter passes only lines with one of ${FORWARDER_FILTER_TERMS.length} terms (the subscriber's built-in filter pattern, FILTER_PATTERN to override it) and this line has none: it would not reach a deployed forwarder` });
}

/** The warnings for one log line (the forwarder has accepted at least one point from it), each said once. */
export function lineWarnings(line: string): LineWarning[] {
  const out: LineWarning[] = [];
  const found = metricsIn(line, true);
  filterWarning(line, found, out);
  for (const metric of found) {
    if ('text' in metric) monitoringWarnings(metric.text, out);
    else if (metric.dialect === Dialect.DatadogLambda) datadogLambdaWarnings(metric.object, out);
    else emfWarnings(metric.object, out);
  }
  const seen = new Set<string>();
  const distinct = out.filter((w) => !seen.has(w.detail) && seen.add(w.detail));
  if (distinct.length <= MAX_WARNINGS_PER_LINE) return distinct;
  // A line of a thousand odd tags is one problem, said a few times, then counted.
  const [next] = distinct.slice(MAX_WARNINGS_PER_LINE) as [LineWarning];
  const more = distinct.length - MAX_WARNINGS_PER_LINE;
  return [...distinct.slice(0, MAX_WARNINGS_PER_LINE), { ...next, detail: `and ${more} more warning${more === 1 ? '' : 's'} on this line` }];
}
