/**
 * Sends one payload to the intake (transport.ts: node:http(s), keep-alive), retrying as retry-policy.ts decides and
 * splitting on 413. Never throws: every payload ends up acked or failed in the report.
 *
 * A resend after an attempt that may have landed (no answer once the whole body was out) may make Datadog count the
 * payload twice; each one is recorded in `report.ambiguousResends` (forwarder.ambiguous_resends). The request time
 * limit (patience.ts, deadline.ts) is sized so that a healthy intake, however slow, and a starved forwarder never
 * cause one.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { ContentEncodingOf, EndpointPath, TransportFailure } from './constants.js';
import { processAnswerTimes } from './patience.js';
import { splitPayload } from './payloads.js';
import { decideRetry, requestTimeoutMs } from './retry-policy.js';
import { post } from './transport.js';
import type { AmbiguousCause, AttemptOutcome, GiveUpReason, Payload, PayloadLimits, RetryPolicy, ShipReport } from './types.js';

export interface SendOptions {
  /** e.g. https://api.datadoghq.com, or a loopback http URL for the local intake. No trailing slash. */
  baseUrl: string;
  /** Goes into the DD-API-KEY header and nowhere else. */
  apiKey: string;
  policy: RetryPolicy;
  limits: PayloadLimits;
  /** Milliseconds left before Lambda's deadline (context.getRemainingTimeInMillis). */
  remainingMs: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/**
 * A 413 halves a payload at most this many times over (64 pieces). A payload within the limits that still gets
 * 413s is not too large: the answer is wrong (a proxy, a misconfiguration), and splitting on down to single values
 * would send thousands of requests.
 */
export const MAX_SPLIT_DEPTH = 6;

export async function sendPayload(payload: Payload, options: SendOptions, report: ShipReport, splitDepth = 0): Promise<void> {
  const sleep = options.sleep ?? sleepFor;
  let lastStatus = 'not_sent';
  /** Some attempt may have been stored (not only the last: a timeout, then a refused connection). */
  let everMayHaveLanded = false;
  const fail = (reason: GiveUpReason) => report.failed.push({ payload, reason, lastStatus, ...(everMayHaveLanded ? { mayHaveLanded: true as const } : {}) });

  let mayHaveLanded: AmbiguousCause | undefined;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = requestTimeoutMs(options.remainingMs(), options.policy, processAnswerTimes.slowest());
    if (timeoutMs === undefined) return void fail('out_of_time');
    if (mayHaveLanded) report.ambiguousResends.push({ kind: payload.kind, cause: mayHaveLanded });

    const outcome = await attemptOnce(payload, options, timeoutMs);
    lastStatus = outcome.kind === 'response' ? String(outcome.status) : TransportFailure[outcome.kind === 'timeout' ? 'Timeout' : 'Network'];
    report.requests.push({ kind: payload.kind, status: lastStatus });
    mayHaveLanded = ambiguityOf(outcome);
    if (mayHaveLanded) everMayHaveLanded = true;

    const decision = decideRetry(outcome, attempt, options.remainingMs(), options.policy, options.random);
    switch (decision.action) {
      case 'ack':
        report.acked.push(payload);
        return;
      case 'retry':
        report.retries++;
        await sleep(decision.delayMs);
        continue;
      case 'split':
        if (splitDepth >= MAX_SPLIT_DEPTH) return void fail('unsplittable');
        return sendHalves(payload, options, report, splitDepth + 1, () => fail('unsplittable'));
      case 'give_up':
        return void fail(decision.reason);
    }
  }
}

/** 413: halve and send both halves, one after the other (they already hold this payload's concurrency slot). */
async function sendHalves(payload: Payload, options: SendOptions, report: ShipReport, depth: number, unsplittable: () => void): Promise<void> {
  const halves = splitPayload(payload, options.limits);
  if (!halves) return unsplittable();
  report.oversize.push(...halves.oversize);
  for (const half of halves.payloads) await sendPayload(half, options, report, depth);
}

function attemptOnce(payload: Payload, options: SendOptions, patienceMs: number): Promise<AttemptOutcome> {
  const encoding = ContentEncodingOf[payload.kind];
  return post({
    url: new URL(options.baseUrl + EndpointPath[payload.kind]),
    headers: {
      'Content-Type': 'application/json',
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
      'DD-API-KEY': options.apiKey,
    },
    body: payload.body,
    patienceMs,
    // The wall-clock limit: the invocation's deadline minus the margin, which no stall of this process extends.
    hardMs: Math.max(0, options.remainingMs() - options.policy.safetyMarginMs),
  });
}

/** Why an attempt without an answer may have landed, or undefined when it cannot have (or was answered). */
export function ambiguityOf(outcome: AttemptOutcome): AmbiguousCause | undefined {
  if (outcome.kind === 'response' || !outcome.mayHaveLanded) return undefined;
  return outcome.kind === 'timeout' ? 'timeout' : 'connection';
}
