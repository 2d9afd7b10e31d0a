/**
 * Lambda platform lines in the text log format (wire-formats §3): REPORT and INIT_REPORT. Fields are tab separated
 * `Key: value unit`; a stray space before a tab and a trailing tab occur and are tolerated, and so do fields separated
 * by spaces only.
 */
import type { InvocationReport } from '../types.js';
import { isWhitespace, skipWhitespace } from './text-scan.js';

export const PlatformLinePrefix = {
  Start: 'START RequestId: ',
  End: 'END RequestId: ',
  Report: 'REPORT RequestId: ',
  InitReport: 'INIT_REPORT ',
} as const;

const KEY_END = ': ';
const UNITS: ReadonlySet<string> = new Set(['ms', 'MB']);

/**
 * Calls `each(key, value)` for every `Key: value` field of a platform line, both trimmed (the first field included:
 * `REPORT RequestId: <id>`). Lambda separates fields with tabs; some exports and the Datadog Forwarder's own test
 * fixtures separate them with spaces (`…-15ccbbb78d4c Duration: 0.62 ms  Billed Duration: 100 ms Memory Size: …`), so
 * where one tab-separated part holds several fields, each value is one word and its unit (ms, MB).
 * Linear in the line whatever it holds: every search starts where the last one stopped, and the next `: ` found past
 * a tab is kept for the parts after it, never searched for again.
 */
function forEachField(line: string, from: number, each: (key: string, value: string) => void): void {
  let colon = line.indexOf(KEY_END, from);
  while (colon !== -1 && from < line.length) {
    let tab = line.indexOf('\t', from);
    if (tab === -1) tab = line.length;
    let keyStart = from;
    while (colon !== -1 && colon < tab) {
      const valueStart = colon + KEY_END.length;
      const next = line.indexOf(KEY_END, valueStart);
      const valueEnd = next !== -1 && next < tab ? spaceSeparatedValueEnd(line, valueStart, next) : -1;
      if (valueEnd === -1) {
        each(line.slice(keyStart, colon).trim(), line.slice(valueStart, tab).trim());
        colon = next;
        while (colon !== -1 && colon < tab) colon = line.indexOf(KEY_END, colon + KEY_END.length); // `: ` in a value
        break;
      }
      each(line.slice(keyStart, colon).trim(), line.slice(valueStart, valueEnd).trim());
      keyStart = valueEnd;
      colon = next;
    }
    from = tab + 1;
  }
}

/**
 * Where the value starting at `start` ends when the next field's `: ` is at `nextColon` in the same tab-separated
 * part: after its first word and a unit word, when what follows up to `nextColon` is a key (letters and spaces).
 * -1 when it is not (a value that holds `: ` itself), so the value runs to the tab.
 */
function spaceSeparatedValueEnd(line: string, start: number, nextColon: number): number {
  let end = skipWhitespace(line, start, nextColon);
  end = wordEnd(line, end, nextColon);
  const unitStart = skipWhitespace(line, end, nextColon);
  const unitEnd = wordEnd(line, unitStart, nextColon);
  if (UNITS.has(line.slice(unitStart, unitEnd))) end = unitEnd;
  const keyStart = skipWhitespace(line, end, nextColon);
  if (keyStart === end || keyStart === nextColon) return -1;
  for (let i = keyStart; i < nextColon; i++) {
    const code = line.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!letter && code !== 32) return -1;
  }
  return end;
}

/** The end of the word starting at `start` (the first whitespace, or `end`). */
function wordEnd(line: string, start: number, end: number): number {
  while (start < end && !isWhitespace(line.charCodeAt(start))) start++;
  return start;
}

