/**
 * hasControlByte (forwarder/decode/control-bytes.ts) against the plain definition, a regex over the bytes read as
 * Latin-1: random bytes at every alignment and length (the word loop, its two-word turns and the byte tails), and one
 * control byte planted at every position of a clean buffer.
 */
import fc from 'fast-check';
import { hasControlByte } from '../../../forwarder/decode/control-bytes.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
const byDefinition = (bytes: Uint8Array) => CONTROL.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));

describe('hasControlByte', () => {
  it('agrees with a regex over the bytes, for random bytes at every offset and length', () => {
    const mostlyPrintable = fc.oneof(fc.integer({ min: 0x20, max: 0xff }), fc.integer({ min: 0, max: 0xff }));
    fc.assert(
      fc.property(fc.array(mostlyPrintable, { maxLength: 70 }), fc.integer({ min: 0, max: 3 }), (values, offset) => {
        const backing = new Uint8Array(values.length + offset);
        backing.set(values, offset);
        const bytes = backing.subarray(offset);
        expect(hasControlByte(bytes)).toBe(byDefinition(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds one control byte wherever it is, and every value from 0x00 to 0x1f; 0x20 and above are not control', () => {
    const clean = Buffer.alloc(37, 'a');
    for (let offset = 0; offset < 4; offset++) {
      const bytes = clean.subarray(offset);
      expect(hasControlByte(bytes)).toBe(false);
      for (let at = 0; at < bytes.length; at++) {
        for (const value of [0x00, 0x09, 0x0a, 0x1f]) {
          const copy = Buffer.from(bytes);
          copy[at] = value;
          expect(hasControlByte(copy)).toBe(true);
        }
      }
    }
    for (let value = 0; value < 0x100; value++) expect(hasControlByte(Uint8Array.of(0x61, value, 0x61, 0x61, 0x61))).toBe(value < 0x20);
  });

  it('says nothing of bytes of multi-byte UTF-8 characters, which are all 0x80 and above', () => {
    expect(hasControlByte(Buffer.from('é😀\u2028 日本', 'utf8'))).toBe(false);
    expect(hasControlByte(Buffer.from('é\n', 'utf8'))).toBe(true);
    expect(hasControlByte(new Uint8Array(0))).toBe(false);
  });
});
