/**
 * The subscription filter pattern: an OR of quoted terms (`?"a" ?"b"`), so CloudWatch delivers to the forwarder only
 * the events that can hold something it reads, and not the function's ordinary logging (which it would decode only
 * to throw away, at the cost of a forwarder invocation).
 *
 * CloudWatch filter pattern rules used here: `?term` means "or"; a term with characters other than letters, digits
 * and `_` must be in double quotes; matching is case-sensitive; a quoted term matches when the event text contains
 * it. The pattern may be at most 1024 characters.
 *
 * Each term below stands for a line forwarder/parse/ reads. Keep the two in step: test/forwarder/subscriber/
 * filter-pattern.test.ts runs the forwarder's needs through a matcher of this syntax.
 */
export const FORWARDER_FILTER_TERMS = [
  // Custom metrics, with or without a runtime prefix, text or inside a JSON log's message.
  'MONITORING|',
  // The JSON metric dialects: an EMF object's `_aws` member; datadog-lambda points by the `dd_lambda_layer` tag that
  // datadog-lambda-js and datadog_lambda add to every point (a hand-written `{"m","v"}` line without it is cut here).
  '_aws',
  'dd_lambda_layer:datadog',
  // Text-format platform lines: REPORT (durations, memory, Status), START (ties a request id to errors that carry
  // none, such as Python's `[ERROR] ...` traceback), INIT_REPORT (init failures).
  'REPORT RequestId',
  'START RequestId',
  'INIT_REPORT',
  // JSON-format platform records.
  'platform.report',
  'platform.start',
  'platform.initReport',
  'platform.runtimeDone',
  // Invocation errors: timeouts, Node.js unhandled errors, Python's `[ERROR] `, JSON-format errors.
  'Task timed out',
  'Invoke Error',
  'Uncaught Exception',
  'Unhandled Promise Rejection',
  '[ERROR]',
  'errorType',
  // Out of memory, whatever the runtime says (forwarder/parse/error-signals.ts OUT_OF_MEMORY_HINTS).
  'Runtime.OutOfMemory',
  'out of memory',
  'MemoryError',
  'OutOfMemoryError',
  'signal: killed',
] as const;

export const MAX_FILTER_PATTERN_LENGTH = 1024;

export function anyTermPattern(terms: readonly string[]): string {
  for (const term of terms) if (term.includes('"')) throw new Error(`a filter term cannot contain a double quote: ${term}`);
  return terms.map((term) => `?"${term}"`).join(' ');
}

/** `?"MONITORING|" ?"REPORT RequestId" ...` (about 330 characters). */
export const FORWARDER_FILTER_PATTERN = anyTermPattern(FORWARDER_FILTER_TERMS);
