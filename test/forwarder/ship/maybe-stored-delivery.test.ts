/**
 * The delivery rule (delivery.ts) for failed payloads Datadog may already hold (an attempt got no answer once its
 * body was out, FailedPayload.mayHaveLanded): they are resent like any failed payload (Lambda's retry of the batch,
 * or the replay), at least once, and the invocation says so with counts, since the invocation that resends them
 * cannot count them in forwarder.ambiguous_resends.
 */
import { nothingDelivered, Undelivered } from '../../../forwarder/delivery.js';
import type { FailedPayload, FailureSink, Payload } from '../../../forwarder/ship/types.js';
import { PipelineOutcome } from '../../../forwarder/types.js';

const payload = (pointCount: number): Payload => ({ kind: 'distributions', items: [], body: Buffer.from('x'), rawBytes: 1, pointCount });
const refused = (pointCount: number): FailedPayload => ({ payload: payload(pointCount), reason: 'attempts_exhausted', lastStatus: '503' });
const maybeHeld = (pointCount: number): FailedPayload => ({ payload: payload(pointCount), reason: 'out_of_time', lastStatus: 'timeout', mayHaveLanded: true });
const batch = { requestId: 'req-1', functionName: 'checkout-api', ackedPayloads: 0, ackedPoints: 0 };

function sink(durable: boolean): FailureSink & { kept: number[][] } {
  const kept: number[][] = [];
  return { durable, kept, store: async (payloads) => (kept.push(payloads.map((p) => p.pointCount)), { stored: durable ? payloads.length : 0 }) };
}

function logger() {
  const errors: string[] = [];
  return { errors, value: { error: (message: string) => errors.push(message) } };
}

it('nothing acknowledged, log-only sink: the retry is asked for, and its error says how many may be held', async () => {
  const log = logger();
  const undelivered = new Undelivered(sink(false), batch, log.value);
  const failed = [refused(3), maybeHeld(5)];
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, failed)).toBe(true);
  expect(nothingDelivered(failed).message).toBe(
    'Nothing was delivered to Datadog (2 payloads: attempts_exhausted (503), out_of_time (timeout)); failing so Lambda retries the batch ' +
      '(1 undelivered payload may already be held by Datadog (no answer once the body was sent): the retry may make Datadog count them twice)',
  );
  expect(log.errors).toEqual([]);
});

it('kept for replay (durable sink): kept, and the log says the replay may count them twice', async () => {
  const s3 = sink(true);
  const log = logger();
  const undelivered = new Undelivered(s3, batch, log.value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, [refused(3), maybeHeld(5), maybeHeld(4)])).toBe(false);
  expect(s3.kept).toEqual([[3, 5, 4]]);
  expect(log.errors).toEqual(['2 undelivered payloads may already be held by Datadog (no answer once the body was sent): the replay may make Datadog count them twice']);
});

it('part acknowledged, durable sink: the same warning for the replay', async () => {
  const log = logger();
  const undelivered = new Undelivered(sink(true), batch, log.value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 2, [maybeHeld(5)])).toBe(false);
  expect(log.errors).toHaveLength(1);
});

it('no payload that may be held: no warning, the error as before', async () => {
  const log = logger();
  const undelivered = new Undelivered(sink(true), batch, log.value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, [refused(3)])).toBe(false);
  expect(log.errors).toEqual([]);
  expect(nothingDelivered([refused(3)]).message).not.toMatch(/may already be held/);
});
