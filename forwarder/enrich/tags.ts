/**
 * The tags the forwarder adds. `functionname`, `region` and `account_id` are the forwarder's own: whatever a line,
 * DD_TAGS or a function tag says under those keys is dropped first, so they can never be forged or doubled.
 */
import { normaliseTag, tagKey } from '../../emitter/grammar.js';

export const ForwarderTagKey = {
  FunctionName: 'functionname',
  Region: 'region',
  AccountId: 'account_id',
} as const;

const FORWARDER_KEYS: ReadonlySet<string> = new Set(Object.values(ForwarderTagKey));

export function isForwarderTag(tag: string): boolean {
  return FORWARDER_KEYS.has(tagKey(tag));
}

/** `functionname:<fn>`, `region:<region>`, `account_id:<owner>`, normalised (empty values left out). */
export function forwarderTags(functionName: string, region: string, accountId: string): string[] {
  const pairs: Array<[string, string]> = [
    [ForwarderTagKey.FunctionName, functionName],
    [ForwarderTagKey.Region, region],
    [ForwarderTagKey.AccountId, accountId],
  ];
  const tags: string[] = [];
  for (const [key, value] of pairs) {
    if (value === '') continue;
    const tag = normaliseTag(`${key}:${value}`);
    if (tag !== '') tags.push(tag);
  }
  return tags;
}

/** DD_TAGS as configured: `env:prod,team:payments` (comma separated) or an already split list. Normalised. */
export function parseTagList(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return [];
  const raw = typeof input === 'string' ? input.split(',') : input;
  const out = new Set<string>();
  for (const item of raw) {
    const tag = normaliseTag(item.trim());
    if (tag !== '') out.add(tag);
  }
  return [...out];
}

/**
 * Layers tag lists, most specific last: a later layer's keys replace an earlier layer's tags with the same key (a
 * line's `env:dev` wins over DD_TAGS' `env:prod`); keyless tags just add up. Forwarder keys are removed from every
 * layer. Returns sorted, de-duplicated tags.
 */
export function layerTags(layers: ReadonlyArray<readonly string[]>): string[] {
  const byKey = new Map<string, Set<string>>();
  for (const layer of layers) {
    const seenInLayer = new Set<string>();
    for (const tag of layer) {
      if (isForwarderTag(tag)) continue;
      const key = tag.includes(':') ? tagKey(tag) : tag;
      if (!seenInLayer.has(key)) {
        seenInLayer.add(key);
        byKey.set(key, new Set()); // this layer takes the key over
      }
      byKey.get(key)?.add(tag);
    }
  }
  const out: string[] = [];
  for (const tags of byKey.values()) out.push(...tags);
  return out.sort();
}

/**
 * Tags only platform metrics carry, as Datadog's enhanced metrics carry them: `aws_account` (the owner, beside the
 * forwarder's `account_id`), `resource` and `executedversion`. The log stream names the version that ran
 * (`2025/01/15/[$LATEST]…`, `…/[12]…`): `$LATEST` gives `resource:<function>`; a published version N gives
 * `resource:<function>:N` and `executedversion:N`. (An alias is not in the logs: where Datadog's library, seeing the
 * invoked ARN, writes `resource:<function>:<alias>`, this one writes the version.) `cold_start` is per invocation
 * (aggregate). None of them can come from a line, DD_TAGS or a function tag.
 */
export const PlatformTagKey = {
  AwsAccount: 'aws_account',
  Resource: 'resource',
  ExecutedVersion: 'executedversion',
  ColdStart: 'cold_start',
} as const;

const PLATFORM_KEYS: ReadonlySet<string> = new Set(Object.values(PlatformTagKey));

export function isPlatformTag(tag: string): boolean {
  return PLATFORM_KEYS.has(tagKey(tag));
}

/** The version in a Lambda log stream name (`$LATEST` or a number), or undefined for another stream name. */
export function versionOfLogStream(logStream: string): string | undefined {
  return /^\d{4}\/\d{2}\/\d{2}\/\[(\$LATEST|\d+)\]/.exec(logStream)?.[1];
}

/** `aws_account`, `resource` and (for a published version) `executedversion` of one batch, normalised. */
export function platformOwnTags(batch: { functionName: string; owner: string; logStream: string }): string[] {
  const version = versionOfLogStream(batch.logStream);
  const published = version !== undefined && version !== '$LATEST';
  const raw = [
    batch.owner === '' ? '' : `${PlatformTagKey.AwsAccount}:${batch.owner}`,
    `${PlatformTagKey.Resource}:${published ? `${batch.functionName}:${version}` : batch.functionName}`,
    published ? `${PlatformTagKey.ExecutedVersion}:${version}` : '',
  ];
  return raw.filter((tag) => tag !== '').map(normaliseTag).filter((tag) => tag !== '');
}
