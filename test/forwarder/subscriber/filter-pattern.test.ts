/**
 * Does the subscription filter pattern deliver every line the forwarder needs, and how much does it cut?
 *
 * moto stores a filter pattern but matches everything for patterns other than plain words (and does not deliver to
 * a Lambda without Docker), so the pattern is evaluated here by a tiny matcher of the one syntax it uses: `?"term"`
 * terms, OR-ed, each a case-sensitive "event text contains this" test (CloudWatch's rule for quoted terms).
 *
 * The oracle is the forwarder's own parser: a batch and the same batch after filtering must parse to the same
 * metrics, reports, errors and rejections. So a parser change that starts reading a new kind of line fails here
 * until the pattern learns it.
 */
import { FORWARDER_FILTER_PATTERN, FORWARDER_FILTER_TERMS, MAX_FILTER_PATTERN_LENGTH } from '../../../forwarder/subscriber/filter-pattern.js';
import { parseBatch } from '../../../forwarder/parse/index.js';
import type { LogBatch } from '../../../forwarder/types.js';
import { buildRealisticBatch } from '../fixtures/batch.js';
import { Json, Monitoring, RequestIds, Text } from '../fixtures/lines.js';

/** The `?"a" ?"b"` syntax only: anything else in the pattern is an error, so the matcher cannot silently be wrong. */
function compileAnyTerm(pattern: string): (message: string) => boolean {
  const terms: string[] = [];
  const rest = pattern.replace(/\?"([^"]+)"/g, (_, term: string) => {
    terms.push(term);
    return '';
  });
  if (rest.trim() !== '') throw new Error(`pattern has more than ?"term" parts: ${rest.trim()}`);
  return (message) => terms.some((term) => message.includes(term));
}

const keeps = compileAnyTerm(FORWARDER_FILTER_PATTERN);

/** Log events with their own ids and timestamps, so a filtered list keeps each event's original timestamp. */
interface Event {
  id: string;
  timestamp: number;
  message: string;
}

const eventsOf = (messages: readonly string[]): Event[] =>
  messages.map((message, i) => ({ id: String(i), timestamp: 1736942400000 + i * 10, message }));

const kept = (events: readonly Event[]): Event[] => events.filter((event) => keeps(event.message));

function whatTheForwarderReads(events: readonly Event[]) {
  const batch: LogBatch = { owner: '123456789012', logGroup: '/aws/lambda/checkout-api', logStream: 's', functionName: 'checkout-api', events: [...events] };
  const { metrics, reports, errors, rejections } = parseBatch(batch);
  return { metrics, reports, errors, rejections };
}

