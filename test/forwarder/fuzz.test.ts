/**
 * Property tests over thousands of random and mutated batches: processEvent never throws, and good MONITORING lines
 * placed among garbage are all counted.
 */
import fc from 'fast-check';
import { formatLine, normaliseTags } from '../../emitter/grammar.js';
import { processEvent } from '../../forwarder/pipeline.js';
import { dataPayload, encodeAwslogsData, toAwslogsEvent } from './fixtures/awslogs.js';
import { buildRealisticBatch } from './fixtures/batch.js';
import { Json, Monitoring, Text } from './fixtures/lines.js';

const T0 = 1736942400;
const OPTIONS = { now: (T0 + 60) * 1000, region: 'us-east-1', ddTags: 'env:fuzz' };
const RUNS = { numRuns: 1000 };

function mustNotThrow(event: unknown): void {
  const result = processEvent(event, OPTIONS);
  expect(['processed', 'control', 'rejected']).toContain(result.outcome);
}

/** Lines that look like something the parser knows, broken in small ways. */
const nearMisses = fc.constantFrom(
  ...Object.values(Text),
  ...Object.values(Json),
  'MONITORING',
  'MONITORING |1|2|count|x',
  'REPORT RequestId:',
  'REPORT RequestId: \tDuration: abc ms\tMemory Size: -1 MB',
  'INIT_REPORT',
  'INIT_REPORT Status: error',
  'START RequestId: ',
  'END RequestId:',
  '{"type":"platform.report","record":null}',
  '{"type":"platform.report","record":{"requestId":7,"metrics":{"durationMs":"x"}}}',
  '{"type":"platform.start"}',
  '{"level":"ERROR","errorType":{"a":1},"message":["MONITORING"]}',
  '{"level":"ERROR","errorType":"X","requestId":null}',
  '[ERROR] ',
  '\tERROR\tInvoke Error',
  'Task timed out after',
  '\u0000\uffff\ud800',
);

const garbage = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 80 }), nearMisses).filter((s) => !s.includes('MONITORING|'));

/** A valid count line as the emitter would write it, plus the runtime shape it is wrapped in. */
const goodCount = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9_.]{0,20}$/),
  value: fc.integer({ min: 0, max: 1000 }),
  timestamp: fc.integer({ min: T0 - 3000, max: T0 + 500 }),
  tags: fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}:[a-z0-9]{1,8}$/), { maxLength: 4 }),
  shape: fc.constantFrom('raw', 'node', 'python', 'json'),
});
type GoodCount = typeof goodCount extends fc.Arbitrary<infer T> ? T : never;

function wrap(good: GoodCount): string {
  const line = formatLine({ name: good.name, type: 'count', value: good.value, timestamp: good.timestamp, tags: normaliseTags(good.tags) });
  switch (good.shape) {
    case 'node':
      return `2025-01-15T12:00:00.100Z\t6234bffe-149a-b642-81ff-2e8e376d8aff\tINFO\t${line}`;
    case 'python':
      return `[INFO]\t2025-01-15T12:00:00.100Z\t6234bffe-149a-b642-81ff-2e8e376d8aff\t${line}`;
    case 'json':
      return JSON.stringify({ timestamp: '2025-01-15T12:00:00.100Z', level: 'INFO', requestId: 'r', message: line });
    default:
      return line;
  }
}

