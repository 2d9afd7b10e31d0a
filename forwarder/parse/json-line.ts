/**
 * Lines in Lambda's JSON log format (LoggingConfig.LogFormat: JSON, wire-formats §3): platform.* records and the
 * function's own JSON logs, whose `message` may hold MONITORING lines or a JSON metric; and the JSON metric dialects
 * written raw (datadog-lambda points, EMF objects: dialects/).
 */
import type { DialectName, InvocationReport } from '../types.js';
import { dialectOf, isRecord, mayBeMetricJson } from './dialects/shape.js';

/** What one JSON line means to the parser. */
export type JsonLine =
  | { kind: 'start'; requestId: string }
  | { kind: 'report'; report: InvocationReport }
  | { kind: 'initReport'; status?: string; errorType?: string }
  | { kind: 'runtimeDone'; requestId: string; status?: string; errorType?: string }
  | { kind: 'functionLog'; requestId?: string; level?: string; message?: string; messageObject?: Record<string, unknown>; errorType?: string }
  | { kind: 'metric'; dialect: DialectName; object: Record<string, unknown> }
  | { kind: 'other' };

/** How a platform record's type starts, with the quote that opens it (`"type":"platform.report"`). */
const PLATFORM_TYPE = '"platform.';

/** Cheap test before JSON.parse: only lines that can matter are parsed (JSON-format functions log every line as JSON). */
export function jsonLineMayMatter(line: string): boolean {
  return line.includes(PLATFORM_TYPE) || line.includes('MONITORING|') || line.includes('ERROR') || mayBeMetricJson(line);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `record.metrics` keys → InvocationReport fields. Every metric may be missing (managed instances). */
const REPORT_METRICS = [
  ['durationMs', 'durationMs'],
  ['billedDurationMs', 'billedDurationMs'],
  ['memorySizeMB', 'memorySizeMb'],
  ['maxMemoryUsedMB', 'maxMemoryUsedMb'],
  ['initDurationMs', 'initDurationMs'],
  ['restoreDurationMs', 'restoreDurationMs'],
  ['billedRestoreDurationMs', 'billedRestoreDurationMs'],
] as const;

function reportFromRecord(record: Record<string, unknown>, timestampMs: number): InvocationReport | undefined {
  const requestId = text(record.requestId);
  if (requestId === undefined) return undefined;
  const report: InvocationReport = { requestId, timestamp: timestampMs };
  const metrics = isRecord(record.metrics) ? record.metrics : {};
  for (const [from, to] of REPORT_METRICS) {
    // restoreDurationMs has been seen both inside metrics and beside them.
    const value = finite(metrics[from]) ?? finite(record[from]);
    if (value !== undefined) report[to] = value;
  }
  const status = text(record.status);
  if (status !== undefined) report.status = status.toLowerCase();
  const errorType = text(record.errorType);
  if (errorType !== undefined) report.errorType = errorType;
  return report;
}

/** What a JSON line means; undefined when it is not a JSON object at all (then it is read as plain text). */
export function readJsonLine(line: string, timestampMs: number): JsonLine | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;

  const type = text(parsed.type);
  if (type !== undefined && type.startsWith('platform.')) {
    const record = isRecord(parsed.record) ? parsed.record : {};
    const requestId = text(record.requestId);
    switch (type) {
      case 'platform.start':
        return requestId === undefined ? { kind: 'other' } : { kind: 'start', requestId };
      case 'platform.report': {
        const report = reportFromRecord(record, timestampMs);
        return report === undefined ? { kind: 'other' } : { kind: 'report', report };
      }
      case 'platform.initReport':
        return { kind: 'initReport', status: text(record.status)?.toLowerCase(), errorType: text(record.errorType) };
      case 'platform.runtimeDone':
        return requestId === undefined
          ? { kind: 'other' }
          : { kind: 'runtimeDone', requestId, status: text(record.status)?.toLowerCase(), errorType: text(record.errorType) };
      default:
        return { kind: 'other' };
    }
  }

  const dialect = dialectOf(parsed);
  if (dialect !== undefined) return { kind: 'metric', dialect, object: parsed };

  const message = isRecord(parsed.message) ? parsed.message : undefined;
  return {
    kind: 'functionLog',
    requestId: text(parsed.requestId) ?? text(parsed.AWSRequestId),
    level: (text(parsed.level) ?? text(parsed.log_level))?.toUpperCase(),
    message: text(parsed.message),
    // Node's JSON format keeps a logged object as an object (console.log({m, v, e, t})).
    ...(message !== undefined ? { messageObject: message } : {}),
    // Unhandled errors put errorType at the top level; some loggers nest the error object under message.
    errorType: text(parsed.errorType) ?? text(message?.errorType),
  };
}
