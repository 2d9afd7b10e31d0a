/**
 * One normalised tag array per distinct tag list in a batch, for the JSON dialects: datadog-lambda points (`t`) and
 * EMF dimension sets repeat a few lists thousands of times. Each list is normalised once, and its points share the
 * array, so enrich finds their merged tag set by identity, as it does for MONITORING lines (LineTailCache), instead
 * of joining every point's tags again. The arrays are shared: nothing downstream may change them.
 */
import { normaliseTags } from '../../../emitter/grammar.js';

/** Between a list's tags in its key; a list holding it in a tag is normalised without the memo. */
const SEPARATOR = '\u0000';

export class TagLists {
  /** Distinct lists remembered per batch; past it, lists are normalised each time (still correct, only slower). */
  static readonly maxLists = 1_000;
  readonly #byKey = new Map<string, string[]>();

  /** `raw` (a tag list as a dialect wrote it) normalised: sorted, de-duplicated, Datadog's tag rules applied. */
  of(raw: readonly unknown[]): string[] {
    const key = keyOf(raw);
    if (key === undefined) return normaliseTags(raw as string[]);
    let tags = this.#byKey.get(key);
    if (tags === undefined) {
      tags = normaliseTags(raw as string[]);
      if (this.#byKey.size < TagLists.maxLists) this.#byKey.set(key, tags);
    }
    return tags;
  }
}

/** The list's tags joined, when that names it exactly (strings only, none holding the separator); else undefined. */
function keyOf(raw: readonly unknown[]): string | undefined {
  for (const tag of raw) if (typeof tag !== 'string' || tag.includes(SEPARATOR)) return undefined;
  return raw.join(SEPARATOR);
}
