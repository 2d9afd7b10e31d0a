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
// Neither pattern can backtrack over the same digits twice (eslint-plugin-regexp checks), and both meet only text
// already cut to MAX_NUMBER_TEXT: log lines are untrusted, and a refusal must cost the same whatever a line's length.
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_PATTERN = /^\d+(?:\.\d*)?$/;
/**
 * The longest number text read. Any finite double written out in plain decimals fits (5e-324 is 326 characters, the
 * largest double 309 digits), and every writer we know prints far fewer (JavaScript's shortest form: 24 at most).
 */
export const MAX_NUMBER_TEXT = 400;
// A tag that needs no change: starts with a lowercase letter, then only allowed characters.
const CLEAN_TAG = /^[a-z][a-z0-9_\-:./]*$/;
const ILLEGAL_TAG_CHARS = /[^\p{L}\p{N}_\-:./]+/gu;
const LEADING_NON_LETTERS = /^\P{L}+/u;

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
  if (text.length > MAX_NUMBER_TEXT || !INTEGER_PATTERN.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return Math.floor(n); // seconds until the year 5138
  if (n < 1e14) return Math.floor(n / 1000); // milliseconds
  return undefined;
}

/** Parses a value; undefined for empty, NaN, Infinity or anything not a plain decimal number. */
export function parseValue(text: string): number | undefined {
  if (text.length > MAX_NUMBER_TEXT || !NUMBER_PATTERN.test(text)) return undefined;
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

/** A field as a refusal quotes it: its start only (a field can be as long as its line). */
function shown(field: string): string {
  return field.length > 64 ? `${field.slice(0, 61)}...` : field;
}

/**
 * Parses one MONITORING line that starts at `MONITORING|` (the caller strips any runtime prefix and the line end).
 * Tolerates a trailing `|`, a missing tag section and surrounding whitespace; re-applies Datadog's naming rules.
 */
export function parseLine(line: string): ParseResult {
  return parseCleanLine(line, 0, undefined) ?? parseLineTolerantly(line);
}

/** A clean line's tail, `type|name` and any `|#tags`, and what it says. */
interface LineTail {
  text: string;
  type: MetricTypeName;
  name: string;
  tags: string[];
}

/**
 * What parseLineSharingTags remembers between the lines of one batch. A batch repeats a few line tails
 * (`histogram|checkout.latency|#env:prod`) thousands of times, so the recent ones are kept and recognised with one
 * native comparison each (no slicing, no hashing); each distinct tag section is normalised once and its array shared.
 * Both are bounded, so unbounded tag values cost a little time, never memory. Make one per batch: what it holds keeps
 * the lines it was cut from alive.
 */
export class LineTailCache {
  static readonly maxTails = 32;
  static readonly maxTagSections = 1_000;
  private readonly tails: LineTail[] = [];
  private replaceNext = 0;
  private readonly tagSections = new Map<string, string[]>();
  static readonly maxRefusals = 256;
  private readonly refusals = new Map<string, ParseResult>();

  /** The remembered tail that line[start..] is, if any. */
  find(line: string, start: number): LineTail | undefined {
    // Lengths first (most tails differ in length), then one slice and string equality: measured faster than
    // startsWith at an offset, and than comparing the slice with every tail.
    const length = line.length - start;
    let text: string | undefined;
    for (const tail of this.tails) {
      if (tail.text.length !== length) continue;
      text ??= line.slice(start);
      if (tail.text === text) return tail;
    }
    return undefined;
  }

  remember(tail: LineTail): void {
    if (this.tails.length < LineTailCache.maxTails) {
      this.tails.push(tail);
      return;
    }
    this.tails[this.replaceNext] = tail;
    this.replaceNext = (this.replaceNext + 1) % LineTailCache.maxTails;
  }

  /** The shared tags of tag section line[start, end), scanned on first sight; undefined when it is not clean. */
  tags(line: string, start: number, end: number): string[] | undefined {
    const section = line.slice(start, end);
    let tags = this.tagSections.get(section);
    if (tags === undefined) {
      tags = scanTags(line, start, end);
      if (tags === undefined) return undefined;
      if (this.tagSections.size >= LineTailCache.maxTagSections) this.tagSections.clear();
      this.tagSections.set(section, tags);
    }
    return tags;
  }

  /** The refusal parseLineSharingTags gave a line with this tail after a clean timestamp and value, if any. */
  refusalOf(tail: string): ParseResult | undefined {
    return this.refusals.get(tail);
  }

  rememberRefusal(tail: string, refusal: ParseResult): void {
    if (this.refusals.size >= LineTailCache.maxRefusals) this.refusals.clear();
    this.refusals.set(tail, refusal);
  }

  /** Distinct tag sections held (for tests of the bound). */
  get tagSectionCount(): number {
    return this.tagSections.size;
  }
}

/**
 * parseLine for a reader of many lines: the MONITORING line starts at `at` in `line` (no slicing needed after a
 * runtime prefix), and lines that end alike are read once through `cache` (see LineTailCache). Points whose lines
 * carry the same tag section share one tags array, and lines refused for the same tail one refusal: both must be
 * read, never changed. The result is otherwise exactly parseLine's.
 */
export function parseLineSharingTags(line: string, at: number, cache: LineTailCache): ParseResult {
  const clean = parseCleanLine(line, at, cache);
  if (clean !== undefined) return clean;
  // A refused line's verdict, after a clean timestamp and value, is its tail's: a batch repeating a mistake
  // (`…|distribution|…`) is read through the tolerant path once per distinct tail.
  const tailStart = cleanHeadEnd(line, at);
  if (tailStart === -1) return parseLineTolerantly(at === 0 ? line : line.slice(at));
  const tail = line.slice(tailStart);
  const known = cache.refusalOf(tail);
  if (known !== undefined) return known;
  const result = parseLineTolerantly(at === 0 ? line : line.slice(at));
  if (!result.ok && result.reason !== RejectReason.BadCheckStatus) cache.rememberRefusal(tail, result);
  return result;
}

/**
 * Where the tail (`type|name…`) starts when the line at `at` opens with `MONITORING|`, a timestamp and a value the
 * fast scan reads (so the tolerant path reads them too, and alike); -1 otherwise. The tolerant path's verdict on such
 * a line then depends on its tail alone, except for a check status (the value's).
 */
function cleanHeadEnd(line: string, at: number): number {
  if (line.indexOf(LINE_START, at) !== at) return -1;
  const start = at + LINE_START.length;
  const tsEnd = line.indexOf('|', start);
  if (tsEnd === -1) return -1;
  const valueEnd = line.indexOf('|', tsEnd + 1);
  if (valueEnd === -1 || scanTimestamp(line, start, tsEnd) === undefined || scanValue(line, tsEnd + 1, valueEnd) === undefined) return -1;
  return valueEnd + 1;
}

/**
 * The fast scan alone, for a reader that has already found `MONITORING|` at `at` in `line` (it is not tested again):
 * the point parseLineSharingTags would give, or undefined when the line is not clean (then ask parseLineSharingTags,
 * which decides and says why it refuses). No result object is made for the point.
 */
export function readCleanLineAt(line: string, at: number, cache: LineTailCache): MonitoringPoint | undefined {
  return readCleanFields(line, at + LINE_START.length, cache);
}

/**
 * The general parser: trims and splits, so it reads every line parseLine accepts and says why it refuses the rest.
 * parseLine tries a faster scan first (parseCleanLine) and comes here for anything that scan does not accept.
 */
export function parseLineTolerantly(line: string): ParseResult {
  const text = line.trim();
  if (!text.startsWith(LINE_START)) return reject(RejectReason.Malformed, 'does not start with MONITORING|');
  const fields = text.slice(LINE_START.length).split('|');
  while (fields.length > 4 && fields[fields.length - 1] === '') fields.pop(); // trailing `|`
  if (fields.length < 4 || fields.length > 5) return reject(RejectReason.Malformed, `expected 4 or 5 fields after MONITORING, got ${fields.length}`);
  const [tsText, valueText, typeText, name, tagText] = fields as [string, string, string, string, string | undefined];

  const timestamp = toEpochSeconds(tsText.trim());
  if (timestamp === undefined) return reject(RejectReason.BadTimestamp, `timestamp "${shown(tsText)}" is not epoch seconds or milliseconds`);
  const value = parseValue(valueText.trim());
  if (value === undefined) return reject(RejectReason.BadValue, `value "${shown(valueText)}" is not a finite number`);
  const type = typeText.trim();
  if (!isMetricType(type)) return reject(RejectReason.BadType, `type "${shown(typeText)}" is not count, gauge, histogram or check`);
  const metricName = name.trim();
  if (!isValidMetricName(metricName)) return reject(RejectReason.BadName, `metric name "${shown(metricName)}" breaks Datadog's naming rules`);
  if (type === MetricType.Check && !isCheckStatus(value)) return reject(RejectReason.BadCheckStatus, `check status ${value} is not 0, 1, 2 or 3`);

  let tags: string[] = [];
  if (tagText !== undefined && tagText.trim() !== '') {
    const list = tagText.trim();
    if (!list.startsWith(LineFormat.tagMarker)) return reject(RejectReason.Malformed, 'tag section does not start with #');
    tags = normaliseTags(list.slice(1).split(LineFormat.tagSeparator));
  }
  return { ok: true, point: { name: metricName, type, value, timestamp, tags } };
}

// ---- the fast scan for clean lines ----
// A line as the emitter writes it (no whitespace, plain decimals, clean sorted tags) is read here with indexOf and
// character tests: no trim, no split, no regex, no sort. Anything this scan does not accept outright goes to
// parseLineTolerantly, which decides; so the fast scan can only ever say yes, and only where the tolerant path would
// say the same yes.

const Code = { Zero: 48, Nine: 57, Minus: 45, Dot: 46, Underscore: 95, Colon: 58, Slash: 47, UpperA: 65, UpperZ: 90, LowerA: 97, LowerZ: 122, Hash: 35, Comma: 44, Pipe: 124 } as const;
/** Digits a double holds exactly (< 2^53), so digits / 10^k is one correctly rounded division: Number()'s result. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

function isDigit(code: number): boolean {
  return code >= Code.Zero && code <= Code.Nine;
}

function isLetter(code: number): boolean {
  return (code >= Code.LowerA && code <= Code.LowerZ) || (code >= Code.UpperA && code <= Code.UpperZ);
}

/** Epoch seconds from plain digits in line[start, end) (toEpochSeconds' rules), or undefined. */
function scanTimestamp(line: string, start: number, end: number): number | undefined {
  if (end <= start || end - start > MAX_EXACT_DIGITS) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i);
    if (!isDigit(code)) return undefined;
    n = n * 10 + (code - Code.Zero);
  }
  if (n <= 0) return undefined;
  if (n < 1e11) return n;
  if (n < 1e14) return Math.floor(n / 1000);
  return undefined;
}

