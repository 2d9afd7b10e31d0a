/**
 * The delivery rule on its own, with in-memory failure sinks (a sink is an interface the handler is given; the S3 one
 * is exercised against moto in failures/store-replay.test.ts and the whole rule through the handler in faults.test.ts).
 */
import { nothingDelivered, Undelivered } from '../../forwarder/delivery.js';
import type { FailedPayload, FailureMeta, FailureSink, Payload } from '../../forwarder/ship/types.js';
import { PipelineOutcome } from '../../forwarder/types.js';

const payload = (pointCount: number): Payload => ({ kind: 'distributions', items: [], body: Buffer.from('x'), rawBytes: 1, pointCount });
const failed = (pointCount: number, lastStatus = '500'): FailedPayload => ({ payload: payload(pointCount), reason: 'attempts_exhausted', lastStatus });
const batch = { requestId: 'req-1', functionName: 'checkout-api', ackedPayloads: 2, ackedPoints: 30 };

/** A sink that keeps at most `capacity` payloads per call and records what it was asked to keep. */
function sink(options: { durable: boolean; capacity?: number; throws?: boolean }) {
  const calls: Array<{ payloads: number; meta: FailureMeta }> = [];
  const value: FailureSink = {
    durable: options.durable,
    async store(payloads, meta) {
      calls.push({ payloads: payloads.length, meta });
      if (options.throws) throw new Error('bucket unreachable');
      return { stored: Math.min(payloads.length, options.capacity ?? payloads.length) };
    },
  };
  return { value, calls };
}

function logger() {
  const errors: string[] = [];
  return { errors, value: { error: (message: string) => errors.push(message) } };
}

it('part acknowledged: keeps the rest in the sink with the batch record, never asks for a retry', async () => {
  const log = sink({ durable: false, capacity: 0 });
  const undelivered = new Undelivered(log.value, batch, logger().value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 2, [failed(5), failed(7, 'timeout')])).toBe(false);
  expect(log.calls).toEqual([{ payloads: 2, meta: { ...batch, failedPoints: 12, reasons: ['2 payloads: attempts_exhausted (500), attempts_exhausted (timeout)'] } }]);
  expect([undelivered.stored, undelivered.storeErrors]).toEqual([0, 0]); // a log-only sink keeps nothing by design
});

it('nothing acknowledged, log-only sink: asks for a retry and stores nothing', async () => {
  const log = sink({ durable: false });
  const undelivered = new Undelivered(log.value, batch, logger().value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, [failed(5)])).toBe(true);
  expect(log.calls).toEqual([]);
});

it('nothing acknowledged, durable sink that keeps some: that stands in for the retry', async () => {
  const s3 = sink({ durable: true, capacity: 1 });
  const undelivered = new Undelivered(s3.value, batch, logger().value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, [failed(5), failed(6)])).toBe(false);
  expect([undelivered.stored, undelivered.storeErrors]).toEqual([1, 1]);
});

it('nothing acknowledged, durable sink that throws: logged, counted as a store error, retry asked for', async () => {
  const s3 = sink({ durable: true, throws: true });
  const log = logger();
  const undelivered = new Undelivered(s3.value, batch, log.value);
  expect(await undelivered.settle(PipelineOutcome.Processed, 0, [failed(5), failed(6)])).toBe(true);
  expect([undelivered.stored, undelivered.storeErrors]).toEqual([0, 2]);
  expect(log.errors).toEqual(['Failure sink could not store undelivered payloads']);
});

it('an undecodable event or a full delivery asks for nothing', async () => {
  const s3 = sink({ durable: true });
  const undelivered = new Undelivered(s3.value, batch, logger().value);
  expect(await undelivered.settle(PipelineOutcome.Rejected, 0, [failed(1)])).toBe(false);
  expect(await undelivered.settle(PipelineOutcome.Processed, 3, [])).toBe(false);
  expect(s3.calls).toEqual([]);
});

it('the retry error names counts, reasons and statuses only', () => {
  const error = nothingDelivered([failed(5, '403'), failed(1, '403')]);
  expect(error.name).toBe('DeliveryError');
  expect(error.message).toBe('Nothing was delivered to Datadog (2 payloads: attempts_exhausted (403)); failing so Lambda retries the batch');
});
