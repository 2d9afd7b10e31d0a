/**
 * Several forwarder containers at once on this 2-core machine (each a Node process running the built bundle under
 * `nice -n 19`, see concurrent-run.ts), against a healthy local intake on loopback: the totals are exact and
 * nothing is sent twice.
 *
 * What it proves: the children's event loops are starved (they and the intake share two cores with whatever else
 * runs), and a forwarder that took a starved loop for a slow server would abandon requests whose answer was already
 * waiting in its socket and resend them: retries, ambiguous resends and double-counted distributions (issue 11: 32 of
 * 400 batches with a fixed 5-second timer and 100 containers). Here no request is retried, the intake saw exactly the
 * requests the forwarders made, and every batch is counted once per delivery. What it does not prove: behaviour
 * against a slow or faulty server (faults.test.ts, ship/late-answers.test.ts), or any timing figure (nothing here
 * asserts a duration). The 100-container run is bench/concurrent.bench.ts (`npm run bench`); this one is sized for
 * `npm test` on a shared machine: 6 processes × 3 batches × 1,500 events.
 */
import type { Intake } from '../../intake/index.js';
import { runConcurrentForwarders, startConcurrentIntake, tally } from './concurrent-run.js';

const SIZE = { processes: 6, batchesPerProcess: 3, eventsPerBatch: 1_500, distinctBatches: 5 };

let intake: Intake;
let dir: string;
let cleanUp: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ intake, dir, cleanUp } = await startConcurrentIntake());
});
afterAll(() => cleanUp());

test(`${SIZE.processes} concurrent forwarder processes against a healthy intake: totals exact, nothing resent`, async () => {
  const result = await runConcurrentForwarders(SIZE, intake, dir);
  const seen = tally(result, intake);

  expect(seen.invocations).toBe(SIZE.processes * SIZE.batchesPerProcess);
  expect(seen.errors).toEqual([]);
  expect(seen.thrownThenRetried).toEqual([]);
  expect(seen.incomplete).toBe(0);
  // Nothing abandoned and made again: no retry, no timeout, and the intake saw exactly the requests made.
  expect({ retries: seen.retries, timedOut: seen.requestsTimedOut, network: seen.requestsNetworkFailed, ambiguous: seen.ambiguousResends }).toEqual({
    retries: 0,
    timedOut: 0,
    network: 0,
    ambiguous: 0,
  });
  expect(seen.requestsSeen).toBe(seen.requestsMade);
  expect(seen.requestsNot202).toBe(0);
  // Exact: every batch counted once per delivery, none twice.
  for (const [name, { expected, stored }] of Object.entries(seen.totals)) expect({ name, stored }).toEqual({ name, stored: expected });
  expect(seen.batchesCounted).toBe(SIZE.processes * SIZE.batchesPerProcess);
}, 240_000);
