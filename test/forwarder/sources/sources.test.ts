/**
 * Sources: each recognises its own event shape only, reads it into decoded payloads, and answers Lambda in its own
 * way; an event no source recognises is named, not guessed at.
 */
import { DeliveryError } from '../../../forwarder/delivery.js';
import { sourceOf, sources, unrecognisedEvent, SourceName } from '../../../forwarder/sources/index.js';
import { cloudWatchSubscription } from '../../../forwarder/sources/cloudwatch-subscription.js';
import { kinesis } from '../../../forwarder/sources/kinesis.js';
import type { DeliveryOutcome } from '../../../forwarder/sources/types.js';
import { controlPayload, dataPayload, encodeAwslogsData, toAwslogsEvent } from '../fixtures/awslogs.js';
import { Monitoring } from '../fixtures/lines.js';
import { kinesisEvent, kinesisRecord, sequenceNumber } from './kinesis-event.js';

const data = dataPayload([Monitoring.raw]);
const done = { summary: {} } as DeliveryOutcome;
const again = { summary: {}, redeliver: new DeliveryError('nothing delivered') } as DeliveryOutcome;

describe('recognising an event', () => {
  it('a direct subscription event is the CloudWatch subscription source, a Kinesis batch the Kinesis source', () => {
    expect(sourceOf(toAwslogsEvent(data))?.name).toBe(SourceName.CloudWatchSubscription);
    expect(sourceOf(kinesisEvent([data]))?.name).toBe(SourceName.Kinesis);
  });

  it('no two sources claim the same event', () => {
    for (const event of [toAwslogsEvent(data), kinesisEvent([data, controlPayload()])]) {
      expect(sources.filter((source) => source.recognises(event))).toHaveLength(1);
    }
  });

  it.each([
    ['an SQS event', { Records: [{ messageId: '1', body: '{}', eventSource: 'aws:sqs' }] }, 'an object with keys [Records] (1 record from aws:sqs)'],
    ['a Kinesis batch with one SQS record in it', { Records: [kinesisRecord('x', 0), { eventSource: 'aws:sqs', kinesis: {} }] }, '(2 records from aws:kinesis, aws:sqs)'],
    ['an empty Records array', { Records: [] }, '(0 records from nothing)'],
    ['the console test event', { key1: 'value1', key2: 'value2' }, 'an object with keys [key1, key2]'],
    ['null', null, 'null'],
    ['an array', [1, 2], 'an array of 2'],
    ['a string', 'awslogs', 'a string'],
  ])('%s is no source’s: the error names its shape', (_name, event, shape) => {
    expect(sourceOf(event)).toBeUndefined();
    const error = unrecognisedEvent(event);
    expect(error.name).toBe('UnrecognisedEventError');
    expect(error.message).toContain(shape);
    expect(error.message).toContain('it reads cloudwatch-subscription, kinesis events');
  });

  it('never quotes a value of the event it refuses (it could hold anything)', () => {
    const message = unrecognisedEvent({ secret: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' }).message;
    expect(message).toContain('[secret]');
    expect(message).not.toContain('f0e1d2c3');
  });
});

describe('the CloudWatch subscription source', () => {
  it('reads the one payload of the event', () => {
    const [record, ...rest] = cloudWatchSubscription.read(toAwslogsEvent(data));
    expect(rest).toEqual([]);
    expect(record!.sequenceNumber).toBeUndefined();
    expect(record!.decoded).toMatchObject({ outcome: 'batch', batch: { logGroup: '/aws/lambda/checkout-api' } });
  });

  it('answers the summary, or throws the delivery error so Lambda retries the invocation', () => {
    expect(cloudWatchSubscription.respond([], done)).toBe(done.summary);
    expect(() => cloudWatchSubscription.respond([], again)).toThrow(again.redeliver!);
  });
});

describe('the Kinesis source', () => {
  it('reads each record into one decoded payload, in the order of the batch', () => {
    const records = kinesis.read(kinesisEvent([data, controlPayload(), dataPayload([Monitoring.check], { functionName: 'billing' })]));
    expect(records.map((r) => r.sequenceNumber)).toEqual([0, 1, 2].map(sequenceNumber));
    expect(records.map((r) => r.decoded.outcome)).toEqual(['batch', 'control', 'batch']);
    expect(records[2]!.decoded).toMatchObject({ batch: { functionName: 'billing' } });
  });

  it('a record that cannot be decoded is a counted rejection beside the good ones, never an error', () => {
    const event = kinesisEvent([data, 'not base64 at all!', Buffer.from('plain text').toString('base64'), encodeAwslogsData('{"messageType": "DATA_MES'), data]);
    event.Records.push({ ...kinesisRecord('', 5), kinesis: { ...kinesisRecord('', 5).kinesis, data: undefined as unknown as string } });
    const reasons = kinesis.read(event).map((r) => (r.decoded.outcome === 'rejected' ? r.decoded.rejection.reason : r.decoded.outcome));
    expect(reasons).toEqual(['batch', 'bad_base64', 'bad_gzip', 'bad_json', 'batch', 'missing_field']);
  });

  it('done: an empty batchItemFailures (the whole batch is checkpointed)', () => {
    expect(kinesis.respond(kinesis.read(kinesisEvent([data, data])), done)).toEqual({ batchItemFailures: [] });
  });

  it('to come again: every record that carried data is listed; control and poison records are not', () => {
    const records = kinesis.read(kinesisEvent([controlPayload(), 'poison!', data, controlPayload(), data]));
    expect(kinesis.respond(records, again)).toEqual({ batchItemFailures: [sequenceNumber(2), sequenceNumber(4)].map((itemIdentifier) => ({ itemIdentifier })) });
  });

  it('a record without a sequence number cannot be named: the whole batch fails instead', () => {
    const event = kinesisEvent([data]);
    event.Records[0]!.kinesis.sequenceNumber = '';
    expect(() => kinesis.respond(kinesis.read(event), again)).toThrow(DeliveryError);
  });
});