/** `102.25 ms` → 102.25; undefined when there is no number. */
function leadingNumber(text: string): number | undefined {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The request id of a `START RequestId: <id> Version: …` or `END RequestId: <id>` line. */
export function requestIdAfter(line: string, prefix: string): string | undefined {
  const start = skipWhitespace(line, prefix.length, line.length);
  let end = start;
  while (end < line.length && !isWhitespace(line.charCodeAt(end))) end++;
  return end === start ? undefined : line.slice(start, end);
}

/**
 * A REPORT line exactly as Lambda writes it for an on-demand invocation, Init Duration on a cold start, and nothing
 * else: no status, no SnapStart fields, no stray spaces. Every invocation writes one, and one native match reads it
 * in half the time of the field-by-field reading (an offset scan measured no faster than that reading). Each number is
 * plain decimal digits, so Number() of it is exactly what parseFloat reads from `<number> ms`.
 */
const LAMBDA_REPORT =
  /^REPORT RequestId: (\S+)\tDuration: (\d+(?:\.\d+)?) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: (\d+(?:\.\d+)?) ms)?\t?$/;

/** The report of a line LAMBDA_REPORT matches; undefined for any other line (or a number too long to be finite). */
function readLambdaReport(line: string, timestampMs: number): InvocationReport | undefined {
  const match = LAMBDA_REPORT.exec(line);
  if (match === null) return undefined;
  const report: InvocationReport = {
    requestId: match[1] as string,
    timestamp: timestampMs,
    durationMs: Number(match[2]),
    billedDurationMs: Number(match[3]),
    memorySizeMb: Number(match[4]),
    maxMemoryUsedMb: Number(match[5]),
  };
  if (match[6] !== undefined) report.initDurationMs = Number(match[6]);
  const finite = Number.isFinite(report.durationMs) && Number.isFinite(report.billedDurationMs) && Number.isFinite(report.memorySizeMb) && Number.isFinite(report.maxMemoryUsedMb);
  return finite && (report.initDurationMs === undefined || Number.isFinite(report.initDurationMs)) ? report : undefined;
}

/** One REPORT line → InvocationReport; undefined when it carries no request id. */
export function parseReportLine(line: string, timestampMs: number): InvocationReport | undefined {
  return readLambdaReport(line, timestampMs) ?? parseReportFields(line, timestampMs);
}

/** The general reading of a REPORT line: every `Key: value` field, whatever the order, spacing or extra fields. */
export function parseReportFields(line: string, timestampMs: number): InvocationReport | undefined {
  const report: InvocationReport = { requestId: '', timestamp: timestampMs };
  forEachField(line, 0, (key, value) => {
    switch (key) {
      case 'REPORT RequestId':
        report.requestId = value;
        return;
      case 'Status':
        if (value !== '') report.status = value.toLowerCase();
        return;
      case 'Error Type':
        if (value !== '') report.errorType = value;
        return;
    }
    const n = leadingNumber(value);
    if (n === undefined) return;
    switch (key) {
      case 'Duration':
        report.durationMs = n;
        break;
      case 'Billed Duration':
        report.billedDurationMs = n;
        break;
      case 'Memory Size':
        report.memorySizeMb = n;
        break;
      case 'Max Memory Used':
        report.maxMemoryUsedMb = n;
        break;
      case 'Init Duration':
        report.initDurationMs = n;
        break;
      case 'Restore Duration':
        report.restoreDurationMs = n;
        break;
      case 'Billed Restore Duration':
        report.billedRestoreDurationMs = n;
        break;
    }
  });
  return report.requestId === '' ? undefined : report;
}

/** An INIT_REPORT line: `Init Duration: 998.15 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.Unknown`. */
export interface InitReport {
  initDurationMs?: number;
  phase?: string;
  status?: string;
  errorType?: string;
}

export function parseInitReportLine(line: string): InitReport {
  const report: InitReport = {};
  forEachField(line, PlatformLinePrefix.InitReport.length, (key, value) => {
    if (value === '') return;
    if (key === 'Init Duration') {
      const n = leadingNumber(value);
      if (n !== undefined) report.initDurationMs = n;
    } else if (key === 'Phase') report.phase = value.toLowerCase();
    else if (key === 'Status') report.status = value.toLowerCase();
    else if (key === 'Error Type') report.errorType = value;
  });
  return report;
}
