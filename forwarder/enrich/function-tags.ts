/**
 * Per-function tags for enrich: the function's AWS resource tags (Resource Groups Tagging API) and its settings
 * (`memorysize:`, `architecture:`, `runtime:` from GetFunctionConfiguration), Datadog-normalised, cached in memory
 * for a TTL plus jitter.
 *
 * Never in the way of shipping: a throttle, a denied permission, a timeout or any other error returns the tags known
 * so far (possibly none), is counted (errorCounts), and the source backs off before it is asked again. The two
 * sources are cached apart, so one failing does not hide the other. A slow fetch is waited for at most
 * policy.fetchTimeoutMs, or, when nothing is known yet about a function (its first lookup, typically the forwarder's
 * first batch after a cold start), for as long as the caller allows (`firstLookupMs`); either way it still completes
 * in the background and fills the cache for the next invocation.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import pLimit from 'p-limit';
import { fetchFunctionSettings, fetchResourceTags } from '../aws/function-info.js';
import {
  afterFailure,
  afterSuccess,
  classifyFetchError,
  DEFAULT_TAG_CACHE_POLICY,
  FetchErrorKind,
  functionArn,
  needsFetch,
  resourceTagsToDatadog,
  settingsToDatadog,
  type CacheEntry,
  type FetchErrorKindName,
  type FunctionRef,
  type TagCachePolicy,
} from './function-tags-policy.js';

export interface FunctionTagsDeps {
  tagging: Pick<ResourceGroupsTaggingAPIClient, 'send'>;
  lambda: Pick<LambdaClient, 'send'>;
  policy?: Partial<TagCachePolicy>;
  /** Epoch ms. */
  now?: () => number;
  /** [0, 1), for jitter. */
  random?: () => number;
  /** GetFunctionConfiguration calls in flight at once. */
  concurrency?: number;
}

export type ErrorCounts = Record<FetchErrorKindName, number>;

const emptyCounts = (): ErrorCounts => ({ throttled: 0, access_denied: 0, timeout: 0, other: 0 });

/** How many functions the cache remembers, and how long past its refresh time an entry not asked for again is kept. */
export const CacheBounds = { maxFunctions: 2_000, dropAfterMs: 60 * 60_000 } as const;

export class FunctionTags {
  readonly #deps: FunctionTagsDeps;
  readonly #policy: TagCachePolicy;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #limit: ReturnType<typeof pLimit>;
  /** By function ARN. */
  readonly #resourceTags = new Map<string, CacheEntry>();
  readonly #settingTags = new Map<string, CacheEntry>();
  /** Fetches under way, by `<source>:<arn>`, so concurrent invocations of tagsFor ask AWS once. */
  readonly #inFlight = new Map<string, Promise<void>>();
  #errors: ErrorCounts = emptyCounts();

  constructor(deps: FunctionTagsDeps) {
    this.#deps = deps;
    this.#policy = { ...DEFAULT_TAG_CACHE_POLICY, ...deps.policy };
    this.#now = deps.now ?? Date.now;
    this.#random = deps.random ?? Math.random;
    this.#limit = pLimit(deps.concurrency ?? 4);
  }

  /** Tags for one function (sorted; possibly empty). */
  async tagsForFunction(ref: FunctionRef, wait: { firstLookupMs?: number } = {}): Promise<string[]> {
    return (await this.tagsFor([ref], wait)).get(functionArn(ref)) ?? [];
  }

