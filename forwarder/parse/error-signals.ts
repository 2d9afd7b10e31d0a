/**
 * Lines that say an invocation failed (wire-formats §3). Each signal may carry a request id; the aggregator counts
 * each failed invocation once whatever mix of signals it wrote.
 */
import { ErrorKind, type ErrorKindName } from '../types.js';
import { findRequestId } from './request-id.js';

/** Substrings that mean the process ran out of memory, whatever the runtime. */
export const OUT_OF_MEMORY_HINTS = [
  'Runtime.OutOfMemory',
  'JavaScript heap out of memory',
  'MemoryError', // Python; also matches java.lang.OutOfMemoryError
  'java.lang.OutOfMemoryError',
  'fatal error: runtime: out of memory',
  'Runtime exited with error: signal: killed',
] as const;

/** Statuses of a REPORT / platform.report / runtimeDone that mean the invocation failed. */
const FAILED_STATUSES: ReadonlySet<string> = new Set(['error', 'failure', 'timeout']);

// One pass over the line decides whether it can be a signal at all; most lines fail here.
const ANY_SIGNAL = /\tERROR\t(?:Invoke Error|Uncaught Exception|Unhandled Promise Rejection)|^\[ERROR\] |Task timed out after|out of memory|OutOfMemory|MemoryError|signal: killed/;
const TIMEOUT = 'Task timed out after';
// A word every alternative of ANY_SIGNAL contains (ERROR, Task timed, m-emory, killed). This shorter pattern rejects
// an ordinary line in about 60% of ANY_SIGNAL's time, and ordinary lines are almost all of them.
const MAY_BE_SIGNAL = /ERROR|Task timed|emory|killed/;

export interface ErrorSignal {
  kind: ErrorKindName;
  requestId?: string;
}

function hasOutOfMemoryHint(text: string): boolean {
  for (const hint of OUT_OF_MEMORY_HINTS) if (text.includes(hint)) return true;
  return false;
}

/**
 * The error signal in one text line, or undefined. The request id is looked for only before the signal's words
 * (the runtime prefix), never in the user's message after them.
 */
export function detectErrorSignal(line: string): ErrorSignal | undefined {
  if (!MAY_BE_SIGNAL.test(line)) return undefined;
  const match = ANY_SIGNAL.exec(line);
  if (match === null) return undefined;
  const requestId = findRequestId(line.slice(0, match.index));
  const kind = line.includes(TIMEOUT) ? ErrorKind.Timeout : hasOutOfMemoryHint(line) ? ErrorKind.OutOfMemory : ErrorKind.Unhandled;
  // An OOM word inside an ordinary log line is not a failure unless a runtime wrote it (`out of memory` alone is
  // only a hint when it is one of the known runtime messages).
  if (kind === ErrorKind.Unhandled && !match[0].startsWith('\tERROR\t') && !match[0].startsWith('[ERROR]')) return undefined;
  return requestId === undefined ? { kind } : { kind, requestId };
}

/** The failure kind a status + error type (REPORT, platform.report, platform.runtimeDone) stand for, if failed. */
export function kindFromStatus(status: string | undefined, errorType: string | undefined): ErrorKindName | undefined {
  if (status === undefined || !FAILED_STATUSES.has(status)) return undefined;
  if (status === 'timeout') return ErrorKind.Timeout;
  if (errorType !== undefined && hasOutOfMemoryHint(errorType)) return ErrorKind.OutOfMemory;
  return ErrorKind.Unhandled;
}

/** The kind of a JSON-format function log at level ERROR carrying an errorType (an unhandled error). */
export function kindFromErrorType(errorType: string): ErrorKindName {
  return hasOutOfMemoryHint(errorType) ? ErrorKind.OutOfMemory : ErrorKind.Unhandled;
}
