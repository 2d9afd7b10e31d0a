/**
 * messageMayMatter (forwarder/parse/may-matter.ts) is the test decode applies before it builds a log event: a
 * message it refuses is never parsed. So parsing only the messages it keeps must give exactly what parsing them all
 * gives (every point, report, error and rejection, in order), on random mixes of every line the fixtures hold (each
 * runtime's lines, platform lines in both formats, error signals, the Datadog Forwarder's test messages, the JSON
 * metric dialects, near misses and random text). A reader added to parse without its words here fails this test.
 */
import fc from 'fast-check';
import { parseBatch } from '../../../forwarder/parse/index.js';
import { messageMayMatter } from '../../../forwarder/parse/may-matter.js';
import type { LogBatch } from '../../../forwarder/types.js';
import { LineShapes, JsonLineShapes } from '../fixtures/adversarial.js';
import { datadogForwarderCases, datadogMalformedReport, datadogOutOfMemoryMessages } from '../fixtures/datadog-forwarder.js';
import { Json, Monitoring, RequestIds, T0, Text } from '../fixtures/lines.js';

const prefix = `2025-01-15T12:00:00.100Z\t${RequestIds.a}\tINFO\t`;
const datadogPoint = JSON.stringify({ e: T0, m: 'orders.placed', t: ['env:prod'], v: 2 });
const emf = JSON.stringify({ _aws: { Timestamp: T0 * 1000, CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'Orders', Unit: 'Count' }] }] }, service: 'checkout', Orders: 2 });
const record = (message: unknown) => JSON.stringify({ timestamp: '2025-01-15T12:00:00.100Z', level: 'INFO', requestId: RequestIds.b, message });

const known = [
  ...Object.values(Text),
  ...Object.values(Monitoring),
  ...Object.values(Json),
  ...datadogForwarderCases.map((c) => c.message),
  ...Object.values(datadogOutOfMemoryMessages),
  datadogMalformedReport,
  ...[datadogPoint, emf].flatMap((metric) => [metric, `${prefix}${metric}`, `[INFO]\t2025-01-15T12:00:00.100Z\t${RequestIds.a}\t${metric}`, record(metric), record(JSON.parse(metric))]),
  `${datadogPoint.slice(0, 30)}`, // a metric cut short: counted as a rejection
  ...Object.values(LineShapes).map((shape) => shape(300)),
  ...Object.values(JsonLineShapes).map((shape) => shape(300)),
];
const nearMiss = fc.constantFrom('MONITORING', 'START', 'END', 'REPORT', 'INIT_REPORT', 'ERROR', 'Task timed', 'memory', 'killed', '{', '}', '"m":1', '"_aws"', '\t{', 'RequestId:');
const line = fc.oneof(fc.constantFrom(...known), nearMiss, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const message = fc.tuple(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\r', '\r\n', ' ', '')).map(([lines, separator]) => lines.join(separator));

/** One event per message, 1 ms apart; `keep` chooses the events passed on (each keeps its own timestamp). */
function batchOf(messages: readonly string[], keep: (message: string) => boolean = () => true): LogBatch {
  const events = messages.map((m, i) => ({ id: `${i}`, timestamp: Date.UTC(2025, 0, 15, 12) + i, message: m }));
  return { owner: '123456789012', logGroup: '/aws/lambda/fn', logStream: 's', functionName: 'fn', events: events.filter((event) => keep(event.message)) };
}

describe('messageMayMatter keeps every message parse reads', () => {
  it('parsing only the kept messages gives what parsing them all gives', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), (messages) => {
        const all = parseBatch(batchOf(messages));
        const kept = parseBatch(batchOf(messages, messageMayMatter));
        expect({ ...kept, eventCount: all.eventCount }).toEqual(all);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps each fixture line that parse reads, and refuses ordinary log lines', () => {
    for (const text of known) {
      const read = parseBatch(batchOf([text]));
      const something = read.metrics.length + read.reports.length + read.errors.length + read.rejections.length > 0;
      if (something) expect([text, messageMayMatter(text)]).toEqual([text, true]);
    }
    expect(messageMayMatter(Text.plainLog)).toBe(false);
    expect(messageMayMatter(`${prefix}fetched customer profile in 12ms\n`)).toBe(false);
  });

  it('keeps a message written as JSON text (short escapes undecoded, as decode may show it) whenever it keeps the message', () => {
    const written = (text: string) => JSON.stringify(text).slice(1, -1);
    for (const text of known) if (messageMayMatter(text) && !written(text).includes('\\u')) expect([text, messageMayMatter(written(text))]).toEqual([text, true]);
    fc.assert(
      fc.property(message, (text) => {
        if (messageMayMatter(text) && !written(text).includes('\\u')) expect([text, messageMayMatter(written(text))]).toEqual([text, true]);
      }),
      { numRuns: 2000 },
    );
    // A JSON line holding none of the readers' words is not kept for its brace alone.
    expect(messageMayMatter(record('fetched customer profile in 12ms'))).toBe(false);
  });

  it('gives the same answer with or without a final newline', () => {
    fc.assert(fc.property(message, (text) => expect(messageMayMatter(`${text}\n`)).toBe(messageMayMatter(text))), { numRuns: 2000 });
  });
});
