import { forEachLine, monitoringStart, splitLines } from '../../../forwarder/parse/index.js';
import { Monitoring, T0 } from '../fixtures/lines.js';
import { parseMessages } from './helpers.js';

describe('MONITORING lines in every runtime shape', () => {
  it('reads a raw stdout line', () => {
    const parsed = parseMessages([Monitoring.raw]);
    expect(parsed.metrics).toEqual([{ name: 'orders.placed', type: 'count', value: 1, timestamp: T0, tags: ['env:prod', 'tier:gold'] }]);
    expect(parsed.linesParsed).toBe(1);
  });

  it('reads after the Node.js console prefix (<time>\\t<requestId>\\tINFO\\t)', () => {
    expect(parseMessages([Monitoring.node]).metrics).toEqual([
      { name: 'orders.placed', type: 'count', value: 3, timestamp: T0, tags: ['env:prod', 'tier:gold'] },
    ]);
  });

  it('reads after the Python logging prefix ([INFO]\\t<time>\\t<requestId>\\t)', () => {
    expect(parseMessages([Monitoring.python]).metrics).toEqual([
      { name: 'checkout.latency', type: 'histogram', value: 250.5, timestamp: T0, tags: ['env:prod'] },
    ]);
  });

  it('reads the message of a Lambda JSON-format log line', () => {
    expect(parseMessages([Monitoring.json]).metrics).toEqual([{ name: 'queue.depth', type: 'gauge', value: 42, timestamp: T0, tags: ['queue:orders'] }]);
  });

  it('reads several lines inside one JSON message', () => {
    expect(parseMessages([Monitoring.jsonMultiLine]).metrics.map((m) => [m.name, m.value])).toEqual([
      ['a.one', 1],
      ['a.two', 2],
    ]);
  });

  it('reads a Node multi-line event joined with \\r', () => {
    expect(parseMessages([Monitoring.nodeCarriageReturns]).metrics.map((m) => [m.name, m.value])).toEqual([
      ['batch.a', 1],
      ['batch.b', 2],
      ['batch.c', 3],
    ]);
  });

  it('reads a raw multi-line flush with \\n, a trailing | and a check', () => {
    const parsed = parseMessages([Monitoring.rawFlush]);
    expect(parsed.metrics.map((m) => [m.name, m.type, m.value, m.tags])).toEqual([
      ['flush.a', 'count', 1, []],
      ['flush.b', 'gauge', 5, []],
      ['flush.health', 'check', 0, ['dependency:db']],
    ]);
    expect(parsed.linesParsed).toBe(3);
  });

  it('converts a 13-digit millisecond timestamp to seconds', () => {
    expect(parseMessages([Monitoring.milliseconds]).metrics[0]?.timestamp).toBe(T0);
  });

  it('ignores MONITORING| glued to a word (not a prefix) and plain lines, without counting a rejection', () => {
    const parsed = parseMessages([`2025-01-15T12:00:00.100Z\tabc\tINFO\tvalue=MONITORING|${T0}|1|count|x.y\n`, 'hello world']);
    expect(parsed.metrics).toEqual([]);
    expect(parsed.rejections).toEqual([]);
  });

  it.each([
    ['badValue', 'bad_value'],
    ['badType', 'bad_type'],
    ['badName', 'bad_name'],
    ['badTimestamp', 'bad_timestamp'],
    ['badCheckStatus', 'bad_check_status'],
    ['tooFewFields', 'malformed'],
  ] as const)('counts %s as a rejection with the grammar reason %s', (fixture, reason) => {
    const parsed = parseMessages([Monitoring[fixture]]);
    expect(parsed.metrics).toEqual([]);
    expect(parsed.rejections.map((r) => r.reason)).toEqual([reason]);
  });

  it('keeps the good lines beside the bad ones in the same event', () => {
    const event = `MONITORING|${T0}|1|count|good.one\nMONITORING|${T0}|oops|count|bad.one\r\nMONITORING|${T0}|2|count|good.two\n`;
    const parsed = parseMessages([event]);
    expect(parsed.metrics.map((m) => m.name)).toEqual(['good.one', 'good.two']);
    expect(parsed.rejections.map((r) => r.reason)).toEqual(['bad_value']);
    expect(parsed.linesParsed).toBe(2);
  });
});

describe('line splitting', () => {
  it.each([
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\rb\rc', ['a', 'b', 'c']],
    ['a\r\nb\n\nc\r', ['a', 'b', 'c']],
    ['\n\r\n', []],
    ['', []],
  ])('%j → %j', (message, lines) => {
    expect(splitLines(message)).toEqual(lines);
    const seen: string[] = [];
    forEachLine(message, (line) => seen.push(line));
    expect(seen).toEqual(lines);
  });

  it('finds MONITORING| at the start or after a space or tab only', () => {
    expect(monitoringStart('MONITORING|1')).toBe(0);
    expect(monitoringStart('x\tMONITORING|1')).toBe(2);
    expect(monitoringStart('x MONITORING|1')).toBe(2);
    expect(monitoringStart('xMONITORING|1')).toBe(-1);
    expect(monitoringStart('xMONITORING|1 MONITORING|2')).toBe(14);
    expect(monitoringStart('nothing here')).toBe(-1);
  });
});
