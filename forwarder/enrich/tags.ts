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
