/**
 * What an invocation must do once its requests are answered, from CloudWatch's point of view (it delivers at least
 * once, and Lambda retries a failed asynchronous invocation twice): a batch is all or nothing.
 */
import { PipelineOutcome, type PipelineOutcomeName } from '../types.js';

export const Verdict = {
  /** Everything was delivered. */
  Delivered: 'delivered',
  /** Part was acknowledged: a retry would double-count it, so keep the rest for replay and succeed. */
  KeepRest: 'keep_rest',
  /** Nothing was acknowledged: fail the invocation so Lambda retries the whole batch (nothing can count twice). */
  RetryBatch: 'retry_batch',
  /** Nothing was acknowledged, but the event itself is unreadable: a retry cannot help, so succeed. */
  AcceptLoss: 'accept_loss',
} as const;
export type VerdictName = (typeof Verdict)[keyof typeof Verdict];

export interface DeliveryCounts {
  outcome: PipelineOutcomeName;
  /** Payloads acknowledged so far in this invocation. */
  acked: number;
  /** Payloads that could not be delivered in the step being judged. */
  failed: number;
}

export function deliveryVerdict({ outcome, acked, failed }: DeliveryCounts): VerdictName {
  if (failed === 0) return Verdict.Delivered;
  if (acked > 0) return Verdict.KeepRest;
  return outcome === PipelineOutcome.Rejected ? Verdict.AcceptLoss : Verdict.RetryBatch;
}
