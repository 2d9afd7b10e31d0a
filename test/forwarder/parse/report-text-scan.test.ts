/**
 * REPORT / INIT_REPORT / START lines are read by offset (FieldCursor, leadingFloat, requestIdAfter's scan). These
 * properties hold them to the plain reading they replaced: split on tabs, cut at the first `: `, String#trim each
 * side, Number.parseFloat the value. The reference below is that reading, written out; on any line near the format
 * both must give the same result, value for value.
 */
import fc from 'fast-check';
import { parseInitReportLine, parseReportLine, PlatformLinePrefix, requestIdAfter } from '../../../forwarder/parse/report-text.js';
import { leadingFloat } from '../../../forwarder/parse/text-scan.js';
import type { InvocationReport } from '../../../forwarder/types.js';

// ---- the reference: the straightforward reading ----
function fieldsOf(line: string, from: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  while (from < line.length) {
    let tab = line.indexOf('\t', from);
    if (tab === -1) tab = line.length;
    const colon = line.indexOf(': ', from);
    if (colon !== -1 && colon < tab) out.push([line.slice(from, colon).trim(), line.slice(colon + 2, tab).trim()]);
    from = tab + 1;
  }
  return out;
}

function referenceNumber(text: string): number | undefined {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const NUMERIC: Record<string, keyof InvocationReport> = {
  Duration: 'durationMs',
  'Billed Duration': 'billedDurationMs',
  'Memory Size': 'memorySizeMb',
  'Max Memory Used': 'maxMemoryUsedMb',
  'Init Duration': 'initDurationMs',
  'Restore Duration': 'restoreDurationMs',
  'Billed Restore Duration': 'billedRestoreDurationMs',
};

function referenceReport(line: string, timestamp: number): InvocationReport | undefined {
  const report: InvocationReport = { requestId: '', timestamp };
  for (const [key, value] of fieldsOf(line, 0)) {
    if (key === 'REPORT RequestId') report.requestId = value;
    else if (key === 'Status') {
      if (value !== '') report.status = value.toLowerCase();
    } else if (key === 'Error Type') {
      if (value !== '') report.errorType = value;
    } else if (NUMERIC[key] !== undefined) {
      const n = referenceNumber(value);
      if (n !== undefined) (report as unknown as Record<string, number>)[NUMERIC[key]] = n;
    }
  }
  return report.requestId === '' ? undefined : report;
}

function referenceInitReport(line: string): Record<string, unknown> {
  const report: Record<string, unknown> = {};
  for (const [key, value] of fieldsOf(line, PlatformLinePrefix.InitReport.length)) {
    if (value === '') continue;
    if (key === 'Init Duration') {
      const n = referenceNumber(value);
      if (n !== undefined) report.initDurationMs = n;
    } else if (key === 'Phase') report.phase = value.toLowerCase();
    else if (key === 'Status') report.status = value.toLowerCase();
    else if (key === 'Error Type') report.errorType = value;
  }
  return report;
}

function referenceRequestId(line: string, prefix: string): string | undefined {
  const rest = line.slice(prefix.length).trim();
  const end = rest.search(/\s/);
  const id = end === -1 ? rest : rest.slice(0, end);
  return id === '' ? undefined : id;
}

// ---- lines near the format ----
const space = fc.constantFrom('', '', '', ' ', '  ', '\u00a0', '\u2003', '\v');
const number = fc.oneof(
  fc.stringMatching(/^\d{1,18}(\.\d{0,18})?$/),
  fc.double({ min: 0, max: 1e12, noNaN: true }).map(String),
  fc.constantFrom('.5', '5.', '-3', '+3', '1e3', '1E-2', '1.2.3', 'Infinity', 'NaN', '', 'x', '0x10', '00012.50', '1.5e', '7..'),
);
const unit = fc.constantFrom(' ms', ' MB', '', 'ms', ' ');
const key = fc.constantFrom(...Object.keys(NUMERIC), 'Status', 'Error Type', 'Phase', 'REPORT RequestId', 'duration', 'Duration ', 'Other');
const textValue = fc.constantFrom('error', 'Timeout', 'Runtime.OutOfMemory', '', 'a b', 'invoke');
const field = fc
  .tuple(space, key, fc.constantFrom(': ', ': ', ':', ' : '), space, fc.oneof(number.chain((n) => unit.map((u) => n + u)), textValue), space)
  .map((parts) => parts.join(''));
const uuid = fc.uuid();
const reportLine = fc
  .tuple(uuid, fc.array(field, { maxLength: 9 }), fc.constantFrom('', '\t', ' \t'))
  .map(([id, fields, end]) => [`REPORT RequestId: ${id}`, ...fields].join('\t') + end);
const initLine = fc.array(field, { maxLength: 6 }).map((fields) => PlatformLinePrefix.InitReport + fields.join('\t'));

describe('platform lines read by offset', () => {
  it('a REPORT line gives what splitting, trimming and parseFloat give', () => {
    fc.assert(
      fc.property(reportLine, (line) => {
        expect(parseReportLine(line, 7)).toEqual(referenceReport(line, 7));
      }),
      { numRuns: 5_000 },
    );
  });

  it('an INIT_REPORT line gives what splitting, trimming and parseFloat give', () => {
    fc.assert(
      fc.property(initLine, (line) => {
        expect(parseInitReportLine(line)).toEqual(referenceInitReport(line));
      }),
      { numRuns: 3_000 },
    );
  });

  it('leadingFloat is Number.parseFloat of the range, -0 and NaN included', () => {
    fc.assert(
      fc.property(space, number, unit, (before, n, after) => {
        const text = `x${before}${n}${after}y`;
        const start = 1;
        const end = text.length - 1;
        expect(Object.is(leadingFloat(text, start, end), Number.parseFloat(text.slice(start, end)))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('the request id of a START or END line is what trimming and splitting on whitespace give', () => {
    const startLine = fc
      .tuple(fc.constantFrom(PlatformLinePrefix.Start, PlatformLinePrefix.End), space, fc.oneof(uuid, fc.constantFrom('', 'a\u00a0b', 'id\tx')), space, fc.constantFrom('', ' Version: $LATEST', '\t'))
      .map(([prefix, ...rest]) => [prefix, prefix + rest.join('')] as const);
    fc.assert(
      fc.property(startLine, ([prefix, line]) => {
        expect(requestIdAfter(line, prefix)).toBe(referenceRequestId(line, prefix));
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads the fields of a real REPORT line', () => {
    const line = 'REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: 46.84 ms\tBilled Duration: 47 ms \tMemory Size: 192 MB\tMax Memory Used: 72 MB\tInit Duration: 150.12 ms\t';
    expect(parseReportLine(line, 1)).toEqual({
      requestId: '6234bffe-149a-b642-81ff-2e8e376d8aff',
      timestamp: 1,
      durationMs: 46.84,
      billedDurationMs: 47,
      memorySizeMb: 192,
      maxMemoryUsedMb: 72,
      initDurationMs: 150.12,
    });
  });
});