  /** Tags per function ARN for every function given. Never throws. */
  async tagsFor(refs: readonly FunctionRef[], wait: { firstLookupMs?: number } = {}): Promise<Map<string, string[]>> {
    const arns = [...new Set(refs.map(functionArn))];
    const firstLookup = arns.some((arn) => !this.#resourceTags.has(arn) || !this.#settingTags.has(arn));
    const pending = [...this.#refreshResourceTags(arns), ...this.#refreshSettingTags(arns)];
    const limitMs = firstLookup ? Math.max(wait.firstLookupMs ?? 0, this.#policy.fetchTimeoutMs) : this.#policy.fetchTimeoutMs;
    if (pending.length > 0) await this.#waitAtMost(Promise.all(pending), limitMs);

    const result = new Map<string, string[]>();
    for (const arn of arns) {
      const tags = new Set([...(this.#resourceTags.get(arn)?.tags ?? []), ...(this.#settingTags.get(arn)?.tags ?? [])]);
      result.set(arn, [...tags].sort());
    }
    return result;
  }

  /** Errors counted since the last takeErrorCounts(), by kind. */
  errorCounts(): Readonly<ErrorCounts> {
    return { ...this.#errors };
  }

  /** The counts, reset (for the forwarder's self metrics, once per invocation). */
  takeErrorCounts(): ErrorCounts {
    const counts = this.#errors;
    this.#errors = emptyCounts();
    return counts;
  }

  /**
   * Stores an entry as the newest (a Map keeps insertion order) and drops the oldest past CacheBounds: a forwarder
   * serving thousands of functions over weeks keeps a bounded cache, never one entry per function it ever saw.
   */
  #remember(cache: Map<string, CacheEntry>, arn: string, entry: CacheEntry): void {
    cache.delete(arn);
    cache.set(arn, entry);
    const staleBefore = this.#now() - CacheBounds.dropAfterMs;
    for (const [oldest, { refreshAt }] of cache) {
      if (cache.size <= CacheBounds.maxFunctions && refreshAt >= staleBefore) break;
      cache.delete(oldest);
    }
  }

  /** One batched GetResources for every ARN that is due and not already being fetched. */
  #refreshResourceTags(arns: readonly string[]): Array<Promise<void>> {
    const waiting = arns.map((arn) => this.#inFlight.get(`tags:${arn}`)).filter((p): p is Promise<void> => p !== undefined);
    const due = arns.filter((arn) => !this.#inFlight.has(`tags:${arn}`) && needsFetch(this.#resourceTags.get(arn), this.#now()));
    if (due.length === 0) return waiting;

    const fetch = fetchResourceTags(this.#deps.tagging, due).then(
      (byArn) => {
        for (const [arn, tags] of byArn) this.#remember(this.#resourceTags, arn, afterSuccess(resourceTagsToDatadog(tags), this.#now(), this.#policy, this.#random));
      },
      (error: unknown) => {
        const kind = this.#count(error);
        for (const arn of due) this.#remember(this.#resourceTags, arn, afterFailure(this.#resourceTags.get(arn), kind, this.#now(), this.#policy, this.#random));
      },
    );
    const tracked = fetch.finally(() => due.forEach((arn) => this.#inFlight.delete(`tags:${arn}`)));
    for (const arn of due) this.#inFlight.set(`tags:${arn}`, tracked);
    return [...waiting, tracked];
  }

  /** One GetFunctionConfiguration per due ARN, a few at a time. */
  #refreshSettingTags(arns: readonly string[]): Array<Promise<void>> {
    return arns.flatMap((arn) => {
      const key = `settings:${arn}`;
      const running = this.#inFlight.get(key);
      if (running) return [running];
      if (!needsFetch(this.#settingTags.get(arn), this.#now())) return [];
      const fetch = this.#limit(() => fetchFunctionSettings(this.#deps.lambda, arn)).then(
        (settings) => {
          const tags = settings ? settingsToDatadog(settings) : [];
          this.#remember(this.#settingTags, arn, afterSuccess(tags, this.#now(), this.#policy, this.#random));
        },
        (error: unknown) => {
          const kind = this.#count(error);
          this.#remember(this.#settingTags, arn, afterFailure(this.#settingTags.get(arn), kind, this.#now(), this.#policy, this.#random));
        },
      );
      const tracked = fetch.finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, tracked);
      return [tracked];
    });
  }

  #count(error: unknown): FetchErrorKindName {
    const kind = classifyFetchError(error);
    this.#errors[kind]++;
    return kind;
  }

  /** Waits for the fetches, or `limitMs`, whichever is first (a timeout is counted). */
  async #waitAtMost(work: Promise<unknown>, limitMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
      timer.unref?.();
    });
    const outcome = await Promise.race([work.then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.#errors[FetchErrorKind.Timeout]++;
  }
}
