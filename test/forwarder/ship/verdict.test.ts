import { deliveryVerdict, Verdict } from '../../../forwarder/ship/verdict.js';

describe('deliveryVerdict', () => {
  it.each([
    ['everything delivered', { outcome: 'processed', acked: 3, failed: 0 }, Verdict.Delivered],
    ['nothing to send', { outcome: 'processed', acked: 0, failed: 0 }, Verdict.Delivered],
    ['part acknowledged: keep the rest, do not throw', { outcome: 'processed', acked: 1, failed: 2 }, Verdict.KeepRest],
    ['nothing acknowledged: throw so Lambda retries', { outcome: 'processed', acked: 0, failed: 3 }, Verdict.RetryBatch],
    ['undecodable event, its count not delivered: a retry cannot help', { outcome: 'rejected', acked: 0, failed: 1 }, Verdict.AcceptLoss],
    ['undecodable event, count delivered', { outcome: 'rejected', acked: 1, failed: 0 }, Verdict.Delivered],
  ] as const)('%s', (_label, counts, expected) => {
    expect(deliveryVerdict(counts)).toBe(expected);
  });
});