describe('fuzz: processEvent never throws', () => {
  it('on any value at all', () => {
    fc.assert(fc.property(fc.anything(), (value) => mustNotThrow(value)), RUNS);
    fc.assert(fc.property(fc.anything(), (value) => mustNotThrow({ awslogs: value })), RUNS);
    fc.assert(fc.property(fc.anything(), (value) => mustNotThrow({ awslogs: { data: value } })), RUNS);
  });

  it('on any string as awslogs.data and any JSON value inside a valid gzip', () => {
    fc.assert(fc.property(fc.string(), (data) => mustNotThrow({ awslogs: { data } })), RUNS);
    fc.assert(fc.property(fc.jsonValue(), (json) => mustNotThrow(toAwslogsEvent(json))), RUNS);
  });

  it('on payloads whose fields have the wrong shapes', () => {
    const payload = fc.record({
      messageType: fc.oneof(fc.constant('DATA_MESSAGE'), fc.constant('CONTROL_MESSAGE'), fc.anything()),
      owner: fc.oneof(fc.constant('123456789012'), fc.anything()),
      logGroup: fc.oneof(fc.constant('/aws/lambda/fn'), fc.string(), fc.anything()),
      logStream: fc.anything(),
      logEvents: fc.oneof(
        fc.array(fc.record({ id: fc.anything(), timestamp: fc.oneof(fc.integer(), fc.double(), fc.anything()), message: fc.oneof(garbage, fc.anything()) })),
        fc.anything(),
      ),
    });
    fc.assert(fc.property(payload, (p) => mustNotThrow(toAwslogsEvent(p))), RUNS);
  });

  it('on realistic batches with flipped, cut or inserted bytes', () => {
    const base = buildRealisticBatch({ events: 40 }).payload;
    const json = JSON.stringify(base);
    const encoded = encodeAwslogsData(base);
    fc.assert(
      fc.property(fc.nat(json.length - 1), fc.string({ unit: 'binary', maxLength: 8 }), fc.nat(encoded.length - 1), fc.nat(255), (at, insert, byteAt, byte) => {
        mustNotThrow(toAwslogsEvent(json.slice(0, at) + insert + json.slice(at))); // mutated JSON text
        mustNotThrow({ awslogs: { data: encoded.slice(0, byteAt) } }); // truncated
        const bytes = Buffer.from(encoded, 'base64');
        bytes[byteAt % bytes.length] = byte;
        mustNotThrow({ awslogs: { data: bytes.toString('base64') } }); // corrupted gzip
      }),
      RUNS,
    );
  });
});

describe('fuzz: good lines beside garbage are all counted', () => {
  it('counts every good MONITORING line and sums its values exactly, whatever garbage surrounds it', () => {
    const event = fc.record({
      before: fc.array(garbage, { maxLength: 3 }),
      good: fc.array(goodCount, { maxLength: 4 }),
      after: fc.array(garbage, { maxLength: 3 }),
      separator: fc.constantFrom('\n', '\r', '\r\n'),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), fc.array(garbage, { maxLength: 6 }), (events, loose) => {
        const messages: string[] = [...loose];
        const good: GoodCount[] = [];
        for (const e of events) {
          // a JSON-format line is a whole log event of its own; the other shapes share an event with garbage lines
          for (const g of e.good.filter((x) => x.shape === 'json')) messages.push(wrap(g));
          const shared = e.good.filter((x) => x.shape !== 'json');
          messages.push([...e.before, ...shared.map(wrap), ...e.after].join(e.separator));
          good.push(...e.good);
        }
        const result = processEvent(toAwslogsEvent(dataPayload(messages, { startMs: T0 * 1000 })), OPTIONS);
        expect(result.outcome).toBe('processed');
        expect(result.stats.linesParsed).toBe(good.length);
        const expectedTotals = new Map<string, number>();
        for (const g of good) expectedTotals.set(g.name, (expectedTotals.get(g.name) ?? 0) + g.value);
        for (const [name, total] of expectedTotals) {
          const sent = result.outbound.distributions
            .filter((d) => d.metric === name)
            .reduce((sum, d) => sum + d.points.reduce((s, [, values]) => s + values.reduce((a, b) => a + b, 0), 0), 0);
          expect(sent).toBe(total);
        }
      }),
      RUNS,
    );
  });

  it('a fixed case: good lines in every shape between binary noise and near misses', () => {
    const messages = ['\u0000\u0001garbage\r', Monitoring.node, '{"broken json', Monitoring.python, Text.reportXray, Monitoring.json, '\uffff'];
    const result = processEvent(toAwslogsEvent(dataPayload(messages, { startMs: T0 * 1000 })), OPTIONS);
    expect(result.stats.linesParsed).toBe(3);
    expect(result.stats.rejected).toEqual({});
  });
});
