/**
 * The payload scanner (forwarder/decode/scan.ts) against JSON.parse: wherever the scanner answers, its answer is what
 * JSON.parse reads (the payload's strings and every kept event's id, timestamp and message, exactly); where JSON.parse
 * throws, the scanner does not answer. Payloads are random (every Unicode form: raw, \uXXXX in either case, surrogate
 * pairs, lone surrogates, short escapes, `\/`), serialised several ways (compact, indented, keys reordered, extra
 * fields), and then broken at random (bytes inserted, deleted, replaced by JSON's special characters).
 */
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { hasControlByte } from '../../../forwarder/decode/control-bytes.js';
import { MAX_DEPTH, scanPayload, type ScannedPayload } from '../../../forwarder/decode/scan.js';
import { buildRealisticBatch } from '../fixtures/batch.js';
import { canonicalJson, escapedJson, type JsonSpelling } from './json-spellings.js';

const RUNS = { numRuns: 400 };
const keepAll = () => true;
/** A keep that depends on the message's content (and not on a final newline, as the contract asks). */
const keepSome = (message: string) => message.includes('a') || message.startsWith('M');

/** What JSON.parse makes of `text`, in the scanner's terms; undefined when it throws. */
function byJsonParse(text: string, keep: (message: string) => boolean): { value: unknown; scanned?: ScannedPayload } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { value };
  const record = value as Record<string, unknown>;
  const events = record.logEvents;
  if (!Array.isArray(events)) return { value };
  const scanned: ScannedPayload = { logEvents: [], eventCount: 0 };
  for (const key of ['messageType', 'owner', 'logGroup', 'logStream'] as const) {
    if (key in record) {
      if (typeof record[key] !== 'string') return { value };
      scanned[key] = record[key];
    }
  }
  for (const event of events as unknown[]) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return { value };
    const { id, timestamp, message } = event as Record<string, unknown>;
    if (typeof id !== 'string' || typeof message !== 'string' || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return { value };
    scanned.eventCount++;
    if (keep(message)) scanned.logEvents.push({ id, timestamp, message });
  }
  return { value, scanned };
}

/**
 * The scanner agrees with JSON.parse on `text`: same result where it answers, no answer where JSON.parse throws. Read
 * twice: searching each string for control characters, and, when the text's bytes hold none (as decode finds with
 * hasControlByte), with the controlFree hint decode then passes; both readings must agree.
 */
function expectAgreement(text: string, keep: (message: string) => boolean): ScannedPayload | undefined {
  const scanned = scanPayload(text, keep);
  const reference = byJsonParse(text, keep);
  if (reference === undefined) expect(scanned).toBeUndefined();
  else if (scanned !== undefined) expect(scanned).toEqual(reference.scanned);
  if (!hasControlByte(Buffer.from(text, 'utf8'))) expect(scanPayload(text, keep, { controlFree: true })).toEqual(scanned);
  return scanned;
}

const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // every code point, surrogate pairs included
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)), maxLength: 4 }), // lone surrogates
  fc.string({ unit: fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u2028', 'é', '😀', 'M', 'a'), maxLength: 20 }),
  fc.constantFrom('MONITORING|1|2|count|x\n', 'START RequestId: x\n', 'plain line\n', '\n', ''),
);
const logEvent = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^\d{56}$/), unicodeText),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1e6, max: 0 })),
    message: unicodeText,
    extra: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: ['id', 'timestamp', 'message'] },
);
const payload = fc.record(
  {
    messageType: fc.constantFrom('DATA_MESSAGE', 'CONTROL_MESSAGE'),
    owner: fc.oneof(fc.constant('123456789012'), unicodeText),
    logGroup: fc.oneof(fc.constant('/aws/lambda/fn'), unicodeText),
    logStream: unicodeText,
    subscriptionFilters: fc.array(unicodeText, { maxLength: 3 }),
    policyLevel: fc.jsonValue({ maxDepth: 4 }),
    logEvents: fc.array(logEvent, { maxLength: 12 }),
  },
  { requiredKeys: ['logEvents'] },
);
const spelling: fc.Arbitrary<JsonSpelling> = fc.record({ seed: fc.integer(), indent: fc.constantFrom(0, 0, 2), reorder: fc.boolean(), escapeRate: fc.constantFrom(0, 0.1, 0.5, 1) });

