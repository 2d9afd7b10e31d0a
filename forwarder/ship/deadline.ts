/**
 * A request's time limit that does not mistake a starved event loop for a slow server.
 *
 * Why: when this process gets no CPU for a while (a hundred forwarders sharing two cores, a long GC, our own
 * synchronous work), a plain `setTimeout(abort, limit)` fires late, and on waking libuv runs timers BEFORE it reads
 * the sockets: the abort wins against an answer that has been waiting in the socket for seconds. The request is
 * abandoned, resent, and Datadog stores the payload twice.
 *
 * How: the limit counts only the time this process was awake to hear an answer. A light timer ticks every TickMs;
 * a tick that fires late measures a stall (the event loop could not run: no CPU, or blocked), and the stall is not
 * charged to the server. When the server has had its `patienceMs` of awake time, or the wall-clock `hardMs` (the
 * invocation's own deadline, which no stall extends) has passed, expiry waits one more turn of the event loop
 * (setImmediate runs after the I/O poll), so an answer already in the socket is read first and stops the deadline.
 */
export const DeadlineTiming = {
  /** How often the loop's lateness is sampled. A stall is measured to within one tick; ten timers a second cost nothing. */
  TickMs: 100,
} as const;

export interface DeadlineOptions {
  /** Awake time the server is given to answer. */
  patienceMs: number;
  /** Wall-clock time after which the request is abandoned whatever the stalls (never past the invocation's deadline). */
  hardMs: number;
  /** Called once, when the deadline expires without having been stopped. */
  onExpire: () => void;
  /** Monotonic milliseconds (performance.now); tests pass their own. */
  clock?: () => number;
}

export interface Deadline {
  /** The answer came (or the request ended otherwise): nothing more will fire. */
  stop(): void;
  /** Wall-clock milliseconds the event loop could not run since the start (not charged to the server). */
  readonly stalledMs: number;
  /** Awake milliseconds since the start: what the server has had so far. */
  awakeMs(): number;
}

export function startDeadline(options: DeadlineOptions): Deadline {
  const clock = options.clock ?? (() => performance.now());
  const startedAt = clock();
  let expectedAt = startedAt;
  let stalled = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let stopped = false;

  const schedule = (now: number) => {
    const wall = now - startedAt;
    const awake = wall - stalled;
    if (awake >= options.patienceMs || wall >= options.hardMs) {
      immediate = setImmediate(() => {
        if (!stopped) {
          stopped = true;
          options.onExpire();
        }
      });
      return;
    }
    const next = Math.max(1, Math.min(DeadlineTiming.TickMs, options.patienceMs - awake, options.hardMs - wall));
    expectedAt = now + next;
    timer = setTimeout(tick, next);
  };
  const tick = () => {
    const now = clock();
    if (now > expectedAt) stalled += now - expectedAt; // fired late: the loop could not run for that long
    schedule(now);
  };
  schedule(startedAt);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
    get stalledMs() {
      return stalled;
    },
    awakeMs: () => clock() - startedAt - stalled,
  };
}
