/**
 * How long a request waits for its answer (patience.ts with retry-policy.ts's requestTimeoutMs), with the default
 * policy: the 20 s floor, three times the slowest recent answer above it, never past the invocation's deadline minus
 * the safety margin, nothing started with less than minRequestMs left.
 */
import { DefaultRetryPolicy } from '../../../forwarder/ship/constants.js';
import { AnswerPatience, AnswerTimes } from '../../../forwarder/ship/patience.js';
import { requestTimeoutMs } from '../../../forwarder/ship/retry-policy.js';

const policy = { ...DefaultRetryPolicy };
const MINUTE = 60_000;

describe('requestTimeoutMs with the default policy', () => {
  it('the floor is 20 s (the Datadog Agent forwarder_timeout default), not 5 s', () => {
    expect(policy.requestTimeoutMs).toBe(20_000);
    expect(requestTimeoutMs(MINUTE, policy)).toBe(20_000);
    expect(requestTimeoutMs(MINUTE, policy, 0)).toBe(20_000);
  });

  it('a 7 s answer seen recently: three times it, 21 s', () => {
    expect(requestTimeoutMs(MINUTE, policy, 7_000)).toBe(21_000);
  });

  it('answers faster than a third of the floor leave the floor', () => {
    expect(requestTimeoutMs(MINUTE, policy, 6_666)).toBe(20_000);
  });

  it('never past the invocation deadline minus the safety margin', () => {
    expect(requestTimeoutMs(MINUTE, policy, 30_000)).toBe(MINUTE - policy.safetyMarginMs);
    expect(requestTimeoutMs(5_000, policy)).toBe(5_000 - policy.safetyMarginMs);
  });

  it('with less than minRequestMs usable, no request is started', () => {
    expect(requestTimeoutMs(policy.safetyMarginMs + policy.minRequestMs, policy)).toBe(policy.minRequestMs);
    expect(requestTimeoutMs(policy.safetyMarginMs + policy.minRequestMs - 1, policy)).toBeUndefined();
    expect(requestTimeoutMs(0, policy, 7_000)).toBeUndefined();
  });
});

describe('AnswerTimes', () => {
  it('starts with nothing seen', () => {
    expect(new AnswerTimes().slowest()).toBe(0);
  });

  it('the slowest of the remembered answers', () => {
    const times = new AnswerTimes();
    for (const ms of [12, 7_000, 40]) times.record(ms);
    expect(times.slowest()).toBe(7_000);
  });

  it(`forgets a slow answer once ${AnswerPatience.remembered} newer ones came`, () => {
    const times = new AnswerTimes();
    times.record(9_000);
    for (let i = 0; i < AnswerPatience.remembered - 1; i++) times.record(10);
    expect(times.slowest()).toBe(9_000);
    times.record(10);
    expect(times.slowest()).toBe(10);
  });

  it('ignores what is not a duration', () => {
    const times = new AnswerTimes();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) times.record(ms);
    expect(times.slowest()).toBe(0);
  });
});
