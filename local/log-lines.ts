/**
 * The lines the Lambda runtime (nodejs24.x) writes around an invocation, in the text and the JSON log format
 * (wire-formats §1 and §3). Pure: times, ids and measurements come in as arguments.
 */
import type { LogFormatName } from './types.js';

export const RUNTIME_VERSION = 'nodejs:24.v12';

/** What the platform measured for one invocation. */
export interface InvocationReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status: 'success' | 'error' | 'timeout';
  errorType?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const fixed2 = (value: number): string => value.toFixed(2);
export const billedMs = (durationMs: number): number => Math.ceil(durationMs);

export function initStartLine(format: LogFormatName, at: number, functionName: string): string {
  if (format === 'json') {
    return JSON.stringify({
      time: iso(at),
      type: 'platform.initStart',
      record: { initializationType: 'on-demand', phase: 'init', runtimeVersion: RUNTIME_VERSION, functionName, functionVersion: '$LATEST' },
    });
  }
  return `INIT_START Runtime Version: ${RUNTIME_VERSION}\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123456789abcdef\n`;
}

export function startLine(format: LogFormatName, at: number, requestId: string): string {
  if (format === 'json') return JSON.stringify({ time: iso(at), type: 'platform.start', record: { requestId, version: '$LATEST' } });
  return `START RequestId: ${requestId} Version: $LATEST\n`;
}

/** A console.log line: Node's text prefix, or the JSON log format's record. */
export function consoleLine(format: LogFormatName, at: number, requestId: string, level: 'INFO' | 'WARN' | 'ERROR', message: string): string {
  if (format === 'json') return JSON.stringify({ timestamp: iso(at), level, requestId, message });
  return `${iso(at)}\t${requestId}\t${level}\t${message}\n`;
}

/** What the Node runtime logs when a handler throws. */
export function invokeErrorLine(format: LogFormatName, at: number, requestId: string, error: { name: string; message: string }): string {
  const stack = [`${error.name}: ${error.message}`, '    at Runtime.handler (/var/task/index.js:1:2345)'];
  if (format === 'json') {
    return JSON.stringify({ timestamp: iso(at), level: 'ERROR', requestId, message: 'Invoke Error', errorType: error.name, errorMessage: error.message, stackTrace: stack });
  }
  return `${iso(at)}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: error.name, errorMessage: error.message, stack })}\n`;
}

/** Text format only: JSON-format functions show a timeout in platform.report's status alone. */
export function timeoutLine(at: number, requestId: string, timeoutSeconds: number): string {
  return `${iso(at)} ${requestId} Task timed out after ${fixed2(timeoutSeconds)} seconds\n`;
}

export function endLine(format: LogFormatName, at: number, requestId: string): string | undefined {
  return format === 'json' ? undefined : `END RequestId: ${requestId}\n`;
}

export function reportLine(format: LogFormatName, at: number, report: InvocationReportFields): string {
  if (format === 'json') {
    return JSON.stringify({
      time: iso(at),
      type: 'platform.report',
      record: {
        requestId: report.requestId,
        metrics: {
          durationMs: report.durationMs,
          billedDurationMs: billedMs(report.durationMs),
          memorySizeMB: report.memorySizeMb,
          maxMemoryUsedMB: report.maxMemoryUsedMb,
          ...(report.initDurationMs !== undefined ? { initDurationMs: report.initDurationMs } : {}),
        },
        status: report.status,
        ...(report.errorType ? { errorType: report.errorType } : {}),
      },
    });
  }
  let line = `REPORT RequestId: ${report.requestId}\tDuration: ${fixed2(report.durationMs)} ms\tBilled Duration: ${billedMs(report.durationMs)} ms\t`;
  line += `Memory Size: ${report.memorySizeMb} MB\tMax Memory Used: ${report.maxMemoryUsedMb} MB\t`;
  if (report.initDurationMs !== undefined) line += `Init Duration: ${fixed2(report.initDurationMs)} ms\t`;
  if (report.status === 'timeout') line += 'Status: timeout\t';
  return `${line}\n`;
}
