import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decodeEvent } from '../../../forwarder/decode/index.js';
import { functionNameFromLogGroup } from '../../../forwarder/decode/function-name.js';
import { DecodeRejectReason, type DecodeResult } from '../../../forwarder/types.js';
import { controlPayload, dataPayload, encodeAwslogsData, toAwslogsEvent } from '../fixtures/awslogs.js';

function rejectionReason(result: DecodeResult): string | undefined {
  return result.outcome === 'rejected' ? result.rejection.reason : undefined;
}

function decodedBatch(result: DecodeResult) {
  if (result.outcome !== 'batch') throw new Error(`expected a batch, got ${JSON.stringify(result)}`);
  return result;
}

describe('decodeEvent', () => {
  it('reads the AWS docs sample payload: owner, group, stream, function name and the REPORT message with real tabs', () => {
    const payload: unknown = JSON.parse(readFileSync(new URL('../fixtures/aws-docs-sample.json', import.meta.url), 'utf8'));
    const { batch, rejections } = decodedBatch(decodeEvent(toAwslogsEvent(payload)));
    expect(rejections).toEqual([]);
    expect(batch.owner).toBe('123456789012');
    expect(batch.logGroup).toBe('/aws/lambda/echo-nodejs');
    expect(batch.logStream).toBe('2019/03/13/[$LATEST]94fa867e5374431291a7fc14e2f56ae7');
    expect(batch.functionName).toBe('echo-nodejs');
    expect(batch.events).toHaveLength(1);
    expect(batch.events[0]?.timestamp).toBe(1552518348220);
    // JSON's \t must arrive as a real tab, or the REPORT parser would see one field.
    expect(batch.events[0]?.message.split('\t')).toHaveLength(6);
  });

  it('reads raw UTF-8 and invalid bytes as UTF-8 decoding gives them, and an ASCII payload alike', () => {
    const json = (message: string) => JSON.stringify({ ...dataPayload(['x']), logEvents: [{ id: '1', timestamp: 1, message }] });
    const gzipped = (bytes: Buffer) => ({ awslogs: { data: gzipSync(bytes).toString('base64') } });
    const messageOf = (event: unknown) => decodedBatch(decodeEvent(event)).batch.events[0]?.message;
    // é and an emoji written raw (not as \u escapes); then bytes that are not UTF-8 (a lone continuation byte, a
    // truncated sequence), which UTF-8 decoding replaces with U+FFFD; then plain ASCII.
    expect(messageOf(gzipped(Buffer.from(json('café 😀\n'), 'utf8')))).toBe('café 😀\n');
    const broken = Buffer.from(json('a#b#c'), 'utf8');
    broken[broken.indexOf('#')] = 0x80;
    broken[broken.lastIndexOf('#')] = 0xe2;
    expect(messageOf(gzipped(broken))).toBe((JSON.parse(broken.toString('utf8')) as { logEvents: Array<{ message: string }> }).logEvents[0]?.message);
    expect(messageOf(gzipped(broken))).toBe('a\ufffdb\ufffdc');
    expect(messageOf(gzipped(Buffer.from(json('plain\tascii\n'), 'latin1')))).toBe('plain\tascii\n');
  });

  it('takes the account from the payload owner (the log group owner), whatever else is around', () => {
    const { batch } = decodedBatch(decodeEvent(toAwslogsEvent(dataPayload(['x'], { owner: '210987654321' }))));
    expect(batch.owner).toBe('210987654321');
  });

  it('skips CONTROL_MESSAGE probes as a distinct successful outcome', () => {
    expect(decodeEvent(toAwslogsEvent(controlPayload()))).toEqual({ outcome: 'control' });
  });

  it.each([
    ['no awslogs key', { records: [] }, DecodeRejectReason.NotAwslogsEvent],
    ['awslogs.data not a string', { awslogs: { data: 42 } }, DecodeRejectReason.NotAwslogsEvent],
    ['null event', null, DecodeRejectReason.NotAwslogsEvent],
    ['invalid base64', { awslogs: { data: '!!!not*base64%%%' } }, DecodeRejectReason.BadBase64],
    ['empty data', { awslogs: { data: '' } }, DecodeRejectReason.BadBase64],
    ['base64 of plain text (no gzip)', { awslogs: { data: Buffer.from('{"hello":1}').toString('base64') } }, DecodeRejectReason.BadGzip],
    ['binary noise', { awslogs: { data: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 254]).toString('base64') } }, DecodeRejectReason.BadGzip],
    ['gzip of non-JSON', { awslogs: { data: encodeAwslogsData('MONITORING|not json') } }, DecodeRejectReason.BadJson],
    ['JSON null', { awslogs: { data: encodeAwslogsData('null') } }, DecodeRejectReason.NotAnObject],
    ['JSON array', { awslogs: { data: encodeAwslogsData('[1,2]') } }, DecodeRejectReason.NotAnObject],
    ['JSON string', { awslogs: { data: encodeAwslogsData('"DATA_MESSAGE"') } }, DecodeRejectReason.NotAnObject],
    ['JSON number', { awslogs: { data: encodeAwslogsData('12') } }, DecodeRejectReason.NotAnObject],
    ['unknown message type', toAwslogsEvent({ ...dataPayload(['x']), messageType: 'SOMETHING' }), DecodeRejectReason.UnknownMessageType],
    ['missing owner', toAwslogsEvent({ ...dataPayload(['x']), owner: undefined }), DecodeRejectReason.MissingField],
    ['missing logGroup', toAwslogsEvent({ ...dataPayload(['x']), logGroup: 7 }), DecodeRejectReason.MissingField],
    ['logEvents not an array', toAwslogsEvent({ ...dataPayload(['x']), logEvents: { 0: 'x' } }), DecodeRejectReason.BadLogEvents],
  ])('rejects %s with a reason, without throwing', (_label, event, reason) => {
    const result = decodeEvent(event);
    expect(rejectionReason(result)).toBe(reason);
    if (result.outcome === 'rejected') expect(result.rejection.detail.length).toBeGreaterThan(0);
  });

  it('rejects a truncated gzip stream as bad_gzip', () => {
    const zipped = gzipSync(Buffer.from(JSON.stringify(dataPayload(['MONITORING|1736942400|1|count|a.b']))));
    const truncated = zipped.subarray(0, zipped.length - 12).toString('base64');
    expect(rejectionReason(decodeEvent({ awslogs: { data: truncated } }))).toBe(DecodeRejectReason.BadGzip);
  });

  it('skips bad events (non-string message, missing timestamp, not an object) and keeps the good ones beside them', () => {
    const payload = dataPayload(['good one', 'good two']) as unknown as { logEvents: unknown[] };
    payload.logEvents.push({ id: 'x', timestamp: 1, message: { nested: true } }, { id: 'y', message: 'no time' }, 'just a string', null);
    const { batch, rejections } = decodedBatch(decodeEvent(toAwslogsEvent(payload)));
    expect(batch.events.map((e) => e.message)).toEqual(['good one', 'good two']);
    expect(rejections.map((r) => r.reason)).toEqual(Array(4).fill(DecodeRejectReason.BadLogEvent));
    expect(rejections[0]?.detail).toContain('logEvents[2]');
  });

  it('reads an event whose id is not a string with its id as text, between good events kept in order', () => {
    const payload = dataPayload(['first', 'third']) as unknown as { logEvents: unknown[] };
    payload.logEvents.splice(1, 0, { id: 7, timestamp: 2, message: 'second' }, { timestamp: 3, message: 'no id' });
    const { batch, rejections } = decodedBatch(decodeEvent(toAwslogsEvent(payload)));
    expect(batch.events.map((e) => [e.id, e.message])).toEqual([
      [expect.any(String), 'first'],
      ['7', 'second'],
      ['', 'no id'],
      [expect.any(String), 'third'],
    ]);
    expect(rejections).toEqual([]);
  });

  it('keeps a 256 KB message intact', () => {
    const big = `MONITORING|1736942400|1|count|big.one\n${'x'.repeat(256 * 1024)}`;
    const { batch } = decodedBatch(decodeEvent(toAwslogsEvent(dataPayload([big]))));
    expect(batch.events[0]?.message).toBe(big);
  });

  it('refuses a gzip bomb beyond the decoded size limit instead of exhausting memory', () => {
    const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024, 0x20), { level: 1 }).toString('base64');
    expect(rejectionReason(decodeEvent({ awslogs: { data: bomb } }))).toBe(DecodeRejectReason.TooLarge);
  });

  it('accepts a payload without messageType as data when the other fields are there', () => {
    const { messageType: _omitted, ...rest } = dataPayload(['hello']);
    expect(decodedBatch(decodeEvent(toAwslogsEvent(rest))).batch.events).toHaveLength(1);
  });
});

describe('functionNameFromLogGroup', () => {
  it.each([
    ['/aws/lambda/Checkout-API', 'checkout-api'],
    ['/aws/lambda/my_fn', 'my_fn'],
    ['/custom/group/Orders', 'orders'],
    ['/ecs/web/', 'web'],
    ['plain', 'plain'],
  ])('%s → %s', (group, name) => {
    expect(functionNameFromLogGroup(group)).toBe(name);
  });
});
