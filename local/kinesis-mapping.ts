/**
 * Lambda's Kinesis event source mapping, played against a real Kinesis endpoint (kinesalite under `npm start
 * --source kinesis`, moto in the wire test): per shard, GetShardIterator + GetRecords from the checkpoint, the records
 * written into the Lambda Kinesis event (wire-formats §7; the sample event of the Lambda docs, @types/aws-lambda's
 * KinesisStreamEvent), the function invoked, and its partial batch response read the way Lambda reads it with
 * `ReportBatchItemFailures`:
 * - an empty `batchItemFailures`: the checkpoint moves past the batch;
 * - records listed: the checkpoint moves to just before the LOWEST sequence number listed, and reading starts there
 *   again (records after it come again too); a listed identifier that is not in the batch fails the whole batch;
 * - a thrown error: the checkpoint stays, the whole batch comes again.
 * A batch that failed more than `maxRetries` times is given up (Lambda sends it to the on-failure destination) and
 * counted. One batch per shard at a time (ParallelizationFactor 1); a batch stops at `batchSize` records or before the
 * event would pass Lambda's 6 MB invocation payload.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, ShardIteratorType, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

/** What the mapping reads from the function's answer; anything else (or a throw) fails the whole batch. */
export type KinesisConsumer = (event: KinesisStreamEvent) => Promise<unknown>;

export interface MappingSettings {
  streamArn: string;
  region: string;
  /** Records per invocation at most (the mapping's BatchSize). */
  batchSize: number;
  /** Failed deliveries of one batch before it is given up (the mapping's MaximumRetryAttempts). */
  maxRetries: number;
  /** The role the mapping reads the stream with (written into every record, as Lambda does). */
  invokeIdentityArn: string;
}

export interface MappingTotals {
  invocations: number;
  /** Records handed to the function, redeliveries included. */
  recordsDelivered: number;
  /** Invocations that threw (the whole batch comes again). */
  threw: number;
  /** Invocations that listed records in batchItemFailures. */
  partial: number;
  /** Records given up after maxRetries failed deliveries. */
  recordsGivenUp: number;
}

/** Lambda's limit on a synchronous invocation's payload, which bounds a batch. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/** One stream record as the mapping writes it into the event. */
export function lambdaRecord(record: _Record, shardId: string, settings: Pick<MappingSettings, 'streamArn' | 'region' | 'invokeIdentityArn'>): KinesisStreamRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: settings.invokeIdentityArn,
    awsRegion: settings.region,
    eventSourceARN: settings.streamArn,
  };
}

/** Where a shard's reading starts next: its beginning, or after / at a sequence number. */
type Position = { type: 'start' } | { type: 'after' | 'at'; sequenceNumber: string };

interface ShardState {
  position: Position;
  /** Failed deliveries of the batch that starts at `position`. */
  failures: number;
}

/** The listed sequence numbers, or undefined when the answer is not a partial batch response Lambda can use. */
function listedFailures(answer: unknown): string[] | undefined {
  if (answer === null || answer === undefined) return [];
  const failures = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return undefined;
  const ids = failures.map((f) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  return ids.every((id): id is string => typeof id === 'string' && /^\d+$/.test(id)) ? ids : undefined;
}

export class KinesisEventSourceMapping {
  readonly totals: MappingTotals = { invocations: 0, recordsDelivered: 0, threw: 0, partial: 0, recordsGivenUp: 0 };
  private readonly shards = new Map<string, ShardState>();
  /** Requests name the stream (kinesalite predates the StreamARN parameter; moto and AWS take either). */
  private readonly streamName: string;

  constructor(
    private readonly client: KinesisClient,
    private readonly consumer: KinesisConsumer,
    private readonly settings: MappingSettings,
  ) {
    this.streamName = settings.streamArn.slice(settings.streamArn.lastIndexOf('/') + 1);
  }

  /** Reads every shard until it has nothing more (or `maxBatches` batches went by); returns the batches invoked. */
  async drain(maxBatches = 10_000): Promise<number> {
    let batches = 0;
    const listed = await this.client.send(new ListShardsCommand({ StreamName: this.streamName }));
    // Shards are read side by side, one batch at a time each, as the mapping reads them.
    await Promise.all(
      (listed.Shards ?? []).map(async (shard) => {
        while (batches < maxBatches && (await this.oneBatch(shard.ShardId as string))) batches++;
      }),
    );
    return batches;
  }

  /** Reads one batch of a shard from its checkpoint and delivers it; false when the shard had nothing to read. */
  private async oneBatch(shardId: string): Promise<boolean> {
    const state = this.shards.get(shardId) ?? { position: { type: 'start' }, failures: 0 };
    this.shards.set(shardId, state);
    const records = await this.read(shardId, state.position);
    if (records.length === 0) return false;
    const batch = this.cut(records.map((record) => lambdaRecord(record, shardId, this.settings)));
    const sequence = batch.map((r) => r.kinesis.sequenceNumber);
    const last = sequence[sequence.length - 1] as string;

    this.totals.invocations++;
    this.totals.recordsDelivered += batch.length;
    let failed: { from: string } | undefined;
    try {
      const listed = listedFailures(JSON.parse(JSON.stringify((await this.consumer({ Records: batch })) ?? null)));
      if (listed === undefined || listed.some((id) => !sequence.includes(id))) failed = { from: sequence[0] as string };
      else if (listed.length > 0) {
        this.totals.partial++;
        failed = { from: listed.reduce((low, id) => (BigInt(id) < BigInt(low) ? id : low)) };
      }
    } catch {
      this.totals.threw++;
      failed = { from: sequence[0] as string };
    }
    if (!failed) {
      state.position = { type: 'after', sequenceNumber: last };
      state.failures = 0;
    } else if (failed.from !== sequence[0]) {
      // The checkpoint moves to just before the lowest record listed: from there on, everything comes again.
      state.position = { type: 'at', sequenceNumber: failed.from };
      state.failures = 1;
    } else if (++state.failures > this.settings.maxRetries) {
      this.totals.recordsGivenUp += batch.length;
      state.position = { type: 'after', sequenceNumber: last };
      state.failures = 0;
    } else {
      state.position = { type: 'at', sequenceNumber: failed.from };
    }
    return true;
  }

  private async read(shardId: string, position: Position): Promise<_Record[]> {
    const iterator = await this.client.send(
      new GetShardIteratorCommand({
        StreamName: this.streamName,
        ShardId: shardId,
        ...(position.type === 'start'
          ? { ShardIteratorType: ShardIteratorType.TRIM_HORIZON }
          : { ShardIteratorType: position.type === 'at' ? ShardIteratorType.AT_SEQUENCE_NUMBER : ShardIteratorType.AFTER_SEQUENCE_NUMBER, StartingSequenceNumber: position.sequenceNumber }),
      }),
    );
    const out = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator, Limit: this.settings.batchSize }));
    return out.Records ?? [];
  }

  /** The longest prefix whose event stays under Lambda's payload limit (at least one record). */
  private cut(records: KinesisStreamRecord[]): KinesisStreamRecord[] {
    let bytes = 20;
    for (let i = 0; i < records.length; i++) {
      bytes += JSON.stringify(records[i]).length + 1;
      if (bytes > MAX_EVENT_BYTES && i > 0) return records.slice(0, i);
    }
    return records;
  }
}
