/**
 * Lambda platform lines in the text log format (wire-formats §3): REPORT and INIT_REPORT. Fields are tab separated
 * `Key: value unit`; a stray space before a tab and a trailing tab occur and are tolerated.
 */
import type { InvocationReport } from '../types.js';
import { isWhitespace, skipWhitespace } from './text-scan.js';

export const PlatformLinePrefix = {
  Start: 'START RequestId: ',
  End: 'END RequestId: ',
  Report: 'REPORT RequestId: ',
  InitReport: 'INIT_REPORT ',
} as const;

/**
 * Calls `each(key, value)` for every `Key: value` field of a tab-separated platform line, both trimmed (the first
 * field included: `REPORT RequestId: <id>`). A scan with indexOf: REPORT lines are a quarter of a filtered stream.
 */
function forEachField(line: string, from: number, each: (key: string, value: string) => void): void {
  while (from < line.length) {
    let tab = line.indexOf('\t', from);
    if (tab === -1) tab = line.length;
    const colon = line.indexOf(': ', from);
    if (colon !== -1 && colon < tab) each(line.slice(from, colon).trim(), line.slice(colon + 2, tab).trim());
    from = tab + 1;
  }
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

/** One REPORT line → InvocationReport; undefined when it carries no request id. */
export function parseReportLine(line: string, timestampMs: number): InvocationReport | undefined {
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
