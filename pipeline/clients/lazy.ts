/**
 * One AWS client, created on first use (a cold start pays only for what its handler calls) and reused after.
 * Tests may put a fake in its place (see index.ts).
 */
export interface LazyClient<T> {
  get(): T;
  /** Tests only: use `fake` instead (undefined: back to the real client, made afresh, since the env may have changed). */
  replaceForTests(fake: T | undefined): void;
}

export function lazyClient<T>(create: () => T): LazyClient<T> {
  let made: T | undefined;
  let fake: T | undefined;
  return {
    get: () => fake ?? (made ??= create()),
    replaceForTests: (replacement) => {
      fake = replacement;
      made = undefined;
    },
  };
}
