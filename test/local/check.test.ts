/** The --once verdict compares the simulation's own count with a real IntakeStore; a missing or extra value fails it. */
import { describe, expect, it } from '@jest/globals';
import { platformNames, type PlatformNamingName } from '../../forwarder/metric-names.js';
import { IntakeStore } from '../../intake/store.js';
import { checkIntake, forwarderNames } from '../../local/check.js';
import { Expectations } from '../../local/expected.js';

const NOW_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const TS = NOW_MS / 1000;

function expectations(): Expectations {
  const e = new Expectations();
  e.invocation('fn-a', { coldStart: true, status: 'success' });
  e.invocation('fn-a', { coldStart: false, status: 'timeout' });
  e.delivered([
    { type: 'count', name: 'orders.placed', value: 2 },
    { type: 'count', name: 'orders.placed', value: 3 },
    { type: 'histogram', name: 'orders.latency', value: 12 },
    { type: 'check', name: 'orders.health', value: 2, tags: { repo: 'r' } },
  ]);
  e.lines(3, ['bad_value']);
  e.logEvents = 9;
  e.batches = 1;
  return e;
}

/** What the forwarder ships for expectations(): fn-a ran once cold (success) and once warm (timed out). */
function storeHolding(overrides: { ordersPlaced?: number[]; naming?: PlatformNamingName; coldStartTag?: boolean } = {}): IntakeStore {
  const store = new IntakeStore();
  const p = platformNames(overrides.naming).platform;
  const d = (metric: string, values: number[], tags: string[] = []) => ({ metric, points: [{ timestamp: TS, values }], tags });
  const cold = ['functionname:fn-a', 'region:us-east-1', 'cold_start:true'];
  const warm = ['functionname:fn-a', 'region:us-east-1', 'cold_start:false'];
  store.addDistributions(
    [
      d(p.Invocations, [1], overrides.coldStartTag === false ? cold.slice(0, 2) : cold),
      d(p.Invocations, [1], warm),
      d(p.Duration, [0.2505], cold),
      d(p.Duration, [3], warm),
      d(p.Errors, [1], warm),
      d(p.Timeouts, [1], warm),
      d(p.InitDuration, [0.2505], cold),
      d('orders.placed', overrides.ordersPlaced ?? [5], ['functionname:fn-a']),
      d('orders.latency', [12]),
      d('forwarder.batches', [1]),
      d('forwarder.events', [9]),
      d('forwarder.lines_parsed', [3]),
      d('forwarder.rejected', [1], ['reason:bad_value']),
    ],
    NOW_MS,
  );
  store.addCheckRuns([{ check: 'orders.health', status: 2, tags: ['functionname:fn-a', 'repo:r'], hostName: 'h', timestamp: TS }], NOW_MS);
  return store;
}

describe('checkIntake', () => {
  it('passes every row when the store holds exactly the counted totals', () => {
    const rows = checkIntake(expectations(), storeHolding());
    expect(rows.filter((row) => !row.ok)).toEqual([]);
    expect(rows.map((row) => row.what)).toEqual(
      expect.arrayContaining([
        'aws.lambda.enhanced.invocations fn-a', 'cold starts (aws.lambda.enhanced.invocations cold_start:true) fn-a',
        'orders.placed (count: total)', 'orders.latency (histogram: values)', 'forwarder.rejected reason:bad_value',
      ]),
    );
  });

  it('reads the names of the naming the forwarder was given: aws.lambda.* totals do not pass for the default', () => {
    const legacy = storeHolding({ naming: 'aws_lambda' });
    expect(checkIntake(expectations(), legacy, platformNames('aws_lambda')).filter((row) => !row.ok)).toEqual([]);
    const wrong = checkIntake(expectations(), legacy).filter((row) => !row.ok).map((row) => row.what);
    expect(wrong).toContain('aws.lambda.enhanced.invocations fn-a');
  });

  it("reads the run's names as the forwarder's own config does", () => {
    expect(forwarderNames({ AWS_REGION: 'x' }).platform.Invocations).toBe('aws.lambda.enhanced.invocations');
    expect(forwarderNames({ AWS_REGION: 'x', PLATFORM_METRIC_NAMING: 'aws_lambda' }).platform.Invocations).toBe('aws.lambda.invocations');
    expect(forwarderNames({ AWS_REGION: 'x', METRIC_PREFIX: 'acme.fn' }).platform.Invocations).toBe('acme.fn.invocations');
  });

  it('fails when the cold start is not tagged on the invocation', () => {
    const failed = checkIntake(expectations(), storeHolding({ coldStartTag: false })).filter((row) => !row.ok).map((row) => row.what);
    expect(failed).toEqual(['cold starts (aws.lambda.enhanced.invocations cold_start:true) fn-a']);
  });

  it('fails the row of a count the intake got wrong, and only that row', () => {
    const rows = checkIntake(expectations(), storeHolding({ ordersPlaced: [2, 3, 3] }));
    expect(rows.filter((row) => !row.ok)).toEqual([{ what: 'orders.placed (count: total)', expected: 5, actual: 8, ok: false }]);
  });

  it('fails when nothing arrived', () => {
    const rows = checkIntake(expectations(), new IntakeStore());
    expect(rows.filter((row) => !row.ok).length).toBeGreaterThan(8);
    expect(rows.find((row) => row.what === 'service checks with the expected latest status')).toMatchObject({ expected: 1, actual: 0, ok: false });
  });
});
