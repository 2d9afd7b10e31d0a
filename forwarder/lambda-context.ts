/**
 * What the forwarder, poller and replay Lambdas derive the same way from their configuration and their Lambda context:
 * how they ship, how their own metrics are tagged, and the account they run in. Pure.
 */
import type { Context } from 'aws-lambda';
import type { ForwarderConfig } from './config.js';
import { forwarderTags, isForwarderTag } from './enrich/tags.js';
import type { ShipOptions } from './ship/ship.js';

/** Test hooks a handler may be given: the wait between retries (a virtual clock) and the jitter source. */
export interface ShipTiming {
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/** Shipping as configured, bounded by the invocation's remaining time. */
export function shipOptionsFor(
  config: Pick<ForwarderConfig, 'baseUrl' | 'apiKey' | 'retry' | 'limits' | 'concurrency'>,
  context: Pick<Context, 'getRemainingTimeInMillis'>, timing: ShipTiming): ShipOptions {
  return {
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    policy: config.retry,
    limits: config.limits,
    concurrency: config.concurrency,
    remainingMs: () => context.getRemainingTimeInMillis(),
    ...(timing.sleep ? { sleep: timing.sleep } : {}),
    ...(timing.random ? { random: timing.random } : {}),
  };
}

/**
 * Tags of a Lambda's own metrics: DD_TAGS without the keys the Lambda sets itself, then its own function name, region
 * and account (`''` leaves the account out), sorted.
 */
export function ownMetricTags(config: Pick<ForwarderConfig, 'ddTags' | 'functionName' | 'region'>, accountId: string): string[] {
  return [...config.ddTags.filter((tag) => !isForwarderTag(tag)), ...forwarderTags(config.functionName, config.region, accountId)].sort();
}

/** The account a Lambda runs in, from its own ARN (arn:aws:lambda:region:account:function:name). */
export function accountOf(context: Pick<Context, 'invokedFunctionArn'>): string {
  return context.invokedFunctionArn?.split(':')[4] ?? '';
}
