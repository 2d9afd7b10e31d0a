/**
 * Sends one payload to the intake with Node's built-in fetch (undici, keep-alive by default), retrying as
 * retry-policy.ts decides and splitting on 413. Never throws: every payload ends up acked or failed in the report.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { ContentEncodingOf, EndpointPath, TransportFailure } from './constants.js';
import { splitPayload } from './payloads.js';
import { decideRetry, parseRateLimitReset, requestTimeoutMs } from './retry-policy.js';
import type { AttemptOutcome, GiveUpReason, Payload, PayloadLimits, RetryPolicy, ShipReport } from './types.js';

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
  const fail = (reason: GiveUpReason) => report.failed.push({ payload, reason, lastStatus });

  for (let attempt = 1; ; attempt++) {
    const timeoutMs = requestTimeoutMs(options.remainingMs(), options.policy);
    if (timeoutMs === undefined) return void fail('out_of_time');

    const outcome = await attemptOnce(payload, options, timeoutMs);
    lastStatus = outcome.kind === 'response' ? String(outcome.status) : TransportFailure[outcome.kind === 'timeout' ? 'Timeout' : 'Network'];
    report.requests.push({ kind: payload.kind, status: lastStatus });

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

async function attemptOnce(payload: Payload, options: SendOptions, timeoutMs: number): Promise<AttemptOutcome> {
  try {
    const encoding = ContentEncodingOf[payload.kind];
    const response = await fetch(options.baseUrl + EndpointPath[payload.kind], {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
        'DD-API-KEY': options.apiKey,
      },
      body: payload.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the body so the keep-alive connection is reusable; the status alone decides.
    await response.arrayBuffer().catch(() => undefined);
    return {
      kind: 'response',
      status: response.status,
      rateLimitResetSeconds: parseRateLimitReset(response.headers.get('x-ratelimit-reset')),
    };
  } catch (error) {
    return describeFailure(error);
  }
}

/** A fetch rejection as an outcome. Only the error's name and code are kept: never a header or a URL. */
function describeFailure(error: unknown): AttemptOutcome {
  const err = error as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return { kind: 'timeout' };
  return { kind: 'network', detail: err?.cause?.code ?? err?.name ?? 'unknown' };
}
