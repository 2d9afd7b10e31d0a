/**
 * The delivery rule: what one forwarder invocation does with the payloads Datadog did not acknowledge, round by round
 * (first the batch's data, then the forwarder's own metrics). CloudWatch delivers at least once and Lambda retries a
 * failed invocation, so a batch is all or nothing:
 *
 * - nothing acknowledged → the invocation fails so Lambda retries the whole batch (nothing can count twice), unless a
 *   durable sink (S3, FAILURE_BUCKET) keeps some of it: that stands in for the retry (which would double what it kept);
 * - part acknowledged → never fail (a retry would double-count): the rest goes to the failure sink;
 * - the event could not be decoded at all → no retry (it cannot fix it), see ship/verdict.ts.
 *
 * A payload the sink kept counts as acknowledged from then on (the replay sends it later). The sink never turns a
 * partial success into a thrown error; what a durable sink could not keep is counted for the self metrics.
 *
 * Not exact: a failed payload one of whose attempts got no answer once its body was out (FailedPayload
 * .mayHaveLanded) may already be held by Datadog. The Lambda retry of the batch or the replay resends it, and its
 * distributions may then count twice. That resend happens in another invocation, which cannot know, so
 * forwarder.ambiguous_resends does not count it; the error (or the log line) of this invocation says how many such
 * payloads there were. It is kept that way on purpose: treating them as delivered would lose them whenever the
 * connection was cut by an outage rather than by a slow Datadog, which the forwarder cannot tell apart. It takes a
 * payload that failed every attempt, the last of them after the request's full time limit, for this to happen.
 */
import type { ErrorLogger } from './ship/failure-sink.js';
import { summarise } from './ship/failure-sink.js';
import type { FailedPayload, FailureMeta, FailureSink } from './ship/types.js';
import { deliveryVerdict, Verdict } from './ship/verdict.js';
import type { PipelineOutcomeName } from './types.js';

/** Thrown when nothing of the batch was delivered, so Lambda retries the whole batch. Carries counts only. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** What the sink records beside every payload it keeps, fixed for the invocation. */
export type BatchRecord = Pick<FailureMeta, 'requestId' | 'functionName' | 'ackedPayloads' | 'ackedPoints'>;

/** The undelivered payloads of one invocation and where they went. */
export class Undelivered {
  /** Payloads the sink kept (a log-only sink keeps none). */
  stored = 0;
  /** Payloads a durable sink could not keep (the log-only sink keeps none by design, so it counts none). */
  storeErrors = 0;

  constructor(
    private readonly sink: FailureSink,
    private readonly batch: BatchRecord,
    private readonly logger: ErrorLogger,
  ) {}

  /**
   * Applies the rule to one round: `acked` payloads acknowledged so far in the invocation (stored ones included),
   * `failed` those of this round that were not. Resolves true when the invocation must fail so Lambda retries the batch.
   */
  async settle(outcome: PipelineOutcomeName, acked: number, failed: FailedPayload[]): Promise<boolean> {
    const verdict = deliveryVerdict({ outcome, acked, failed: failed.length });
    if (verdict === Verdict.RetryBatch) {
      const retry = !(await this.keptForReplay(failed));
      if (!retry) this.warnMaybeHeld(failed, 'the replay');
      return retry; // when true, the thrown error (nothingDelivered) says how many may be held
    }
    if (verdict === Verdict.KeepRest) {
      await this.keep(failed);
      if (this.sink.durable) this.warnMaybeHeld(failed, 'the replay');
    }
    return false;
  }

  /** Payloads that will be resent although Datadog may hold them already: said in the log, with counts only. */
  private warnMaybeHeld(failed: readonly FailedPayload[], resender: string): void {
    const maybeHeld = failed.filter((f) => f.mayHaveLanded);
    if (maybeHeld.length === 0) return;
    this.logger.error(`${maybeHeldPhrase(maybeHeld.length)}: ${resender} may make Datadog count them twice`, {
      undelivered: summarise(maybeHeld.map((f) => f.payload)),
      requestId: this.batch.requestId,
    });
  }

  /** Nothing acknowledged: only a durable sink may stand in for the retry, and only if it kept something. */
  private async keptForReplay(failed: FailedPayload[]): Promise<boolean> {
    const before = this.stored;
    if (this.sink.durable) await this.keep(failed);
    return this.stored > before;
  }

  private async keep(failed: FailedPayload[]): Promise<void> {
    const kept = await this.storeSafely(failed, {
      ...this.batch,
      failedPoints: failed.reduce((sum, f) => sum + f.payload.pointCount, 0),
      reasons: [describeFailures(failed)],
    });
    this.stored += kept;
    if (this.sink.durable) this.storeErrors += failed.length - kept;
  }

  /** The sink must not turn a partial success into a thrown error (a retry would double-count). */
  private async storeSafely(failed: FailedPayload[], meta: FailureMeta): Promise<number> {
    try {
      return (await this.sink.store(failed.map((f) => f.payload), meta)).stored;
    } catch (error) {
      this.logger.error('Failure sink could not store undelivered payloads', { undelivered: summarise(failed.map((f) => f.payload)), error: (error as Error).message });
      return 0;
    }
  }
}

/** The error that makes Lambda retry the batch, naming statuses and reasons only. */
export function nothingDelivered(failed: readonly FailedPayload[]): DeliveryError {
  const maybeHeld = failed.filter((f) => f.mayHaveLanded).length;
  const warning = maybeHeld > 0 ? ` (${maybeHeldPhrase(maybeHeld)}: the retry may make Datadog count them twice)` : '';
  return new DeliveryError(`Nothing was delivered to Datadog (${describeFailures(failed)}); failing so Lambda retries the batch${warning}`);
}

function maybeHeldPhrase(count: number): string {
  return `${count} undelivered payload${count === 1 ? '' : 's'} may already be held by Datadog (no answer once the body was sent)`;
}

/** e.g. "2 payloads: rejected (403), out_of_time (timeout)". Statuses and reasons only. */
function describeFailures(failed: readonly FailedPayload[]): string {
  const reasons = [...new Set(failed.map((f) => `${f.reason} (${f.lastStatus})`))];
  return `${failed.length} payload${failed.length === 1 ? '' : 's'}: ${reasons.join(', ')}`;
}
