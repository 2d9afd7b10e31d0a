import { SeriesBuffer, newSeries } from '../../emitter/buffer.js';
import { parseLine } from '../../emitter/grammar.js';
import { TagInputCache } from '../../emitter/tag-input-cache.js';
import { chunkLines } from '../../emitter/write.js';

const T = 1_700_000_000;

function parsed(lines: string[]): Array<[string, string, number, number, string[]]> {
  return lines.map((line) => {
    const result = parseLine(line);
    if (!result.ok) throw new Error(result.detail);
    const p = result.point;
    return [p.type, p.name, p.timestamp, p.value, p.tags];
  });
}

describe('SeriesBuffer', () => {
  it('sums counts, keeps the last gauge and check, and every histogram value, per second', () => {
    const buffer = new SeriesBuffer();
    const count = newSeries('c', 'count', ['env:prod']);
    const gauge = newSeries('g', 'gauge', []);
    const check = newSeries('k', 'check', []);
    const histogram = newSeries('h', 'histogram', []);
    for (const v of [1, 2, 3]) buffer.add(count, T, v);
    buffer.add(count, T + 1, 10);
    for (const v of [5, 7]) buffer.add(gauge, T, v);
    for (const v of [2, 0]) buffer.add(check, T, v);
    for (const v of [4, 4, 9]) buffer.add(histogram, T, v);

    expect(buffer.lineCount).toBe(7);
    expect(parsed(buffer.drain())).toEqual([
      ['count', 'c', T, 6, ['env:prod']],
      ['count', 'c', T + 1, 10, ['env:prod']],
      ['gauge', 'g', T, 7, []],
      ['check', 'k', T, 0, []],
      ['histogram', 'h', T, 4, []],
      ['histogram', 'h', T, 4, []],
      ['histogram', 'h', T, 9, []],
    ]);
  });

  it('is empty after a drain and reuses its series', () => {
    const buffer = new SeriesBuffer();
    const count = newSeries('c', 'count', []);
    buffer.add(count, T, 1);
    expect(buffer.drain()).toHaveLength(1);
    expect(buffer.lineCount).toBe(0);
    expect(buffer.drain()).toEqual([]);
    buffer.add(count, T, 2);
    expect(parsed(buffer.drain())).toEqual([['count', 'c', T, 2, []]]);
  });

  it('refuses a sum that would overflow to Infinity and keeps the previous value', () => {
    const buffer = new SeriesBuffer();
    const count = newSeries('c', 'count', []);
    expect(buffer.add(count, T, Number.MAX_VALUE)).toBe(true);
    expect(buffer.add(count, T, Number.MAX_VALUE)).toBe(false);
    expect(parsed(buffer.drain())).toEqual([['count', 'c', T, Number.MAX_VALUE, []]]);
  });
});

describe('chunkLines', () => {
  const line = (i: number): string => `MONITORING|${T}|${i}|count|some.metric.name|#env:prod`;

  it('makes one newline-terminated write when it fits', () => {
    expect(chunkLines([line(1), line(2)], 1000)).toEqual([`${line(1)}\n${line(2)}\n`]);
    expect(chunkLines([], 1000)).toEqual([]);
  });

  it.each([
    ['ASCII', ''],
    ['non-ASCII', ',café:crème'],
  ])('splits %s text at line boundaries, each chunk within the byte limit, losing nothing', (_label, extra) => {
    const lines = Array.from({ length: 500 }, (_, i) => line(i) + extra);
    const max = 2_000;
    const chunks = chunkLines(lines, max);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(max);
      expect(chunk.endsWith('\n')).toBe(true);
    }
    expect(chunks.join('')).toBe(lines.join('\n') + '\n');
  });

  it('sends a line longer than the limit alone, whole', () => {
    const long = 'x'.repeat(50);
    expect(chunkLines(['a', long, 'b'], 10)).toEqual(['a\n', `${long}\n`, 'b\n']);
  });
});

describe('TagInputCache', () => {
  it('finds equal inputs, whatever their identity', () => {
    const cache = new TagInputCache<string>();
    cache.set({ route: '/a', status: 200 }, 'A');
    cache.set(['env:prod', 'canary'], 'B');
    expect(cache.get({ route: '/a', status: 200 })).toBe('A');
    expect(cache.get(['env:prod', 'canary'])).toBe('B');
    expect(cache.get({ route: '/a', status: 201 })).toBeUndefined();
    expect(cache.get({ route: '/a' })).toBeUndefined();
    expect(cache.get(['env:prod'])).toBeUndefined();
  });

  it('keeps apart inputs that a joined key would confuse', () => {
    const cache = new TagInputCache<string>();
    cache.set(['a,b'], 'one tag');
    cache.set(['a', 'b'], 'two tags');
    cache.set({ a: 'b:c' }, 'object');
    expect(cache.get(['a,b'])).toBe('one tag');
    expect(cache.get(['a', 'b'])).toBe('two tags');
    expect(cache.get({ 'a:b': 'c' })).toBeUndefined();
    expect(cache.get({ a: 'b:c' })).toBe('object');
  });

  it('ignores what normalisation ignores: null and undefined values, non-string array items', () => {
    const cache = new TagInputCache<string>();
    cache.set({ a: 1, b: undefined }, 'A');
    expect(cache.get({ a: 1, c: null })).toBe('A');
    cache.set(['x', 3 as unknown as string], 'X');
    expect(cache.get(['x'])).toBe('X');
  });
});
