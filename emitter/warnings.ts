import { EmitterDefaults } from './constants.js';
import type { OutputFn } from './metrics-types.js';

const PREFIX = 'lambda-dd-metrics: ';

/**
 * Writes each distinct warning once. A loop that makes the same mistake a million times writes one line; a loop over
 * ever-new mistakes stops after `limit` distinct lines and says so.
 */
export class Warnings {
  private readonly seen = new Set<string>();
  private suppressed = false;

  constructor(
    private readonly write: OutputFn,
    private readonly limit: number = EmitterDefaults.maxDistinctWarnings,
  ) {}

  /** `key` names the problem (what makes it distinct); `message` is built only when the warning is written. */
  once(key: string, message: () => string): void {
    if (this.suppressed || this.seen.has(key)) return;
    if (this.seen.size >= this.limit) {
      this.suppressed = true;
      this.emit(`more than ${this.limit} distinct warnings; further ones are suppressed`);
      return;
    }
    this.seen.add(key);
    this.emit(message());
  }

  private emit(text: string): void {
    try {
      this.write(`${PREFIX}${text}\n`);
    } catch {
      // A broken stderr must not break the handler; there is nowhere left to report it.
    }
  }
}
