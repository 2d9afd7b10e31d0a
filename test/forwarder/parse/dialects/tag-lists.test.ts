/**
 * TagLists: the JSON dialects' tag lists normalised once per batch. Equal lists share one array (what lets enrich
 * find their merged set by identity); lists that only a careless key would confuse do not; the answer is always
 * what normaliseTags gives.
 */
import fc from 'fast-check';
import { normaliseTags } from '../../../../emitter/grammar.js';
import { TagLists } from '../../../../forwarder/parse/dialects/tag-lists.js';

describe('TagLists', () => {
  it('gives what normaliseTags gives, for any list of strings and other values', () => {
    const item = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Env:Prod', 'a\u0000b', 'a', 'b', ''), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(item, { maxLength: 5 }), { maxLength: 20 }), (lists) => {
        const tagLists = new TagLists();
        for (const list of lists) expect(tagLists.of(list)).toEqual(normaliseTags(list as string[]));
      }),
      { numRuns: 300 },
    );
  });

  it('hands out one array for equal lists, and separate ones for lists that differ', () => {
    const tagLists = new TagLists();
    const first = tagLists.of(['tier:gold', 'Env:Prod']);
    expect(tagLists.of(['tier:gold', 'Env:Prod'])).toBe(first);
    expect(first).toEqual(['env:prod', 'tier:gold']);
    expect(tagLists.of(['Env:Prod', 'tier:gold'])).not.toBe(first); // another order is another key, same tags
    expect(tagLists.of(['Env:Prod', 'tier:gold'])).toEqual(first);
  });

  it('never takes a tag holding the separator for two tags', () => {
    const tagLists = new TagLists();
    expect(tagLists.of(['a', 'b'])).toEqual(['a', 'b']);
    expect(tagLists.of(['a\u0000b'])).toEqual(normaliseTags(['a\u0000b']));
    expect(tagLists.of(['a\u0000b'])).not.toEqual(['a', 'b']);
  });

  it('stops remembering past maxLists, and still answers right', () => {
    const tagLists = new TagLists();
    for (let i = 0; i < TagLists.maxLists; i++) tagLists.of([`n:${i}`]);
    const late = tagLists.of(['late:1']);
    expect(late).toEqual(['late:1']);
    expect(tagLists.of(['late:1'])).not.toBe(late); // not remembered
    expect(tagLists.of(['n:0'])).toBe(tagLists.of(['n:0'])); // remembered before the bound
  });
});