test('the pattern is well formed: only ?"term" parts, within CloudWatch length limit', () => {
  expect(FORWARDER_FILTER_PATTERN.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
  expect(() => compileAnyTerm(FORWARDER_FILTER_PATTERN)).not.toThrow();
  expect(FORWARDER_FILTER_PATTERN).toBe(FORWARDER_FILTER_TERMS.map((t) => `?"${t}"`).join(' '));
});

test('the matcher itself: OR of terms, case-sensitive substring', () => {
  const match = compileAnyTerm('?"REPORT RequestId" ?"MONITORING|"');
  expect(match('x MONITORING|1|2')).toBe(true);
  expect(match('REPORT RequestId: abc')).toBe(true);
  expect(match('report requestid: abc')).toBe(false);
  expect(match('MONITORING without bar')).toBe(false);
  expect(() => compileAnyTerm('?"a" ERROR')).toThrow();
});

test('every fixture line the forwarder reads passes; the parse of the filtered stream is identical', () => {
  const all = eventsOf([...Object.values(Text), ...Object.values(Monitoring), ...Object.values(Json)]);
  const full = whatTheForwarderReads(all);
  // Guard: the fixtures really contain things to find, so equality below means something.
  expect(full.metrics.length).toBeGreaterThan(10);
  expect(full.reports.length).toBeGreaterThan(5);
  expect(full.errors.length).toBeGreaterThan(10);
  expect(full.rejections.length).toBeGreaterThan(3);
  expect(whatTheForwarderReads(kept(all))).toEqual(full);
});

test('an error line without a request id keeps its invocation: START passes, so the parse is the same', () => {
  // Python's unhandled `[ERROR] ...` carries no request id: the parser ties it to the open invocation (START ... REPORT).
  const id = RequestIds.b;
  const stream = eventsOf([
    `START RequestId: ${id} Version: $LATEST\n`,
    Text.plainLog,
    Text.pythonUnhandled,
    `END RequestId: ${id}\n`,
    `REPORT RequestId: ${id}\tDuration: 5.20 ms\tBilled Duration: 6 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: error\tError Type: Runtime.Unknown\n`,
  ]);
  const full = whatTheForwarderReads(stream);
  expect(full.errors.every((error) => error.requestId === id)).toBe(true); // guard: attribution happened
  expect(whatTheForwarderReads(kept(stream))).toEqual(full);
});

test('a JSON-format unhandled error without an error word in its message passes (Python JSON logs)', () => {
  const pythonJson = JSON.stringify({
    timestamp: '2025-01-15T12:00:00Z',
    log_level: 'ERROR',
    errorMessage: 'boom',
    errorType: 'ValueError',
    requestId: RequestIds.c,
    stackTrace: ['  File "/var/task/app.py", line 4, in handler\n'],
  });
  const stream = eventsOf([pythonJson]);
  expect(whatTheForwarderReads(stream).errors).toHaveLength(1); // guard: the parser does read it
  expect(whatTheForwarderReads(kept(stream))).toEqual(whatTheForwarderReads(stream));
});

test('each error kind and platform line passes on its own', () => {
  const needed = [
    Text.start, Text.reportDocs, Text.reportTimeout, Text.reportOom, Text.initReportError, Text.taskTimedOut, Text.nodeInvokeError,
    Text.nodeUncaught, Text.nodeUnhandledRejection, Text.nodeHeapOom, Text.pythonUnhandled, Text.pythonUnhandledCr, Text.pythonMemoryError,
    Text.runtimeKilled, Text.javaOom, Text.goOom, Json.start, Json.report, Json.initReportError, Json.runtimeDoneFailure, Json.unhandledError,
    ...Object.values(Monitoring),
  ];
  expect(needed.filter((line) => !keeps(line))).toEqual([]);
});

test('plain logs are dropped', () => {
  const plain = [Text.plainLog, Text.end, Json.plainInfo, `2025-01-15T12:00:00.050Z\t${RequestIds.a}\tWARN\tretrying in 200 ms\n`];
  expect(plain.filter(keeps)).toEqual([]);
});

describe('share of events cut on realistic streams', () => {
  function measure(events: readonly Event[]) {
    const delivered = kept(events);
    const bytes = (list: readonly Event[]) => list.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0);
    expect(whatTheForwarderReads(delivered)).toEqual(whatTheForwarderReads(events));
    return {
      events: events.length,
      kept: delivered.length,
      eventsCut: 1 - delivered.length / events.length,
      bytesCut: 1 - bytes(delivered) / bytes(events),
    };
  }

  test('text format, metric-heavy Node.js stream (shared fixture: 8 events an invocation, 4 of them needed)', () => {
    const { payload } = buildRealisticBatch({ events: 10_000 });
    const result = measure(payload.logEvents);
    console.info(`filter pattern, text stream: ${result.kept}/${result.events} events kept, ${(result.eventsCut * 100).toFixed(1)}% of events and ${(result.bytesCut * 100).toFixed(1)}% of bytes cut`);
    expect(result.eventsCut).toBeCloseTo(0.5, 2); // plain ×3 + END dropped of 8
  });

  test('JSON format stream with ordinary application logging (10 app lines an invocation)', () => {
    const messages: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const requestId = `req-${String(i).padStart(6, '0')}-0000-0000-000000000000`;
      messages.push(Json.start.replace(RequestIds.c, requestId));
      for (let line = 0; line < 10; line++) {
        messages.push(JSON.stringify({ timestamp: '2025-01-15T12:00:00.060Z', level: line % 5 === 4 ? 'WARN' : 'INFO', requestId, message: `step ${line} done`, orderId: i }));
      }
      messages.push(JSON.stringify({ timestamp: '2025-01-15T12:00:00.070Z', level: 'INFO', requestId, message: `MONITORING|1736942400|1|count|orders.placed|#env:prod` }));
      messages.push(JSON.stringify({ time: '2025-01-15T12:00:00.075Z', type: 'platform.runtimeDone', record: { requestId, status: 'success' } }));
      messages.push(Json.report.replace(RequestIds.c, requestId));
    }
    const result = measure(eventsOf(messages));
    console.info(`filter pattern, JSON stream: ${result.kept}/${result.events} events kept, ${(result.eventsCut * 100).toFixed(1)}% of events and ${(result.bytesCut * 100).toFixed(1)}% of bytes cut`);
    expect(result.kept).toBe(4000); // start, MONITORING, runtimeDone, report per invocation
  });
});
