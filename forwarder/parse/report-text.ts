/**
 * Lambda platform lines in the text log format (wire-formats §3): REPORT and INIT_REPORT. Fields are tab separated
 * `Key: value unit`; a stray space before a tab and a trailing tab occur and are tolerated.
 *
 * REPORT lines are an eighth of a filtered stream, so fields are read by offset (FieldCursor): no closure, slice or
 * trim per field, numbers read in place; only the values kept as text are sliced.
 */
import type { InvocationReport } from '../types.js';
import { isWhitespace, leadingFloat, skipWhitespace, trimEnd } from './text-scan.js';

export const PlatformLinePrefix = {
  Start: 'START RequestId: ',
  End: 'END RequestId: ',
  Report: 'REPORT RequestId: ',
  InitReport: 'INIT_REPORT ',
} as const;

/**
 * Walks the `Key: value` fields of a tab-separated platform line (the first field included: `REPORT RequestId: <id>`).
 * After each advance() that returns true, [keyStart, keyEnd) and [valueStart, valueEnd) are the field's key and value,
 * both trimmed. A field without `: ` before its tab is skipped.
 */
class FieldCursor {
  keyStart = 0;
  keyEnd = 0;
  valueStart = 0;
  valueEnd = 0;

  constructor(
    readonly line: string,
    private from: number,
  ) {}

  advance(): boolean {
    const { line } = this;
    while (this.from < line.length) {
      const start = this.from;
      let tab = line.indexOf('\t', start);
      if (tab === -1) tab = line.length;
      this.from = tab + 1;
      const colon = line.indexOf(': ', start);
      if (colon === -1 || colon >= tab) continue;
      this.keyStart = skipWhitespace(line, start, colon);
      this.keyEnd = trimEnd(line, this.keyStart, colon);
      this.valueStart = skipWhitespace(line, colon + 2, tab);
      this.valueEnd = trimEnd(line, this.valueStart, tab);
      return true;
    }
    return false;
  }

  keyIs(key: string): boolean {
    return this.keyEnd - this.keyStart === key.length && this.line.startsWith(key, this.keyStart);
  }

  value(): string {
    return this.line.slice(this.valueStart, this.valueEnd);
  }

  /** The number the value starts with (`102.25 ms` → 102.25); undefined when there is none or it is negative. */
  leadingNumber(): number | undefined {
    const n = leadingFloat(this.line, this.valueStart, this.valueEnd);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }
}

/** The request id of a `START RequestId: <id> Version: …` or `END RequestId: <id>` line. */
export function requestIdAfter(line: string, prefix: string): string | undefined {
  const start = skipWhitespace(line, prefix.length, line.length);
  let end = start;
  while (end < line.length && !isWhitespace(line.charCodeAt(end))) end++;
  return end === start ? undefined : line.slice(start, end);
}

/** REPORT keys whose value is a number, and the InvocationReport field each fills. */
const NUMERIC_REPORT_FIELDS = [
  ['Duration', 'durationMs'],
  ['Billed Duration', 'billedDurationMs'],
  ['Memory Size', 'memorySizeMb'],
  ['Max Memory Used', 'maxMemoryUsedMb'],
  ['Init Duration', 'initDurationMs'],
  ['Restore Duration', 'restoreDurationMs'],
  ['Billed Restore Duration', 'billedRestoreDurationMs'],
] as const satisfies ReadonlyArray<readonly [string, keyof InvocationReport]>;

const REQUEST_ID_KEY = 'REPORT RequestId';

/** One REPORT line → InvocationReport; undefined when it carries no request id. */
export function parseReportLine(line: string, timestampMs: number): InvocationReport | undefined {
  const report: InvocationReport = { requestId: '', timestamp: timestampMs };
  const field = new FieldCursor(line, 0);
  while (field.advance()) {
    if (field.keyIs(REQUEST_ID_KEY)) {
      report.requestId = field.value();
    } else if (field.keyIs('Status')) {
      if (field.valueEnd > field.valueStart) report.status = field.value().toLowerCase();
    } else if (field.keyIs('Error Type')) {
      if (field.valueEnd > field.valueStart) report.errorType = field.value();
    } else {
      for (const [key, name] of NUMERIC_REPORT_FIELDS) {
        if (!field.keyIs(key)) continue;
        const n = field.leadingNumber();
        if (n !== undefined) report[name] = n;
        break;
      }
    }
  }
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
  const field = new FieldCursor(line, PlatformLinePrefix.InitReport.length);
  while (field.advance()) {
    if (field.valueEnd === field.valueStart) continue;
    if (field.keyIs('Init Duration')) {
      const n = field.leadingNumber();
      if (n !== undefined) report.initDurationMs = n;
    } else if (field.keyIs('Phase')) report.phase = field.value().toLowerCase();
    else if (field.keyIs('Status')) report.status = field.value().toLowerCase();
    else if (field.keyIs('Error Type')) report.errorType = field.value();
  }
  return report;
}
