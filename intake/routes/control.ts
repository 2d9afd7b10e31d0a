/** Fault injection over HTTP: queue faults, list or clear them, take the intake down and up. */
import { ControlPath } from '../constants.js';
import { describeInvalidRule } from '../faults.js';
import { errorReply, ok } from '../replies.js';
import type { Router } from '../router.js';
import type { FaultRule } from '../types.js';

export function registerControlRoutes(router: Router): void {
  router.add(
    {
      method: 'GET',
      path: ControlPath.faults,
      kind: 'control',
      handle: ({ faults }) => ok({ down: faults.isDown, pending: faults.pending() }),
    },
    {
      // One rule or an array of rules, e.g. {"kind":"status","status":429,"times":2,"endpoint":"/api/v2/series"}.
      method: 'POST',
      path: ControlPath.faults,
      kind: 'control',
      jsonBody: true,
      handle: ({ faults, body }) => {
        const rules: unknown[] = Array.isArray(body) ? body : [body];
        const problems = rules.map(describeInvalidRule).filter((problem) => problem !== undefined);
        if (problems.length) return errorReply(400, ...problems);
        for (const rule of rules) faults.inject(rule as FaultRule);
        return ok({ down: faults.isDown, pending: faults.pending() });
      },
    },
    {
      method: 'DELETE',
      path: ControlPath.faults,
      kind: 'control',
      handle: ({ faults }) => {
        faults.clear();
        return ok({ down: false, pending: [] });
      },
    },
    {
      method: 'POST',
      path: ControlPath.down,
      kind: 'control',
      handle: ({ faults }) => {
        faults.down();
        return ok({ down: true });
      },
    },
    {
      method: 'POST',
      path: ControlPath.up,
      kind: 'control',
      handle: ({ faults }) => {
        faults.up();
        return ok({ down: false });
      },
    },
  );
}
