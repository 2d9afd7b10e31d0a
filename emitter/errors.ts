import type { RejectReasonName } from './types.js';

/** Thrown for a rejected metric call in strict mode only; in production a rejected call is counted and warned. */
export class MetricsValidationError extends Error {
  readonly reason: RejectReasonName;

  constructor(reason: RejectReasonName, message: string) {
    super(message);
    this.name = 'MetricsValidationError';
    this.reason = reason;
  }
}
