/**
 * The pure half of function tags: which function a log group belongs to, how AWS tags and settings become Datadog
 * tags, and the cache policy (fresh for a TTL plus jitter; after an error, keep what is known and back off).
 * No I/O here; forwarder/enrich/function-tags.ts does the fetching.
 */
import { normaliseTag } from '../../emitter/grammar.js';

/** One Lambda function, as the forwarder knows it from a log batch. `name` keeps its case (ARNs are case-sensitive). */
export interface FunctionRef {
  name: string;
  /** The account that owns the log group (the batch's `owner`). */
  account: string;
  region: string;
}

export const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/** The function behind a `/aws/lambda/<name>` log group, or undefined for any other log group. */
export function functionRefFromLogGroup(logGroup: string, account: string, region: string): FunctionRef | undefined {
  if (!logGroup.startsWith(LAMBDA_LOG_GROUP_PREFIX)) return undefined;
  const name = logGroup.slice(LAMBDA_LOG_GROUP_PREFIX.length);
  // Function names: letters, digits, - and _; a Lambda@Edge group is `/aws/lambda/us-east-1.<name>` (not ours to tag).
  if (!/^[A-Za-z0-9_-]{1,140}$/.test(name)) return undefined;
  return { name, account, region };
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The unqualified function ARN (the one the tagging API answers with). */
export function functionArn(ref: FunctionRef): string {
  return `arn:${partitionOf(ref.region)}:lambda:${ref.region}:${ref.account}:function:${ref.name}`;
}

/** `{Team: 'Payments'}` → `['team:payments']`: Datadog-normalised, sorted, de-duplicated; an empty value gives the key alone. */
export function resourceTagsToDatadog(tags: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tags)) {
    const tag = normaliseTag(value === '' ? key : `${key}:${value}`);
    if (tag !== '') out.add(tag);
  }
  return [...out].sort();
}

/** What GetFunctionConfiguration tells that is worth a tag. */
export interface FunctionSettings {
  memorySizeMb?: number;
  architecture?: string;
  /** Missing for container-image functions. */
  runtime?: string;
}

export const SettingTagKey = {
  MemorySize: 'memorysize',
  Architecture: 'architecture',
  Runtime: 'runtime',
} as const;

export function settingsToDatadog(settings: FunctionSettings): string[] {
  const raw: string[] = [];
  if (settings.memorySizeMb !== undefined) raw.push(`${SettingTagKey.MemorySize}:${settings.memorySizeMb}`);
  if (settings.architecture) raw.push(`${SettingTagKey.Architecture}:${settings.architecture}`);
  if (settings.runtime) raw.push(`${SettingTagKey.Runtime}:${settings.runtime}`);
  return raw.map(normaliseTag).filter((tag) => tag !== '').sort();
}

/** The architecture named by an `architecture:<arch>` tag (for the cost estimate), if any. */
export function architectureFromTags(tags: readonly string[]): string | undefined {
  const prefix = `${SettingTagKey.Architecture}:`;
  return tags.find((tag) => tag.startsWith(prefix))?.slice(prefix.length);
}

// ---- Errors ----

export const FetchErrorKind = {
  Throttled: 'throttled',
  AccessDenied: 'access_denied',
  Timeout: 'timeout',
  Other: 'other',
} as const;
export type FetchErrorKindName = (typeof FetchErrorKind)[keyof typeof FetchErrorKind];

const THROTTLE_NAMES = new Set(['ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);
const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnrecognizedClientException']);

export function classifyFetchError(error: unknown): FetchErrorKindName {
  if (!(error instanceof Error)) return FetchErrorKind.Other;
  const retryable = (error as { $retryable?: { throttling?: boolean } }).$retryable;
  if (THROTTLE_NAMES.has(error.name) || retryable?.throttling) return FetchErrorKind.Throttled;
  if (DENIED_NAMES.has(error.name)) return FetchErrorKind.AccessDenied;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return FetchErrorKind.Timeout;
  return FetchErrorKind.Other;
}

// ---- Cache policy ----

export interface TagCachePolicy {
  /** How long an answer is used before asking again. */
  ttlMs: number;
  /** Up to this share of the TTL is added at random, so containers started together do not refresh together. */
  jitterRatio: number;
  /** First wait after an error; doubles with each consecutive error up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a fetch may hold up an invocation; after that the known tags are used and the fetch finishes later. */
  fetchTimeoutMs: number;
}

export const DEFAULT_TAG_CACHE_POLICY: TagCachePolicy = Object.freeze({
  ttlMs: 300_000,
  jitterRatio: 0.1,
  retryBaseMs: 15_000,
  retryMaxMs: 300_000,
  fetchTimeoutMs: 2_000,
});

/** What the cache holds for one function and one source (resource tags, or settings). */
export interface CacheEntry {
  /** The last tags known; kept through errors (a stale tag beats no tag). */
  tags: string[];
  /** Epoch ms after which the next request asks AWS again. */
  refreshAt: number;
  /** Errors in a row since the last success. */
  failures: number;
}

export function needsFetch(entry: CacheEntry | undefined, now: number): boolean {
  return entry === undefined || now >= entry.refreshAt;
}

/** `random` returns [0, 1) like Math.random; injected so tests are exact. */
export function afterSuccess(tags: string[], now: number, policy: TagCachePolicy, random: () => number): CacheEntry {
  return { tags, refreshAt: now + policy.ttlMs + Math.floor(random() * policy.jitterRatio * policy.ttlMs), failures: 0 };
}

/**
 * After an error: the known tags stay; the next attempt waits retryBaseMs × 2^(failures−1), capped at retryMaxMs,
 * with the same jitter. Access denied waits the maximum at once (a permission does not fix itself in seconds).
 */
export function afterFailure(
  previous: CacheEntry | undefined,
  kind: FetchErrorKindName,
  now: number,
  policy: TagCachePolicy,
  random: () => number,
): CacheEntry {
  const failures = (previous?.failures ?? 0) + 1;
  const exponential = policy.retryBaseMs * 2 ** Math.min(failures - 1, 30);
  const wait = kind === FetchErrorKind.AccessDenied ? policy.retryMaxMs : Math.min(exponential, policy.retryMaxMs);
  return { tags: previous?.tags ?? [], refreshAt: now + wait + Math.floor(random() * policy.jitterRatio * wait), failures };
}
