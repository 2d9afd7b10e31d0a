/**
 * A cache key for the user's raw tag input, so each distinct input is normalised only once. The encoding is exact
 * (every piece is length-prefixed), so two inputs share a key only when they are the same tags in the same order;
 * inputs that differ but normalise alike get two keys that lead to one series.
 */
export function rawTagKey(input: unknown): string {
  if (input === undefined || input === null || typeof input !== 'object') return '';
  if (Array.isArray(input)) {
    let key = 'a';
    for (let i = 0; i < input.length; i++) {
      const tag: unknown = input[i];
      // normaliseTags drops what is not a string, so it adds nothing to the key either.
      if (typeof tag === 'string') key += tag.length + ':' + tag;
    }
    return key;
  }
  let key = 'o';
  const record = input as Record<string, unknown>;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : String(value);
    key += name.length + ':' + name + text.length + ':' + text;
  }
  return key;
}
