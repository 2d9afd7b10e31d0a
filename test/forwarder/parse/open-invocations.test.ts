/**
 * OpenInvocations notes starts and ends as they come and applies them only when current() is asked. This property
 * holds it to the plain reading it replaced: every START / END line's id read at once into a Set.
 */
import fc from 'fast-check';
import { OpenInvocations } from '../../../forwarder/parse/request-id.js';
import { PlatformLinePrefix, requestIdAfter } from '../../../forwarder/parse/report-text.js';

type Step = { op: 'startLine' | 'endLine' | 'start' | 'end'; text: string } | { op: 'current' };

const ids = ['6234bffe-149a-b642-81ff-2e8e376d8aff', 'a1b2c3d4-0000-4000-8000-000000000001', 'x'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('startLine' as const), text: fc.constantFrom(...ids, '').map((id) => `${PlatformLinePrefix.Start}${id} Version: $LATEST`) }),
  fc.record({ op: fc.constant('endLine' as const), text: fc.constantFrom(...ids, '').map((id) => `${PlatformLinePrefix.End}${id}`) }),
  fc.record({ op: fc.constantFrom('start' as const, 'end' as const), text: fc.constantFrom(...ids) }),
  fc.constant({ op: 'current' as const }),
);

/** The reading before: ids applied to a Set as each line comes. */
function referenceCurrents(steps: readonly Step[]): Array<string | undefined> {
  const open = new Set<string>();
  const out: Array<string | undefined> = [];
  for (const s of steps) {
    if (s.op === 'current') out.push(open.size === 1 ? [...open][0] : undefined);
    else if (s.op === 'start') open.add(s.text);
    else if (s.op === 'end') open.delete(s.text);
    else {
      const id = requestIdAfter(s.text, s.op === 'startLine' ? PlatformLinePrefix.Start : PlatformLinePrefix.End);
      if (id === undefined) continue;
      if (s.op === 'startLine') open.add(id);
      else open.delete(id);
    }
  }
  return out;
}

describe('OpenInvocations', () => {
  it('answers current() as applying every start and end at once would', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const open = new OpenInvocations();
        const currents: Array<string | undefined> = [];
        for (const s of steps) {
          if (s.op === 'current') currents.push(open.current());
          else open[s.op](s.text);
        }
        expect(currents).toEqual(referenceCurrents(steps));
      }),
      { numRuns: 2_000 },
    );
  });

  it('names the one open invocation, and none when two are open or all ended', () => {
    const open = new OpenInvocations();
    open.startLine(`${PlatformLinePrefix.Start}${ids[0]} Version: $LATEST`);
    expect(open.current()).toBe(ids[0]);
    open.start(ids[1] as string);
    expect(open.current()).toBeUndefined();
    open.endLine(`${PlatformLinePrefix.End}${ids[1]}`);
    expect(open.current()).toBe(ids[0]);
    open.end(ids[0] as string);
    expect(open.current()).toBeUndefined();
  });
});
