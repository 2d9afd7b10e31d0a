/**
 * The request deadline on real timers and a really starved event loop (a synchronous busy-wait): the stall is not
 * charged to the server, the wall-clock limit still holds, and stop() silences it. The assertions are on what the
 * deadline measured and on whether it expired, never on how long the test took: a loaded machine only makes the
 * stalls longer, which these bounds allow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineTiming, startDeadline } from '../../../forwarder/ship/deadline.js';

/** Keeps the event loop from running for `ms` (what a hundred forwarders on two cores do to each one). */
function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** Lets the event loop run timers, I/O and immediates a few times over. */
async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A deadline whose expiry resolves a promise. */
function watched(patienceMs: number, hardMs: number) {
  let expired = false;
  let resolveExpiry: () => void = () => undefined;
  const expiry = new Promise<void>((resolve) => (resolveExpiry = resolve));
  const deadline = startDeadline({
    patienceMs,
    hardMs,
    onExpire: () => {
      expired = true;
      resolveExpiry();
    },
  });
  return { deadline, expiry, expired: () => expired };
}

it('a busy-wait longer than the patience is not charged: no expiry on waking, expiry once the server had its awake time', async () => {
  const patienceMs = 300;
  const { deadline, expiry, expired } = watched(patienceMs, 60_000);
  busyWait(1_000); // more than three times the patience, with the loop unable to run
  await turns();
  // A plain setTimeout(abort, 300) would have fired here, on waking, before any socket was read.
  expect(expired()).toBe(false);
  expect(deadline.stalledMs).toBeGreaterThanOrEqual(1_000 - DeadlineTiming.TickMs - 50);
  expect(deadline.awakeMs()).toBeLessThan(patienceMs);

  await expiry;
  expect(deadline.awakeMs()).toBeGreaterThanOrEqual(patienceMs);
});

it('without a stall it expires once the patience is spent', async () => {
  const { deadline, expiry } = watched(250, 60_000);
  await expiry;
  expect(deadline.awakeMs()).toBeGreaterThanOrEqual(250);
  // Timer lateness on a busy machine is charged as a stall too, so only the sum is certain.
  expect(deadline.awakeMs() + deadline.stalledMs).toBeGreaterThanOrEqual(250);
});

it('the wall-clock limit (the invocation deadline) is not extended by a stall', async () => {
  const { deadline, expiry, expired } = watched(60_000, 200);
  busyWait(600);
  await expiry;
  expect(expired()).toBe(true);
  expect(deadline.awakeMs()).toBeLessThan(60_000);
});

it('stop() before the limit: it never fires', async () => {
  const { deadline, expired } = watched(100, 200);
  deadline.stop();
  await sleep(400);
  expect(expired()).toBe(false);
});

it('stop() after the limit was reached but before the expiry ran (an answer read in the same turn) wins', async () => {
  const { deadline, expired } = watched(1, 60_000);
  // Due in the same timers phase as the deadline's tick, after it: the tick finds the patience spent and schedules
  // the expiry for after the I/O poll; stopping before that (as a response read in the poll phase does) cancels it.
  const stopped = new Promise<void>((resolve) =>
    setTimeout(() => {
      deadline.stop();
      resolve();
    }, 1),
  );
  busyWait(50);
  await stopped;
  await turns();
  await sleep(50);
  expect(expired()).toBe(false);
});

it('counts with the clock it is given (no real time needed to check the arithmetic)', () => {
  let now = 1_000;
  const deadline = startDeadline({ patienceMs: 10_000, hardMs: 20_000, onExpire: () => undefined, clock: () => now });
  now += 3_000;
  expect(deadline.awakeMs()).toBe(3_000);
  expect(deadline.stalledMs).toBe(0);
  deadline.stop();
});
