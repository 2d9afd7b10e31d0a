/**
 * How long a request waits for Datadog's answer. A request that got no answer once its body was sent may have been
 * stored: sending it again may count it twice (distributions add up). So the wait is sized to outlast a slow but
 * healthy intake, not to detect a dead one quickly:
 *
 * - a floor of 20 s (RetryPolicy.requestTimeoutMs, FORWARDER_REQUEST_TIMEOUT_MS): the Datadog Agent's own
 *   `forwarder_timeout` default for requests to the intake; answers of 12 s have been seen from it under load
 *   (Vector's datadog_metrics sink waits 60 s);
 * - more when this process has seen Datadog answer slowly: AnswerPatience.factor × the slowest of the last
 *   AnswerPatience.remembered answers (awake time, see deadline.ts), remembered across warm invocations;
 * - never past the invocation's deadline minus the safety margin (context.getRemainingTimeInMillis): a longer wait
 *   only moves the problem to Lambda's timeout.
 *
 * A dead connection is still noticed: a refused or reset connection fails at once, whatever the wait.
 */
export const AnswerPatience = {
  /** Recent answers remembered (a ring). */
  remembered: 32,
  /** A request is given this many times the slowest recent answer when that exceeds the floor. */
  factor: 3,
} as const;

/** The answer times (ms from sending to the status line) this process saw most recently. */
export class AnswerTimes {
  readonly #times: number[] = [];
  #next = 0;

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    if (this.#times.length < AnswerPatience.remembered) this.#times.push(ms);
    else this.#times[this.#next] = ms;
    this.#next = (this.#next + 1) % AnswerPatience.remembered;
  }

  /** The slowest remembered answer, 0 when none. */
  slowest(): number {
    let slowest = 0;
    for (const ms of this.#times) if (ms > slowest) slowest = ms;
    return slowest;
  }
}

/** One per process: a warm Lambda container keeps what it learned about the intake from one invocation to the next. */
export const processAnswerTimes = new AnswerTimes();
