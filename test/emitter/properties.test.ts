/** Property tests: the emitter and the grammar agree for any input fast-check can think of. */
import fc from 'fast-check';
import { isLegalTag } from './support.js';
import { normaliseTag, parseLine } from '../../emitter/grammar.js';
import { createMetrics, MetricType } from '../../emitter/index.js';
import type { MetricTypeName } from '../../emitter/index.js';

const validName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,60}$/);
const finiteValue = fc.double({ noNaN: true, noDefaultInfinity: true });
const tagObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 4 });
const tagArray = fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 });
const type = fc.constantFrom<MetricTypeName>(MetricType.Count, MetricType.Gauge, MetricType.Histogram, MetricType.Check);

describe('a line the emitter writes', () => {
  it('parses back with parseLine to the same point', () => {
    fc.assert(
      fc.property(type, validName, finiteValue, fc.integer({ min: 0, max: 3 }), fc.oneof(tagObject, tagArray), fc.integer({ min: 1e9, max: 4e9 }), (kind, name, value, status, tags, second) => {
        const written: string[] = [];
        const metrics = createMetrics({ output: (text) => written.push(text), errorOutput: () => {}, env: {}, now: () => second * 1000 + 999 });
        const recorded = kind === MetricType.Check ? status : value;
        const call = { count: metrics.count, gauge: metrics.gauge, histogram: metrics.histogram, check: metrics.check }[kind];
        call.call(metrics, name, recorded as never, tags);
        metrics.flush();

        expect(written).toHaveLength(1);
        const lines = written[0]!.split('\n');
        expect(lines.pop()).toBe('');
        expect(lines).toHaveLength(1);
        const parsed = parseLine(lines[0]!);
        expect(parsed).toEqual({ ok: true, point: { name, type: kind, value: recorded === 0 ? 0 : recorded, timestamp: second, tags: expect.any(Array) } });
        if (parsed.ok) {
          expect(parsed.point.tags.every(isLegalTag)).toBe(true);
          expect(parsed.point.tags).toEqual([...new Set(parsed.point.tags)].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('normaliseTag', () => {
  it('is idempotent and yields a legal tag or nothing', () => {
    // Long strings of astral letters too: the 200-character cut must not split a surrogate pair.
    const astralHeavy = fc.array(fc.constantFrom('a', '𝒜', '😀', ' ', 'É'), { minLength: 150, maxLength: 260 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: 'binary' }), astralHeavy), (raw) => {
        const once = normaliseTag(raw);
        expect(normaliseTag(once)).toBe(once);
        if (once !== '') expect(isLegalTag(once)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseLine', () => {
  it('never throws, whatever the text', () => {
    const monitoringish = fc
      .array(fc.oneof(fc.string(), fc.constantFrom('MONITORING', '|', '#', ',', '1700000000', 'count', 'check', '1e309', ' ')), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), monitoringish), (text) => {
        const result = parseLine(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
