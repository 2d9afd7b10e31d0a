/**
 * Lambda platform lines in the text log format (wire-formats §3): REPORT and INIT_REPORT. Fields are tab separated
 * `Key: value unit`; a stray space before a tab and a trailing tab occur and are tolerated.
 */
import type { InvocationReport } from '../types.js';

export const PlatformLinePrefix = {
  Start: 'START RequestId: ',
  End: 'END RequestId: ',
  Report: 'REPORT RequestId: ',
  InitReport: 'INIT_REPORT ',
} as const;

type NumericField = 'durationMs' | 'billedDurationMs' | 'memorySizeMb' | 'maxMemoryUsedMb' | 'initDurationMs' | 'restoreDurationMs' | 'billedRestoreDurationMs';

const NUMERIC_FIELDS: Readonly<Record<string, NumericField>> = {
  Duration: 'durationMs',
  'Billed Duration': 'billedDurationMs',
  'Memory Size': 'memorySizeMb',
  'Max Memory Used': 'maxMemoryUsedMb',
  'Init Duration': 'initDurationMs',
  'Restore Duration': 'restoreDurationMs',
  'Billed Restore Duration': 'billedRestoreDurationMs',
};

/** `Key: value` pairs of a tab-separated platform line (the first field included). */
function fields(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of line.split('\t')) {
    const colon = part.indexOf(': ');
    if (colon === -1) continue;
    out.set(part.slice(0, colon).trim(), part.slice(colon + 2).trim());
  }
  return out;
}

/** `102.25 ms` → 102.25; undefined when there is no number. */
function leadingNumber(text: string): number | undefined {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The request id of a `START RequestId: <id> Version: …` or `END RequestId: <id>` line. */
export function requestIdAfter(line: string, prefix: string): string | undefined {
  const rest = line.slice(prefix.length).trim();
  const end = rest.search(/\s/);
  const id = end === -1 ? rest : rest.slice(0, end);
  return id === '' ? undefined : id;
}

/** One REPORT line → InvocationReport; undefined when it carries no request id. */
export function parseReportLine(line: string, timestampMs: number): InvocationReport | undefined {
  const values = fields(line);
  const requestId = values.get('REPORT RequestId');
  if (!requestId) return undefined;
  const report: InvocationReport = { requestId, timestamp: timestampMs };
  for (const [key, value] of values) {
    const field = NUMERIC_FIELDS[key];
    if (field !== undefined) {
      const n = leadingNumber(value);
      if (n !== undefined) report[field] = n;
    } else if (key === 'Status' && value !== '') {
      report.status = value.toLowerCase();
    } else if (key === 'Error Type' && value !== '') {
      report.errorType = value;
    }
  }
  return report;
}

/** An INIT_REPORT line: `Init Duration: 998.15 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.Unknown`. */
export interface InitReport {
  initDurationMs?: number;
  phase?: string;
  status?: string;
  errorType?: string;
}

export function parseInitReportLine(line: string): InitReport {
  const values = fields(line.slice(PlatformLinePrefix.InitReport.length));
  const report: InitReport = {};
  const duration = values.get('Init Duration');
  if (duration !== undefined) {
    const n = leadingNumber(duration);
    if (n !== undefined) report.initDurationMs = n;
  }
  const phase = values.get('Phase');
  if (phase) report.phase = phase.toLowerCase();
  const status = values.get('Status');
  if (status) report.status = status.toLowerCase();
  const errorType = values.get('Error Type');
  if (errorType) report.errorType = errorType;
  return report;
}