describe('scanPayload reads what JSON.parse reads', () => {
  it('reads a realistic 2,000-event batch exactly, every event kept', () => {
    const { event } = buildRealisticBatch({ events: 2000 });
    const text = gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8');
    const scanned = expectAgreement(text, keepAll);
    expect(scanned?.eventCount).toBe(2000);
    expect(scanned?.logEvents).toHaveLength(2000);
  });

  it('counts every event and keeps only those `keep` accepts', () => {
    const text = JSON.stringify({ owner: '1', logGroup: 'g', logEvents: [0, 1, 2, 3].map((i) => ({ id: `${i}`, timestamp: i, message: i % 2 ? `M${i}\n` : `x${i}` })) });
    const scanned = scanPayload(text, (message) => message.startsWith('M'));
    expect(scanned).toEqual({ owner: '1', logGroup: 'g', eventCount: 4, logEvents: [{ id: '1', timestamp: 1, message: 'M1\n' }, { id: '3', timestamp: 3, message: 'M3\n' }] });
  });

  it('answers, and agrees, for every well-formed payload however it is spelled', () => {
    fc.assert(
      fc.property(payload, spelling, (value, how) => {
        for (const text of [JSON.stringify(value), canonicalJson(value, how), escapedJson(value, how)]) {
          expect(expectAgreement(text, keepAll)).toBeDefined();
          expect(expectAgreement(text, keepSome)).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  it('never disagrees on broken payloads: inserted, deleted or replaced characters', () => {
    const special = fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\\u', '\\ud800', '\\x', '\u0000', '\n', ' ', '0', '-', 'e', '1e999', 'null', '"logEvents":', '""');
    fc.assert(
      fc.property(payload, spelling, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.oneof(special, fc.string({ maxLength: 3 }))), { minLength: 1, maxLength: 3 }), (value, how, edits) => {
        let text = escapedJson(value, how);
        for (const [at, cut, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        expectAgreement(text, keepAll);
        expectAgreement(text, keepSome);
      }),
      { numRuns: 1500 },
    );
  });

  it('never disagrees on any JSON value or any string at all', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void expectAgreement(JSON.stringify(value), keepAll)), RUNS);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => void expectAgreement(text, keepAll)), RUNS);
  });

  it('leaves to JSON.parse what it does not handle itself: duplicate fields, odd event shapes, deep nesting', () => {
    const event = '{"id":"1","timestamp":1,"message":"m"}';
    const cases = [
      `{"logGroup":"a","logGroup":"b","logEvents":[]}`, // JSON.parse keeps the last
      `{"logEvents":[{"id":"1","id":"2","timestamp":1,"message":"m"}]}`,
      `{"logEvents":[{"id":1,"timestamp":1,"message":"m"}]}`, // decode normalises the id itself
      `{"logEvents":[{"id":"1","timestamp":1e999,"message":"m"}]}`, // Infinity: decode rejects the event
      `{"logEvents":[${event},{"id":"1","timestamp":1}]}`,
      `{"logGroup":1,"logEvents":[]}`,
      `{"x":${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)},"logEvents":[]}`,
      `[${event}]`,
    ];
    for (const text of cases) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(scanPayload(text, keepAll)).toBeUndefined();
    }
  });

  it('rejects what JSON rejects inside strings: raw control characters, bad escapes, unpaired quotes', () => {
    for (const message of ['a\u0001b', 'tab\there', 'bad \\x escape', 'short \\u12 escape', 'end \\', 'nul \u0000']) {
      const text = `{"logEvents":[{"id":"1","timestamp":1,"message":"${message}"}]}`;
      expect(() => JSON.parse(text)).toThrow();
      expect(scanPayload(text, keepAll)).toBeUndefined();
    }
  });
});
