/**
 * The decode caps (forwarder/decode/limits.ts): a payload is inflated no further than maxInflatedBytes and read for
 * at most maxEvents events. What passes a cap is cut and counted by reason, the events read before the cut are kept,
 * and decode never throws (a retry would be cut the same way).
 */
import { gzipSync } from 'node:zlib';
import { decodeEvent } from '../../../forwarder/decode/index.js';
import { inflateWithin } from '../../../forwarder/decode/inflate.js';
import { DecodeLimits } from '../../../forwarder/decode/limits.js';
import { DecodeRejectReason, type DecodeResult } from '../../../forwarder/types.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { buildBomb, BOMB_METRIC } from '../fixtures/bomb.js';

const KiB = 1024;
const MiB = 1024 * KiB;

function batchOf(result: DecodeResult) {
  if (result.outcome !== 'batch') throw new Error(`expected a batch, got ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

describe('inflateWithin', () => {
  it('gives a stream under the cap whole, exactly as gunzip does', () => {
    const text = Buffer.from('MONITORING|1736942400|1|count|a.b\n'.repeat(1000));
    expect(inflateWithin(gzipSync(text), 64 * KiB)).toEqual({ outcome: 'whole', bytes: text });
  });

  it('stops a stream that inflates past the cap, and keeps at least half of what fits', () => {
    const zeros = gzipSync(Buffer.alloc(4 * MiB)); // about 4 KB of gzip
    const inflated = inflateWithin(zeros, 64 * KiB);
    expect(inflated.outcome).toBe('cut');
    if (inflated.outcome !== 'cut') return;
    expect(inflated.bytes.length).toBeLessThanOrEqual(64 * KiB);
    expect(inflated.bytes.length).toBeGreaterThanOrEqual(32 * KiB);
    expect(inflated.bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('calls a truncated or damaged stream bad, not cut', () => {
    const zipped = gzipSync(Buffer.from('x'.repeat(10_000)));
    expect(inflateWithin(zipped.subarray(0, zipped.length - 6), MiB).outcome).toBe('bad');
    const damaged = Buffer.from(zipped);
    damaged[12] = (damaged[12] ?? 0) ^ 0xff;
    expect(inflateWithin(damaged, MiB).outcome).toBe('bad');
  });
});

describe('decodeEvent at the caps', () => {
  it('cuts a 60 MB bomb at the inflation cap, keeps the first events read before it (up to the event cap), counts the cut, and never throws', async () => {
    const nowSeconds = 1736942400;
    const bomb = await buildBomb(655_339, nowSeconds);
    expect(bomb.inflatedBytes).toBeGreaterThan(60_000_000);
    expect(bomb.gzipBytes).toBeLessThan(256 * KiB);

    const { batch, rejections } = batchOf(decodeEvent(bomb.event));
    expect(rejections).toEqual([{ reason: DecodeRejectReason.TooLarge, detail: expect.stringContaining(`the first ${DecodeLimits.maxEvents} log events are read`) }]);
    expect(batch.events).toHaveLength(DecodeLimits.maxEvents);
    expect(batch.events.every((e) => e.message === `MONITORING|${nowSeconds}|1|count|${BOMB_METRIC}\n`)).toBe(true);
  });

  it('keeps the events of a payload under both caps, and cuts past the event cap', () => {
    const messages = Array.from({ length: DecodeLimits.maxEvents + 3 }, (_, i) => `line ${i}`);
    const { batch, rejections } = batchOf(decodeEvent(toAwslogsEvent(dataPayload(messages))));
    expect(batch.events).toHaveLength(DecodeLimits.maxEvents);
    expect(batch.events.at(-1)?.message).toBe(`line ${DecodeLimits.maxEvents - 1}`);
    expect(rejections).toEqual([{ reason: DecodeRejectReason.TooManyEvents, detail: expect.stringContaining('the last 3 cut') }]);

    const atCap = batchOf(decodeEvent(toAwslogsEvent(dataPayload(messages.slice(0, DecodeLimits.maxEvents)))));
    expect(atCap.batch.events).toHaveLength(DecodeLimits.maxEvents);
    expect(atCap.rejections).toEqual([]);
  });

  it('rejects as too_large a payload whose first event alone passes the byte cap', () => {
    const event = toAwslogsEvent(dataPayload(['x'.repeat(DecodeLimits.maxInflatedBytes + 1)]));
    const result = decodeEvent(event);
    expect(result).toEqual({ outcome: 'rejected', rejection: { reason: DecodeRejectReason.TooLarge, detail: expect.stringContaining('no complete log event') } });
  });

  it('rejects as too_large (not bad_json) a cut payload whose fields are not in CloudWatch Logs order', () => {
    const events = Array.from({ length: 120_000 }, (_, i) => ({ id: String(i), timestamp: 1, message: 'x'.repeat(80) }));
    const reordered = { logEvents: events, messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/aws/lambda/a', logStream: 's' };
    const result = decodeEvent(toAwslogsEvent(reordered));
    expect(result.outcome === 'rejected' ? result.rejection.reason : result.outcome).toBe(DecodeRejectReason.TooLarge);
  });
});
