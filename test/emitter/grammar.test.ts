import {
  formatLine,
  isCheckStatus,
  isValidMetricName,
  mergeTags,
  normaliseTag,
  normaliseTags,
  parseLine,
  parseValue,
  tagWarning,
  toEpochSeconds,
} from '../../emitter/grammar.js';

describe('metric names', () => {
  it.each(['a', 'orders.placed', 'A_b.c9', 'x'.repeat(200)])('accepts %s', (name) => {
    expect(isValidMetricName(name)).toBe(true);
  });
  it.each(['', '9lives', '_x', 'has space', 'dash-ed', 'ünï', 'x'.repeat(201), '.leading'])('rejects %j', (name) => {
    expect(isValidMetricName(name)).toBe(false);
  });
});

describe('normaliseTag', () => {
  it.each([
    ['env:prod', 'env:prod'],
    ['Env:PROD', 'env:prod'],
    ['  route:/orders/{id}  ', 'route:/orders/_id'],
    ['9lives:yes', 'lives:yes'],
    ['a  b!!c', 'a_b_c'],
    ['trailing___', 'trailing'],
    ['###', ''],
    ['café:crème', 'café:crème'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseTag(raw)).toBe(expected);
  });
  it('cuts to 200 characters', () => {
    expect(normaliseTag('k:' + 'v'.repeat(300))).toHaveLength(200);
  });
  it('never cuts a character outside the Basic Multilingual Plane in half', () => {
    const tag = normaliseTag('a'.repeat(199) + '𝒜bc');
    expect(tag).toBe('a'.repeat(199));
    expect(normaliseTag(tag)).toBe(tag);
  });
});

describe('normaliseTags', () => {
  it('takes objects as key:value, a bare key for empty values, and skips null and undefined', () => {
    expect(normaliseTags({ b: 'x', a: 1, flag: '', none: undefined, nothing: null, ok: true })).toEqual(['a:1', 'b:x', 'flag', 'ok:true']);
  });
  it('sorts and de-duplicates arrays, dropping what normalises to nothing', () => {
    expect(normaliseTags(['z', 'A:1', 'a:1', '!!!', 'canary'])).toEqual(['a:1', 'canary', 'z']);
  });
  it('merges sorted and unique', () => {
    expect(mergeTags(['b', 'env:prod'], ['a', 'b'])).toEqual(['a', 'b', 'env:prod']);
  });
});

describe('tagWarning', () => {
  it('flags reserved keys that change attribution and id-shaped values', () => {
    expect(tagWarning('host:abc')).toMatch(/reserved/);
    expect(tagWarning('request:0f8fad5b-d9cb-469f-a165-70867728950e')).toMatch(/unbounded/);
    expect(tagWarning('at:1700000000123')).toMatch(/unbounded/);
  });
  it('leaves ordinary tags and the unified service tags alone', () => {
    expect(tagWarning('env:prod')).toBeUndefined();
    expect(tagWarning('route:/orders')).toBeUndefined();
  });
});

describe('numbers and timestamps', () => {
  it('keeps seconds and converts 13-digit milliseconds', () => {
    expect(toEpochSeconds('1700000000')).toBe(1700000000);
    expect(toEpochSeconds('1700000000123')).toBe(1700000000);
    expect(toEpochSeconds('-5')).toBeUndefined();
    expect(toEpochSeconds('abc')).toBeUndefined();
  });
  it('parses plain decimals only', () => {
    expect(parseValue('1.5e3')).toBe(1500);
    expect(parseValue('-0.25')).toBe(-0.25);
    for (const bad of ['', 'NaN', 'Infinity', '0x10', '1_000', ' ']) expect(parseValue(bad)).toBeUndefined();
  });
  it('knows the four check statuses', () => {
    expect([0, 1, 2, 3].every(isCheckStatus)).toBe(true);
    expect([4, -1, 0.5].some(isCheckStatus)).toBe(false);
  });
});

describe('formatLine and parseLine', () => {
  const point = { name: 'orders.placed', type: 'count' as const, value: 3, timestamp: 1700000000, tags: ['env:prod', 'route:/a'] };

  it('writes the documented grammar', () => {
    expect(formatLine(point)).toBe('MONITORING|1700000000|3|count|orders.placed|#env:prod,route:/a');
    expect(formatLine({ ...point, tags: [] })).toBe('MONITORING|1700000000|3|count|orders.placed');
  });

  it('reads back what it writes, with or without tags or a trailing |', () => {
    expect(parseLine(formatLine(point))).toEqual({ ok: true, point });
    expect(parseLine(formatLine({ ...point, tags: [] }) + '|')).toEqual({ ok: true, point: { ...point, tags: [] } });
  });

  it.each([
    ['MONITOR|1|1|count|a', 'malformed'],
    ['MONITORING|abc|1|count|a', 'bad_timestamp'],
    ['MONITORING|1700000000|NaN|count|a', 'bad_value'],
    ['MONITORING|1700000000|1|counter|a', 'bad_type'],
    ['MONITORING|1700000000|1|count|9a', 'bad_name'],
    ['MONITORING|1700000000|7|check|a', 'bad_check_status'],
    ['MONITORING|1700000000|1|count|a|env:prod', 'malformed'],
  ])('rejects %j as %s', (line, reason) => {
    const result = parseLine(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
});
