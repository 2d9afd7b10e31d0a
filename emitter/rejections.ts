import { MetricsValidationError } from './errors.js';
import type { RejectionCounts } from './metrics-types.js';
import type { RejectReasonName } from './types.js';
import type { Warnings } from './warnings.js';

/** One rejected problem: why, and a message naming the metric. `key` makes it distinct for warn-once. */
export interface Rejection {
  readonly reason: RejectReasonName;
  readonly key: string;
  readonly message: string;
}

/** Counts rejected calls; warns once per distinct problem, or throws in strict mode. */
export class Rejections {
  private total = 0;
  private readonly byReason: Partial<Record<RejectReasonName, number>> = {};

  constructor(
    private readonly warnings: Warnings,
    private readonly strict: boolean,
  ) {}

  record(rejection: Rejection): void {
    this.total++;
    this.byReason[rejection.reason] = (this.byReason[rejection.reason] ?? 0) + 1;
    if (this.strict) throw new MetricsValidationError(rejection.reason, rejection.message);
    this.warnings.once(rejection.key, () => `metric call rejected (${rejection.reason}): ${rejection.message}`);
  }

  counts(): RejectionCounts {
    return { total: this.total, byReason: { ...this.byReason } };
  }
}

/** Text for a value a caller passed, for messages; never throws (a value's own toString might). */
export function describeValue(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `<${typeof value}>`;
  }
}
