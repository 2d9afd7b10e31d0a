/**
 * A REPORT line shaped exactly as Lambda writes it is read by one regex match (readLambdaReport); every other line by
 * the field-by-field reading (parseReportFields). This property holds the two together on lines near that shape:
 * canonical ones and ones with one thing changed (a status, a stray space, an odd number, a missing field).
 */
import fc from 'fast-check';
import { parseReportFields, parseReportLine } from '../../../forwarder/parse/report-text.js';

const number = fc.oneof(
  fc.nat({ max: 100_000 }).map(String),
  fc.tuple(fc.nat({ max: 100_000 }), fc.nat({ max: 999 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('0', '007', '1.', '.5', '1e3', '-4', '1'.repeat(400), '1.2.3', '', '12345678901234567890.123', ' 5'),
);
const id = fc.oneof(fc.uuid(), fc.constantFrom('', 'a b', 'id\u00a0x', 'x:y', 'é'));

const line = fc
  .record({
    id,
    duration: number,
    billed: number,
    size: number,
    used: number,
    init: fc.option(number),
    extra: fc.constantFrom('', 'Status: timeout\t', 'Restore Duration: 474.16 ms\t', 'Error Type: Runtime.OutOfMemory\t'),
    end: fc.constantFrom('\t', '', ' \t', '\t\t'),
    stray: fc.constantFrom('', '', ' '),
  })
  .map(
    ({ id, duration, billed, size, used, init, extra, end, stray }) =>
      `REPORT RequestId: ${id}\tDuration: ${duration} ms${stray}\tBilled Duration: ${billed} ms\tMemory Size: ${size} MB\t` +
      `Max Memory Used: ${used} MB${init === null ? '' : `\tInit Duration: ${init} ms`}${extra === '' ? '' : `\t${extra}`}${end}`,
  );

describe('REPORT lines read by one match', () => {
  it('reads every line as the field-by-field reading does', () => {
    fc.assert(
      fc.property(line, fc.nat(), (text, timestampMs) => {
        expect(parseReportLine(text, timestampMs)).toEqual(parseReportFields(text, timestampMs));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a cold start line of Lambda', () => {
    const text = 'REPORT RequestId: 97da2849-d73e-4b43-a8a9-07d090402c80\tDuration: 247.37 ms\tBilled Duration: 248 ms\tMemory Size: 1024 MB\tMax Memory Used: 92 MB\tInit Duration: 180.36 ms\t';
    expect(parseReportLine(text, 7)).toEqual({
      requestId: '97da2849-d73e-4b43-a8a9-07d090402c80',
      timestamp: 7,
      durationMs: 247.37,
      billedDurationMs: 248,
      memorySizeMb: 1024,
      maxMemoryUsedMb: 92,
      initDurationMs: 180.36,
    });
  });
});
