/**
 * The request id of a START / END line is read by offset (requestIdAfter's scan, text-scan.ts). This property holds
 * it to the plain reading it replaced: String#trim the rest of the line, cut at the first /\s/.
 */
import fc from 'fast-check';
import { PlatformLinePrefix, requestIdAfter } from '../../../forwarder/parse/report-text.js';

function referenceRequestId(line: string, prefix: string): string | undefined {
  const rest = line.slice(prefix.length).trim();
  const end = rest.search(/\s/);
  const id = end === -1 ? rest : rest.slice(0, end);
  return id === '' ? undefined : id;
}

const space = fc.constantFrom('', '', '', ' ', '  ', '\u00a0', '\u2003', '\v', '\ufeff');

describe('request ids read by offset', () => {
  it('the request id of a START or END line is what trimming and cutting at whitespace give', () => {
    const line = fc
      .tuple(
        fc.constantFrom(PlatformLinePrefix.Start, PlatformLinePrefix.End),
        space,
        fc.oneof(fc.uuid(), fc.constantFrom('', 'a\u00a0b', 'id\tx', 'é-id')),
        space,
        fc.constantFrom('', ' Version: $LATEST', '\t', '\u2028x'),
      )
      .map(([prefix, ...rest]) => [prefix, prefix + rest.join('')] as const);
    fc.assert(
      fc.property(line, ([prefix, text]) => {
        expect(requestIdAfter(text, prefix)).toBe(referenceRequestId(text, prefix));
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads the id of real START and END lines', () => {
    expect(requestIdAfter('START RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff Version: $LATEST', PlatformLinePrefix.Start)).toBe('6234bffe-149a-b642-81ff-2e8e376d8aff');
    expect(requestIdAfter('END RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff', PlatformLinePrefix.End)).toBe('6234bffe-149a-b642-81ff-2e8e376d8aff');
    expect(requestIdAfter('END RequestId: ', PlatformLinePrefix.End)).toBeUndefined();
  });
});
