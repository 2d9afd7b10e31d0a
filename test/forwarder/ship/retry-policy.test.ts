import { DefaultRetryPolicy } from '../../../forwarder/ship/constants.js';
import { backoffDelayMs, decideRetry, parseRateLimitReset, requestTimeoutMs } from '../../../forwarder/ship/retry-policy.js';
import type { RetryPolicy } from '../../../forwarder/ship/types.js';

const policy: RetryPolicy = { ...DefaultRetryPolicy, maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, requestTimeoutMs: 2000, safetyMarginMs: 500, minRequestMs: 100 };
const plenty = 60_000;
const response = (status: number, rateLimitResetSeconds?: number) => ({ kind: 'response' as const, status, rateLimitResetSeconds });

describe('decideRetry', () => {
  it.each([200, 202, 204])('acks %i', (status) => {
    expect(decideRetry(response(status), 1, plenty, policy)).toEqual({ action: 'ack' });
  });

  it.each([400, 401, 403, 404, 422])('gives up at once on %i (the same request would fail again)', (status) => {
    expect(decideRetry(response(status), 1, plenty, policy)).toEqual({ action: 'give_up', reason: 'rejected' });
  });

  it('splits on 413, even on the last attempt', () => {
    expect(decideRetry(response(413), 1, plenty, policy)).toEqual({ action: 'split' });
    expect(decideRetry(response(413), policy.maxAttempts, plenty, policy)).toEqual({ action: 'split' });
  });

  it.each([
    ['500', response(500)],
    ['502', response(502)],
    ['503', response(503)],
    ['408', response(408)],
    ['a timeout', { kind: 'timeout' as const }],
    ['a dropped connection', { kind: 'network' as const, detail: 'ECONNRESET' }],
  ])('retries %s with a jittered backoff', (_label, outcome) => {
    const decision = decideRetry(outcome, 2, plenty, policy, () => 0.5);
    expect(decision).toEqual({ action: 'retry', delayMs: 100 }); // 0.5 * min(1000, 100 * 2^1)
  });

  it('honours X-RateLimit-Reset on 429 instead of the backoff', () => {
    expect(decideRetry(response(429, 3), 1, plenty, policy, () => 0.5)).toEqual({ action: 'retry', delayMs: 3000 });
    expect(decideRetry(response(429, 0.25), 1, plenty, policy, () => 0.5)).toEqual({ action: 'retry', delayMs: 250 });
  });

  it('backs off on 429 without a usable reset', () => {
    expect(decideRetry(response(429), 1, plenty, policy, () => 1)).toEqual({ action: 'retry', delayMs: 100 });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(response(500), policy.maxAttempts, plenty, policy)).toEqual({ action: 'give_up', reason: 'attempts_exhausted' });
    expect(decideRetry(response(500), policy.maxAttempts - 1, plenty, policy).action).toBe('retry');
  });

  it('does not start a retry that could not finish before the deadline minus the safety margin', () => {
    // 429 asks for 3 s; 3.5 s left leaves 0 ms after the margin.
    expect(decideRetry(response(429, 3), 1, 3500, policy)).toEqual({ action: 'give_up', reason: 'out_of_time' });
    // 3.7 s left leaves 200 ms, enough for a request of at least minRequestMs.
    expect(decideRetry(response(429, 3), 1, 3700, policy)).toEqual({ action: 'retry', delayMs: 3000 });
    expect(decideRetry(response(503), 1, policy.safetyMarginMs, policy, () => 0)).toEqual({ action: 'give_up', reason: 'out_of_time' });
  });
});

describe('backoffDelayMs', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect(backoffDelayMs(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBe(399);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(0);
  });
});

describe('requestTimeoutMs', () => {
  it('is the configured timeout while time is plenty, then what is left before the margin', () => {
    expect(requestTimeoutMs(plenty, policy)).toBe(2000);
    expect(requestTimeoutMs(1000, policy)).toBe(500);
    expect(requestTimeoutMs(policy.safetyMarginMs + policy.minRequestMs - 1, policy)).toBeUndefined();
  });
});

describe('parseRateLimitReset', () => {
  it.each([
    ['7', 7],
    ['0.5', 0.5],
    [' 2 ', 2],
    ['', undefined],
    ['soon', undefined],
    ['-1', undefined],
    [null, undefined],
  ])('%p → %p', (header, expected) => {
    expect(parseRateLimitReset(header)).toBe(expected);
  });
});
