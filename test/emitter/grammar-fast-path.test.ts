/**
 * parseLine reads clean lines with a fast scan and hands everything else to parseLineTolerantly. The fast scan may
 * only ever agree: for any line near the grammar, both paths give the same result, value for value (-0 included).
 */
import fc from 'fast-check';
import { LineTailCache, parseLine, parseLineSharingTags, parseLineTolerantly, readCleanLineAt } from '../../emitter/grammar.js';

const timestamp = fc.oneof(
  fc.integer({ min: 1, max: 4e9 }).map(String),
  fc.integer({ min: 1e12, max: 4e12 }).map(String), // milliseconds
  fc.stringMatching(/^\d{1,17}$/),
  fc.constantFrom('0', '-1', '', ' 1700000000', '1700000000 ', '1700000000.5', '1700000000.', '0001700000000', '1e9', '99999999999999'),
);
const value = fc.oneof(
  fc.stringMatching(/^-?\d{1,17}(\.\d{1,17})?$/),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom('-0', '0.0', '1.', '.5', '+1', '-', '1e3', '1.2.3', 'NaN', 'Infinity', ' 3', '3 ', '', '0x10', '1_000', '0.1', '-12.75'),
);
const type = fc.constantFrom('count', 'gauge', 'histogram', 'check', 'Count', 'count ', ' gauge', 'counter', 'coun', '');
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,12}$/),
  fc.constantFrom('orders.placed', 'a', '9a', 'a b', ' a', 'a-b', 'x'.repeat(200), 'x'.repeat(201), '', 'é'),
);
const tag = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_\-:./]{0,10}$/),
  fc.constantFrom('env:prod', 'tier:gold', 'Env:Prod', ' env:prod', 'a_', '_a', '', 'é:x', 'a b', 'a#b', 't'.repeat(200), 't'.repeat(201), '9lives'),
);
const tags = fc.array(tag, { maxLength: 5 }).map((list) => list.join(','));
const tail = fc.oneof(
  fc.constant(''),
  fc.constant('|'),
  fc.constant('||'),
  tags.map((list) => `|#${list}`),
  tags.map((list) => `|#${list}|`),
  tags.map((list) => `|#${list}||`),
  tags.map((list) => `|${list}`),
  tags.map((list) => `|#${list}|x`),
  tags.map((list) => ` |#${list}`),
);
const padding = fc.constantFrom('', '', '', ' ', '\t', '\r');
const nearGrammar = fc
  .tuple(padding, fc.constantFrom('MONITORING|', 'MONITORING|', 'MONITOR|', 'monitoring|'), timestamp, value, type, name, tail, padding)
  .map(([before, head, ts, v, t, n, rest, after]) => `${before}${head}${ts}|${v}|${t}|${n}${rest}${after}`);

