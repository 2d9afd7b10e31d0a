/**
 * Lines that say an invocation failed (wire-formats §3). Each signal may carry a request id; the aggregator counts
 * each failed invocation once whatever mix of signals it wrote.
 *
 * A signal counts only where the platform or the runtime wrote it, never where the function's own log mentions its
 * words (an INFO line "retrying after MemoryError", a quoted "Task timed out after 3.00 seconds"). So a signal's words
 * must open the line, after nothing but a runtime prefix (timestamps, request ids, `RequestId:`, `Error:`): a log
 * level (`INFO`, `[WARNING]`, a console.error's `ERROR`) or a JSON record before them makes the line the function's.
 * Out-of-memory hints count only inside an error type (REPORT / platform records, an unhandled error's type) or in a
 * runtime's own crash line.
 */
import { ErrorKind, type ErrorKindName } from '../types.js';
import { findRequestId } from './request-id.js';

/** Substrings that mean the process ran out of memory, whatever the runtime. Read only inside an error type. */
export const OUT_OF_MEMORY_HINTS = [
  'Runtime.OutOfMemory',
  'JavaScript heap out of memory',
  'MemoryError', // Python; also matches java.lang.OutOfMemoryError and numpy's _ArrayMemoryError
  'java.lang.OutOfMemoryError',
  'fatal error: runtime: out of memory',
  'fatal error: out of memory', // Go as well, when the allocator itself fails (no `runtime:`)
  'Runtime exited with error: signal: killed',
] as const;

/** The words each signal line opens with (after a runtime prefix). */
const SignalWords = {
  NodeUnhandled: '\tERROR\t', // + Invoke Error | Uncaught Exception | Unhandled Promise Rejection, then a JSON payload
  PythonUnhandled: '[ERROR] ', // a space: `logger.error` writes a tab there and is not an invocation error
  Timeout: 'Task timed out after',
  NodeFatal: 'FATAL ERROR:',
  OutOfMemoryRecord: 'Runtime.OutOfMemory',
} as const;

/**
 * Runtime crash lines whose out-of-memory words END the line (the runtime's message comes first):
 * - Java: the runtime interface client logs an uncaught Throwable as `<message>: <class>` then the stack trace
 *   (aws-lambda-java-libs, UserFault.reportableError), e.g. `Requested array size exceeds VM limit:
 *   java.lang.OutOfMemoryError` (a line of the Datadog Forwarder's enhanced-metrics tests);
 * - Ruby: the interpreter's own report of an uncaught NoMemoryError, `failed to allocate memory (NoMemoryError)`
 *   (same tests).
 */
const OUT_OF_MEMORY_LINE_ENDINGS = [': java.lang.OutOfMemoryError', 'failed to allocate memory (NoMemoryError)'] as const;
/**
 * Ruby's runtime interface client reports a handler's error as pretty-printed JSON (LambdaLogger.log_error:
 * JSON.pretty_unparse of {errorMessage, errorType: "Function<NoMemoryError>", stackTrace}), one member per line.
 */
const RUBY_OUT_OF_MEMORY_RECORD = '"errorType": "Function<NoMemoryError>"';

/** The Node fatal error that is an out-of-memory one (other FATAL ERRORs are left to the platform's report). */
const NODE_HEAP_OUT_OF_MEMORY = 'JavaScript heap out of memory';
const ERROR_TYPE_KEY = '"errorType":"';

/** Statuses of a REPORT / platform.report / runtimeDone that mean the invocation failed. */
const FAILED_STATUSES: ReadonlySet<string> = new Set(['error', 'failure', 'timeout']);

// A word every alternative of ANY_SIGNAL contains (ERROR, Task timed, m-emory, killed). This short pattern rejects an
// ordinary line in about 60% of ANY_SIGNAL's time, and ordinary lines are almost all of them.
const MAY_BE_SIGNAL = /ERROR|Task timed|emory|killed/;
// The first signal words in the line; only a match with nothing but a runtime prefix before it counts.
const ANY_SIGNAL =
  /\tERROR\t(?:Invoke Error|Uncaught Exception|Unhandled Promise Rejection)|^\[ERROR\] |Task timed out after|FATAL ERROR:|fatal error: (?:runtime: )?out of memory|Runtime exited with error: signal: killed|Exception in thread "main" java\.lang\.OutOfMemoryError|Runtime\.OutOfMemory/;
// What the platform and runtimes put before their own words: ISO timestamps, request ids (Node writes `undefined`
// before the first invocation), `RequestId:` and `Error:`. Whitespace separated; anything else (a level) fails.
const RUNTIME_PREFIX =
  /^\s*(?:(?:\d{4}-\d\d-\d\dT\S+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|undefined|RequestId:|Error:)(?:\s+|$))*$/i;
