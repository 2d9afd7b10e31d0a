/** Helpers shared by the emitter tests. */
import { parseLine } from '../../emitter/grammar.js';
import type { MonitoringPoint } from '../../emitter/types.js';

/**
 * Datadog's rule for a tag, written out independently of the grammar module (a letter first; then letters, digits
 * and _ - : . /; at most 200 characters; lowercase; no trailing _), so the property tests check against the rule and
 * not against the code under test.
 */
export function isLegalTag(tag: string): boolean {
  return tag.length >= 1 && tag.length <= 200 && !tag.endsWith('_') && tag === tag.toLowerCase() && /^\p{L}[\p{L}\p{N}_\-:./]*$/u.test(tag);
}

/** A place output goes, kept for reading. */
export class Capture {
  readonly writes: string[] = [];
  readonly write = (text: string): void => {
    this.writes.push(text);
  };

  /** Every written line, parsed; fails the test on a line the grammar does not accept. */
  points(): MonitoringPoint[] {
    return this.writes
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const parsed = parseLine(line);
        if (!parsed.ok) throw new Error(`unparseable line ${JSON.stringify(line)}: ${parsed.detail}`);
        return parsed.point;
      });
  }
}

/** A clock the test moves by hand; epoch milliseconds. */
export class FakeClock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = (): number => this.ms;
  get second(): number {
    return Math.floor(this.ms / 1000);
  }
}

/** Resolves once `condition` holds, checking every few ms; fails after `limitMs` (a bound, not a timing assertion). */
export async function waitFor(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise with its resolve function outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A Lambda context with a deadline `remainingMs` from now. */
export function lambdaContext(remainingMs: number): { getRemainingTimeInMillis: () => number; callbackWaitsForEmptyEventLoop: boolean } {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now(), callbackWaitsForEmptyEventLoop: false };
}
