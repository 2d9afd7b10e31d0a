/**
 * The handler's side parts, each built once per cold start and each loading its AWS SDK client only when first used
 * (a dynamic import(): the build puts it in a lazy-*.js file of its own, see scripts/lazy-chunks.mjs):
 * - the S3 failure sink (FAILURE_BUCKET), needed only after a failed delivery;
 * - per-function tags (FunctionTags: Lambda + tagging clients), needed once per function per cache TTL, chosen with
 *   the first good config; a function's first lookup is waited for within a share of the invocation's time
 *   (firstLookupWaitMs), so the first batch after a cold start ships with its tags;
 * - the API key check against Datadog (no SDK: fetch), once per cold start.
 */
import { FailureEnv } from './failures/constants.js';
import { functionRefFromLogGroup, type FunctionRef } from './enrich/function-tags-policy.js';
import { functionTagsSetup, type FunctionTagsSetup } from './enrich/function-tags-settings.js';
import { ApiKeyError, type ApiKeySetting, type ApiKeyValidation } from './secrets/api-key.js';
import type { ErrorLogger } from './ship/failure-sink.js';
import type { FailureSink } from './ship/types.js';
import type { LogBatch } from './types.js';

/** How long a lookup may hold the invocation when nothing is known yet about the function (its first lookup). */
export interface TagWait {
  firstLookupMs?: number;
}

/** What the handler needs of FunctionTags (tests may pass a FunctionTags built on other clients). */
export interface FunctionTagsSource {
  /** Never throws; waits a bounded time; may return []. */
  tagsForFunction(ref: FunctionRef, wait?: TagWait): Promise<string[]>;
  /** Errors since the last call, by kind (throttled, access_denied, timeout, other). */
  takeErrorCounts(): Record<string, number>;
}

/**
 * The S3 failure sink when FAILURE_BUCKET is set, else undefined. It is durable from the start (the handler decides on
 * that before storing anything); the S3 module and client load at the first store. A load failure is an error the
 * handler's storeSafely already counts as nothing stored.
 */
export function lazyFailureSink(env: NodeJS.ProcessEnv, logger: ErrorLogger): FailureSink | undefined {
  if (!env[FailureEnv.bucket]?.trim()) return undefined;
  let loaded: Promise<FailureSink | undefined> | undefined;
  return {
    durable: true,
    async store(payloads, meta) {
      loaded ??= import('./failures/from-env.js').then((m) => m.failureSinkFromEnv(env, logger));
      const sink = await loaded;
      if (!sink) throw new Error(`${FailureEnv.bucket} is set but the S3 failure sink could not be built`);
      return sink.store(payloads, meta);
    },
  };
}

/**
 * FunctionTags on the Lambda and tagging clients, loaded at the first lookup. If the module cannot load, the lookup
 * answers no tags and counts an `other` error: shipping never waits on tags.
 */
export function lazyFunctionTags(setup: Extract<FunctionTagsSetup, { enabled: true }>): FunctionTagsSource {
  let loading: Promise<FunctionTagsSource> | undefined;
  let source: FunctionTagsSource | undefined;
  let loadErrors = 0;
  return {
    async tagsForFunction(ref, wait) {
      try {
        loading ??= import('./aws/function-tags-client.js').then((m) => m.createFunctionTags(setup.aws));
        source = await loading;
      } catch {
        loading = undefined; // try again next invocation
        loadErrors++;
        return [];
      }
      return source.tagsForFunction(ref, wait);
    },
    takeErrorCounts() {
      const counts = source?.takeErrorCounts() ?? {};
      if (loadErrors > 0) counts.other = (counts.other ?? 0) + loadErrors;
      loadErrors = 0;
      return counts;
    },
  };
}

/**
 * Acts on the key check: `invalid` throws an ApiKeyError that names the setting the key came from (never the key);
 * `unknown` (network error, timeout, 5xx) logs a warning and lets the invocation go on, the intake will tell.
 */
export function actOnKeyCheck(check: ApiKeyValidation, setting: ApiKeySetting | undefined, logger: Pick<ErrorLogger, 'error'> & { warn(message: string, attributes: Record<string, unknown>): void }): void {
  const from = setting ?? 'the configured setting';
  if (check.status === 'invalid') {
    const message = `The Datadog API key from ${from} is not valid: ${check.detail}. Fix ${from} (or DD_SITE / DD_URL if the key belongs to another site)`;
    logger.error('Datadog API key rejected at startup', { setting: from, detail: check.detail });
    throw new ApiKeyError(message);
  }
  if (check.status === 'unknown') {
    logger.warn('Could not validate the Datadog API key; shipping anyway (the intake will answer 403 if it is wrong)', { setting: from, detail: check.detail });
  }
}

/** The tag source the deps or the environment ask for; undefined when lookups are off. Logs the choice once. */
export function chooseTagSource(
  injected: FunctionTagsSource | false | undefined,
  env: NodeJS.ProcessEnv,
  logStartup: (source: string) => void,
): FunctionTagsSource | undefined {
  if (injected === false) {
    logStartup('off (turned off by the caller)');
    return undefined;
  }
  if (injected) {
    logStartup('on (given by the caller)');
    return injected;
  }
  const setup = functionTagsSetup(env);
  logStartup(setup.enabled ? 'on' : `off: ${setup.reason}`);
  return setup.enabled ? lazyFunctionTags(setup) : undefined;
}

/**
 * The first lookup of a function waits at most this share of the time left (less the ship step's safety margin), and
 * never more than `maxMs`: the AWS clients of the side path give up by then anyway (two attempts of at most 1 s to
 * connect + 3 s to answer, aws/settings.ts), so the first batch ships with its tags unless AWS fails, and at least
 * three quarters of the time stays for shipping and its retries. (A 60 s forwarder waits up to 10 s, a 10 s one 2.25 s.)
 */
export const FirstLookupWait = {
  shareOfRemaining: 0.25,
  maxMs: 10_000,
} as const;

export function firstLookupWaitMs(remainingMs: number, safetyMarginMs: number): number {
  const share = Math.floor((remainingMs - safetyMarginMs) * FirstLookupWait.shareOfRemaining);
  return Math.max(0, Math.min(FirstLookupWait.maxMs, share));
}

/** A batch's function tags (bounded wait, never throws), and the lookup errors since the last call for the self metrics. */
export async function batchFunctionTags(
  source: FunctionTagsSource | undefined,
  batch: LogBatch,
  region: string,
  wait: TagWait = {},
): Promise<{ tags: string[]; errors: Record<string, number> }> {
  if (!source) return { tags: [], errors: {} };
  const ref = functionRefFromLogGroup(batch.logGroup, batch.owner, region); // undefined for a non-Lambda log group
  const tags = ref ? await source.tagsForFunction(ref, wait) : [];
  return { tags, errors: source.takeErrorCounts() };
}
