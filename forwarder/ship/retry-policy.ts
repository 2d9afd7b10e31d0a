/**
 * When to retry, as pure functions of (outcome, attempt, time left): the sender only carries the decisions out.
 *
 * - 2xx: delivered.   413: too large, split in half and send both halves.
 * - 429: wait X-RateLimit-Reset seconds (or back off when absent). 408, 5xx, timeouts, connection errors: back off.
 * - any other status (400, 401, 403, 404, …): the same request would fail again; give up at once.
 * Backoff is exponential with full jitter. No retry is started that could not finish before Lambda's deadline minus
 * a safety margin, so the handler always keeps time to record what was left.
 */
import { AnswerPatience } from './patience.js';
import type { AttemptOutcome, RetryDecision, RetryPolicy } from './types.js';

/** `X-RateLimit-Reset` as seconds to wait; undefined when absent or not a number of seconds. */
export function parseRateLimitReset(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. `attempt` counts attempts made, from 1. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * How long the next request may wait for its answer (patience.ts): the configured floor, or more after slow answers
 * (`slowestAnswerMs`, the slowest this process saw recently), never past the deadline minus the safety margin.
 * Undefined when too little time is left to start one.
 */
export function requestTimeoutMs(remainingMs: number, policy: RetryPolicy, slowestAnswerMs = 0): number | undefined {
  const usable = remainingMs - policy.safetyMarginMs;
  if (usable < policy.minRequestMs) return undefined;
  return Math.min(usable, Math.max(policy.requestTimeoutMs, AnswerPatience.factor * slowestAnswerMs));
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  remainingMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (outcome.kind === 'response') {
    if (outcome.status >= 200 && outcome.status < 300) return { action: 'ack' };
    if (outcome.status === 413) return { action: 'split' };
    if (!isRetryableStatus(outcome.status)) return { action: 'give_up', reason: 'rejected' };
  }
  if (attempt >= policy.maxAttempts) return { action: 'give_up', reason: 'attempts_exhausted' };

  const reset = outcome.kind === 'response' && outcome.status === 429 ? outcome.rateLimitResetSeconds : undefined;
  const delayMs = reset !== undefined && reset > 0 ? Math.ceil(reset * 1000) : backoffDelayMs(attempt, policy, random);
  if (requestTimeoutMs(remainingMs - delayMs, policy) === undefined) return { action: 'give_up', reason: 'out_of_time' };
  return { action: 'retry', delayMs };
}