describe('parseLine fast scan', () => {
  it('agrees with the tolerant parser on every line near the grammar', () => {
    fc.assert(
      fc.property(nearGrammar, (line) => {
        expect(parseLine(line)).toEqual(parseLineTolerantly(line));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the tolerant parser after a runtime prefix, with a shared tag cache', () => {
    const cache = new LineTailCache();
    fc.assert(
      fc.property(fc.constantFrom('', '2025-01-15T12:00:00.000Z\tid\tINFO\t', '[INFO]\t'), nearGrammar, (prefix, line) => {
        expect(parseLineSharingTags(prefix + line, prefix.length, cache)).toEqual(parseLineTolerantly(line));
      }),
      { numRuns: 5_000 },
    );
  });

  it('readCleanLineAt, after MONITORING| was found, gives the tolerant parser\'s point or leaves the line to it', () => {
    const cache = new LineTailCache();
    const clean = fc
      .tuple(fc.integer({ min: 1, max: 4e9 }), fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.constantFrom('count', 'gauge', 'histogram', 'check'), fc.constantFrom('a', 'orders.placed'), fc.constantFrom('', '|#env:prod', '|#env:prod,tier:gold', '|#b,a'))
      .map(([ts, v, t, n, rest]) => `MONITORING|${ts}|${v}|${t}|${n}${rest}`);
    const found = fc.oneof(clean, nearGrammar.filter((line) => line.startsWith('MONITORING|')));
    let read = 0;
    fc.assert(
      fc.property(fc.constantFrom('', '2025-01-15T12:00:00.000Z\tid\tINFO\t'), found, (prefix, line) => {
        const point = readCleanLineAt(prefix + line, prefix.length, cache);
        if (point === undefined) return;
        read++;
        expect({ ok: true, point }).toEqual(parseLineTolerantly(line));
      }),
      { numRuns: 5_000 },
    );
    expect(read).toBeGreaterThan(250); // the fast scan did read lines, not only hand them on
  });

  it('reads exact values where the scan computes them itself', () => {
    const cases: Array<[string, number]> = [
      ['0.1', 0.1],
      ['-12.75', -12.75],
      ['123456789012.345', 123456789012.345],
      ['999999999999999', 999999999999999],
      ['0.000000000000001', 1e-15],
    ];
    for (const [text, expected] of cases) {
      const result = parseLine(`MONITORING|1700000000|${text}|gauge|a`);
      expect(result).toEqual({ ok: true, point: { name: 'a', type: 'gauge', value: expected, timestamp: 1700000000, tags: [] } });
    }
    const negativeZero = parseLine('MONITORING|1700000000|-0|gauge|a');
    expect(negativeZero.ok && Object.is(negativeZero.point.value, -0)).toBe(true);
  });

  it('sorts and de-duplicates clean tags written out of order', () => {
    expect(parseLine('MONITORING|1700000000|1|count|a|#z:1,a:2,z:1')).toEqual({
      ok: true,
      point: { name: 'a', type: 'count', value: 1, timestamp: 1700000000, tags: ['a:2', 'z:1'] },
    });
  });

  it('shares one tags array per tag section only through a cache; parseLine hands out fresh arrays', () => {
    const cache = new LineTailCache();
    const first = parseLineSharingTags('MONITORING|1700000000|1|count|a|#env:prod,tier:gold', 0, cache);
    const second = parseLineSharingTags('x\tMONITORING|1700000001|2|count|b|#env:prod,tier:gold', 2, cache);
    if (!first.ok || !second.ok) throw new Error('both lines are valid');
    expect(second.point.tags).toBe(first.point.tags);
    expect(second.point.tags).toEqual(['env:prod', 'tier:gold']);

    const a = parseLine('MONITORING|1700000000|1|count|a|#env:prod');
    const b = parseLine('MONITORING|1700000000|1|count|a|#env:prod');
    if (!a.ok || !b.ok) throw new Error('both lines are valid');
    expect(a.point.tags).not.toBe(b.point.tags);
  });

  it('keeps its caches bounded, and still reads every line right when tails never repeat', () => {
    const cache = new LineTailCache();
    for (let i = 0; i < 5_000; i++) {
      const result = parseLineSharingTags(`MONITORING|1700000000|${i}|count|a|#request:${i}`, 0, cache);
      expect(result).toEqual({ ok: true, point: { name: 'a', type: 'count', value: i, timestamp: 1700000000, tags: [`request:${i}`] } });
    }
    expect(cache.tagSectionCount).toBeGreaterThan(0);
    expect(cache.tagSectionCount).toBeLessThanOrEqual(LineTailCache.maxTagSections);
  });

  it('checks a remembered check tail against each line\'s status', () => {
    const cache = new LineTailCache();
    expect(parseLineSharingTags('MONITORING|1700000000|2|check|db.up|#env:prod', 0, cache).ok).toBe(true);
    const bad = parseLineSharingTags('MONITORING|1700000000|7|check|db.up|#env:prod', 0, cache);
    expect(bad).toEqual(parseLineTolerantly('MONITORING|1700000000|7|check|db.up|#env:prod'));
    expect(bad.ok).toBe(false);
  });

  it('reads a refusal again from its tail only where the tail decides it (not a check status), within a bound', () => {
    const cache = new LineTailCache();
    const lines = [
      'MONITORING|1700000000|1|distribution|payment.amount|#currency:eur', // bad_type, remembered
      'MONITORING|1700000001|3|distribution|payment.amount|#currency:eur', // the same tail: the same refusal
      'MONITORING|1700000000|7|check|db.up |#env:prod', // bad_check_status (tolerant path: the name has a space)
      'MONITORING|1700000000|2|check|db.up |#env:prod', // the same tail, a valid status: accepted
      'MONITORING|17000000000000000|2|distribution|payment.amount|#currency:eur', // a bad timestamp comes first
      'MONITORING|1700000000|x|distribution|payment.amount|#currency:eur', // so does a bad value
    ];
    for (const line of lines) expect([line, parseLineSharingTags(line, 0, cache)]).toEqual([line, parseLineTolerantly(line)]);
    expect(parseLineSharingTags(lines[3] as string, 0, cache).ok).toBe(true);
    for (let i = 0; i < LineTailCache.maxRefusals * 3; i++) {
      const line = `MONITORING|1700000000|${i}|distribution|name${i}`;
      expect(parseLineSharingTags(line, 0, cache)).toEqual(parseLineTolerantly(line));
    }
  });
});