// The platform's own error record, e.g. {"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: … Error: …"}.
const ERROR_TYPE_BEFORE = /^\{.*"errorType"\s*:\s*"$/;
const Char = { OpenBrace: 123 } as const;

export interface ErrorSignal {
  kind: ErrorKindName;
  requestId?: string;
}

function hasOutOfMemoryHint(text: string): boolean {
  for (const hint of OUT_OF_MEMORY_HINTS) if (text.includes(hint)) return true;
  return false;
}

/** `errorType` of a Node unhandled error's JSON payload, read from `from` on ('' when there is none). */
function nodeErrorType(line: string, from: number): string {
  const at = line.indexOf(ERROR_TYPE_KEY, from);
  if (at === -1) return '';
  const start = at + ERROR_TYPE_KEY.length;
  const end = line.indexOf('"', start);
  return line.slice(start, end === -1 ? line.length : end);
}

/** The exception class of a Python `[ERROR] <Type>: <message>` line, read from `from` on. */
function pythonErrorType(line: string, from: number): string {
  let end = from;
  while (end < line.length && line[end] !== ':' && line[end] !== ' ' && line[end] !== '\t') end++;
  return line.slice(from, end);
}

/** True when the JSON line is the platform's error record (no log level: not the function's own log). */
function isPlatformErrorRecord(line: string, before: string): boolean {
  return line.charCodeAt(0) === Char.OpenBrace && ERROR_TYPE_BEFORE.test(before) && !line.includes('"level"');
}

/** The kind of failure the matched signal words stand for, or undefined when they are no signal after all. */
function kindOf(line: string, words: string, after: number): ErrorKindName | undefined {
  if (words.startsWith(SignalWords.NodeUnhandled)) return hasOutOfMemoryHint(nodeErrorType(line, after)) ? ErrorKind.OutOfMemory : ErrorKind.Unhandled;
  if (words === SignalWords.PythonUnhandled) return hasOutOfMemoryHint(pythonErrorType(line, after)) ? ErrorKind.OutOfMemory : ErrorKind.Unhandled;
  if (words === SignalWords.Timeout) return ErrorKind.Timeout;
  if (words === SignalWords.NodeFatal) return line.includes(NODE_HEAP_OUT_OF_MEMORY, after) ? ErrorKind.OutOfMemory : undefined;
  return ErrorKind.OutOfMemory; // Go, Java, the platform's kill line or its Runtime.OutOfMemory record
}

/**
 * The error signal in one text line, or undefined. The request id is looked for only in the runtime prefix before
 * the signal's words, never in the user's message after them (the platform's JSON error record names it inside).
 */
export function detectErrorSignal(line: string): ErrorSignal | undefined {
  if (!MAY_BE_SIGNAL.test(line)) return undefined;
  const match = ANY_SIGNAL.exec(line);
  if (match === null) return isRuntimeOutOfMemoryLine(line) ? { kind: ErrorKind.OutOfMemory } : undefined;
  const words = match[0];
  const before = line.slice(0, match.index);
  let requestId: string | undefined;
  if (match.index === 0 || RUNTIME_PREFIX.test(before)) {
    requestId = match.index === 0 ? undefined : findRequestId(before);
  } else if (words === SignalWords.OutOfMemoryRecord && isPlatformErrorRecord(line, before)) {
    requestId = findRequestId(line);
  } else {
    return undefined; // the function's own log line quoting the words
  }
  const kind = kindOf(line, words, match.index + words.length);
  if (kind === undefined) return undefined;
  return requestId === undefined ? { kind } : { kind, requestId };
}

/**
 * True for a runtime's crash line that ends in out-of-memory words (Java, Ruby) or Ruby's error record line. They
 * carry no request id: the event's earlier signal or the open invocation gives it.
 */
function isRuntimeOutOfMemoryLine(line: string): boolean {
  for (const ending of OUT_OF_MEMORY_LINE_ENDINGS) if (line.endsWith(ending)) return true;
  return line.trimStart().startsWith(RUBY_OUT_OF_MEMORY_RECORD);
}

/**
 * The kind of a JSON-format function log at level ERROR without an errorType: Java's runtime logs an uncaught
 * Throwable that way (`<message>: java.lang.OutOfMemoryError` then the stack trace, as its message). Only out of
 * memory is read from it; any other error is left to the platform's report.
 */
export function kindFromRuntimeErrorMessage(message: string): ErrorKindName | undefined {
  const lineEnd = message.search(/[\r\n]/);
  return isRuntimeOutOfMemoryLine(lineEnd === -1 ? message : message.slice(0, lineEnd)) ? ErrorKind.OutOfMemory : undefined;
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