/** A value written `-?digits(.digits)?` with at most 15 digits in line[start, end), exactly as Number() reads it. */
function scanValue(line: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = line.charCodeAt(i) === Code.Minus;
  if (negative) i++;
  let digits = 0;
  let fractionDigits = -1; // -1: no `.` seen yet
  let n = 0;
  for (; i < end; i++) {
    const code = line.charCodeAt(i);
    if (isDigit(code)) {
      n = n * 10 + (code - Code.Zero);
      digits++;
      if (fractionDigits !== -1) fractionDigits++;
    } else if (code === Code.Dot && fractionDigits === -1 && digits > 0) {
      fractionDigits = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > MAX_EXACT_DIGITS || fractionDigits === 0) return undefined;
  const value = fractionDigits > 0 ? n / (POWERS_OF_TEN[fractionDigits] as number) : n;
  return negative ? -value : value;
}

/** The metric type spelled exactly in line[start, end), or undefined. */
function scanType(line: string, start: number, end: number): MetricTypeName | undefined {
  for (const type of CLEAN_TYPES) {
    if (end - start === type.length && line.startsWith(type, start)) return type;
  }
  return undefined;
}
const CLEAN_TYPES = Object.values(MetricType);

/** True when line[start, end) is a metric name Datadog accepts as it is (isValidMetricName without a regex). */
function isCleanName(line: string, start: number, end: number): boolean {
  if (end <= start || end - start > DatadogLimits.maxNameLength || !isLetter(line.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const code = line.charCodeAt(i);
    if (!isLetter(code) && !isDigit(code) && code !== Code.Underscore && code !== Code.Dot) return false;
  }
  return true;
}

/** True when line[start, end) is a tag normaliseTag returns unchanged (CLEAN_TAG, no trailing `_`, not too long). */
function isCleanTag(line: string, start: number, end: number): boolean {
  if (end <= start || end - start > DatadogLimits.maxTagLength) return false;
  const first = line.charCodeAt(start);
  if (first < Code.LowerA || first > Code.LowerZ || line.charCodeAt(end - 1) === Code.Underscore) return false;
  for (let i = start + 1; i < end; i++) {
    const code = line.charCodeAt(i);
    const ok =
      (code >= Code.LowerA && code <= Code.LowerZ) ||
      isDigit(code) ||
      code === Code.Underscore ||
      code === Code.Minus ||
      code === Code.Colon ||
      code === Code.Dot ||
      code === Code.Slash;
    if (!ok) return false;
  }
  return true;
}

/**
 * The tags of a clean tag section line[start, end) (after the `#`): every tag clean and not empty. Returns them
 * sorted and de-duplicated, as normaliseTags would; undefined when any tag needs normalising.
 */
function scanTags(line: string, start: number, end: number): string[] | undefined {
  const tags: string[] = [];
  let sorted = true;
  let from = start;
  while (from <= end) {
    let comma = line.indexOf(',', from);
    if (comma === -1 || comma > end) comma = end;
    if (!isCleanTag(line, from, comma)) return undefined;
    const tag = line.slice(from, comma);
    const last = tags[tags.length - 1];
    if (last !== undefined && !(last < tag)) sorted = false;
    tags.push(tag);
    from = comma + 1;
  }
  return sorted ? tags : [...new Set(tags)].sort();
}

/**
 * The fast scan: `MONITORING|ts|value|type|name` with an optional `|#tags` and at most a trailing `|`, starting at
 * `at`, with nothing to trim anywhere. Returns the parsed point, or undefined to hand the line to the tolerant path.
 */
function parseCleanLine(line: string, at: number, cache: LineTailCache | undefined): ParseResult | undefined {
  if (line.indexOf(LINE_START, at) !== at) return undefined; // measured faster than startsWith at an offset
  const point = readCleanFields(line, at + LINE_START.length, cache);
  return point === undefined ? undefined : { ok: true, point };
}

/** The fast scan after `MONITORING|`: the fields from `start` on. */
function readCleanFields(line: string, start: number, cache: LineTailCache | undefined): MonitoringPoint | undefined {
  const tsEnd = line.indexOf('|', start);
  if (tsEnd === -1) return undefined;
  const valueEnd = line.indexOf('|', tsEnd + 1);
  if (valueEnd === -1) return undefined;
  const timestamp = scanTimestamp(line, start, tsEnd);
  if (timestamp === undefined) return undefined;
  const value = scanValue(line, tsEnd + 1, valueEnd);
  if (value === undefined) return undefined;

  const tail = cache?.find(line, valueEnd + 1) ?? scanTail(line, valueEnd + 1, cache);
  if (tail === undefined || (tail.type === MetricType.Check && !isCheckStatus(value))) return undefined;
  return { name: tail.name, type: tail.type, value, timestamp, tags: tail.tags };
}

/**
 * The clean tail line[start..]: `type|name`, then nothing, `|`, `|#tags` or `|#tags|`. Anything else (a sixth
 * field, whitespace, a tag that needs normalising) is not clean: undefined. Remembered in `cache` when there is one.
 */
function scanTail(line: string, start: number, cache: LineTailCache | undefined): LineTail | undefined {
  const typeEnd = line.indexOf('|', start);
  if (typeEnd === -1) return undefined;
  let nameEnd = line.indexOf('|', typeEnd + 1);
  if (nameEnd === -1) nameEnd = line.length;
  const type = scanType(line, start, typeEnd);
  if (type === undefined || !isCleanName(line, typeEnd + 1, nameEnd)) return undefined;

  let tags: string[] = [];
  if (nameEnd < line.length) {
    let sectionEnd = line.length;
    if (line.charCodeAt(sectionEnd - 1) === Code.Pipe) sectionEnd--;
    if (sectionEnd > nameEnd + 1) {
      if (line.charCodeAt(nameEnd + 1) !== Code.Hash) return undefined;
      const pipe = line.indexOf('|', nameEnd + 1);
      if (pipe !== -1 && pipe < sectionEnd) return undefined;
      const scanned = cache === undefined ? scanTags(line, nameEnd + 2, sectionEnd) : cache.tags(line, nameEnd + 2, sectionEnd);
      if (scanned === undefined) return undefined;
      tags = scanned;
    }
  }
  if (cache === undefined) return { text: '', type, name: line.slice(typeEnd + 1, nameEnd), tags }; // never remembered: no text needed
  const tail: LineTail = { text: line.slice(start), type, name: line.slice(typeEnd + 1, nameEnd), tags };
  cache.remember(tail);
  return tail;
}
