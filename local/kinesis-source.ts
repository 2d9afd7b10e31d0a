/**
 * `npm start -- --source kinesis`: the log events reach the forwarder through a Kinesis data stream, as with an
 * account-wide subscription filter policy into a stream (issue 13). kinesalite (an in-memory Kinesis written in Node,
 * a devDependency) serves the stream inside this process: no Python, no Docker, no network. This file plays
 * CloudWatch Logs' side: a CONTROL_MESSAGE record when the "filter" is created, then each log stream's waiting events
 * as one record each, the gzipped DATA_MESSAGE (the bytes a subscription writes: "Base64 encoded and compressed with
 * the gzip format" on the wire, CloudWatch Logs User Guide, Subscription filters with Kinesis Data Streams), the log
 * stream as partition key (a stream's events stay in order on one shard). The event source mapping
 * (kinesis-mapping.ts) reads the shards and invokes the forwarder bundle with the Lambda Kinesis event.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Expectations } from './expected.js';
import { forwarderContext, type ForwarderHandler } from './forwarder.js';
import { ACCOUNT, REGION } from './functions.js';
import { KinesisEventSourceMapping, type MappingTotals } from './kinesis-mapping.js';
import type { LambdaSim } from './lambda-sim.js';
import { dataMessage, MAX_EVENTS_PER_BATCH } from './subscription.js';
import type { ForwarderTotals } from './summary.js';
import type { LogEvent } from './types.js';

export const STREAM_NAME = 'lambda-dd-logs';
/** Two shards: the mapping reads them side by side, as Lambda reads a stream's shards. */
const SHARDS = 2;
/** The template's event source mapping settings (BatchSize, MaximumRetryAttempts). */
const BATCH_SIZE = 100;
const MAX_RETRIES = 3;
/** Kinesis limits: a record's data, and a PutRecords call. */
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_RECORDS_PER_PUT = 500;
/** Throttled records are put again (CloudWatch Logs retries a throttled delivery for up to 24 hours). */
const PUT_ATTEMPTS = 10;

type Kinesalite = (options: { createStreamMs: number; deleteStreamMs: number; updateStreamMs: number }) => Server;

interface StreamRecord {
  partitionKey: string;
  data: Buffer;
}

/** One log stream's events as records of at most 1 MB of gzip each (a payload too big is split in two). */
function dataRecords(logGroup: string, logStream: string, events: readonly LogEvent[]): StreamRecord[] {
  const data = gzipSync(JSON.stringify(dataMessage(ACCOUNT, logGroup, logStream, events)));
  if ((data.length <= MAX_RECORD_BYTES && events.length <= MAX_EVENTS_PER_BATCH) || events.length === 1) return [{ partitionKey: logStream, data }];
  const half = Math.ceil(events.length / 2);
  return [...dataRecords(logGroup, logStream, events.slice(0, half)), ...dataRecords(logGroup, logStream, events.slice(half))];
}

function controlRecord(): StreamRecord {
  const message = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: Date.now(), message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }] };
  return { partitionKey: 'control', data: gzipSync(JSON.stringify(message)) };
}

export class KinesisDelivery {
  readonly totals: ForwarderTotals;
  private readonly mappingTotals: MappingTotals;
  private timer: NodeJS.Timeout | undefined;
  private work: Promise<void> = Promise.resolve();
  private records = 0;

  private constructor(
    private readonly server: Server,
    private readonly client: KinesisClient,
    private readonly mapping: KinesisEventSourceMapping,
    private readonly sim: LambdaSim,
    private readonly expectations: Expectations,
    private readonly progress: (line: string) => void,
    durationsMs: number[],
  ) {
    this.mappingTotals = mapping.totals;
    this.totals = { invocations: 0, failed: 0, retries: 0, pointsShipped: 0, requests: 0, rejected: {}, durationsMs };
  }

  /** Starts kinesalite on a free loopback port, creates the stream, and writes the filter's CONTROL_MESSAGE. */
  static async create(sim: LambdaSim, forwarder: ForwarderHandler, expectations: Expectations, progress: (line: string) => void): Promise<KinesisDelivery> {
    const kinesalite = createRequire(import.meta.url)('kinesalite') as Kinesalite;
    const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // HTTP/1.1: the Kinesis client's default handler speaks HTTP/2, which kinesalite does not.
    const client = new KinesisClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
    await client.send(new CreateStreamCommand({ StreamName: STREAM_NAME, ShardCount: SHARDS }));
    const streamArn = await activeStreamArn(client);
    const durationsMs: number[] = [];
    const consumer = async (event: Parameters<ForwarderHandler>[0]) => {
      const started = performance.now();
      try {
        return await forwarder(event, forwarderContext());
      } finally {
        durationsMs.push(performance.now() - started);
      }
    };
    const mapping = new KinesisEventSourceMapping(client, consumer, { streamArn, region: REGION, batchSize: BATCH_SIZE, maxRetries: MAX_RETRIES, invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-dd-forwarder` });
    const delivery = new KinesisDelivery(server, client, mapping, sim, expectations, progress, durationsMs);
    await delivery.put([controlRecord()]);
    progress(`Kinesis stream ${STREAM_NAME} (${SHARDS} shards) on kinesalite at ${endpoint}; event source mapping: batch size ${BATCH_SIZE}, ${MAX_RETRIES} retries`);
    return delivery;
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.deliver(), everyMs);
  }

  /** Puts every waiting log stream into the stream, then lets the mapping read what is there; one round at a time. */
  deliver(): Promise<void> {
    this.work = this.work.then(() => this.round()).catch((error: unknown) => this.progress(`  ! Kinesis round failed: ${(error as Error).message}`));
    return this.work;
  }

  async finish(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.deliver();
    this.client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async round(): Promise<void> {
    const batches = this.sim.takeBatches();
    const records = batches.flatMap((b) => dataRecords(b.logGroup, b.logStream, b.events));
    this.expectations.batches += records.length;
    await this.put(records);
    const before = this.mappingTotals.invocations;
    const started = performance.now();
    await this.mapping.drain();
    const invoked = this.mappingTotals.invocations - before;
    this.syncTotals();
    if (invoked > 0) {
      const events = batches.reduce((n, b) => n + b.events.length, 0);
      this.progress(`  → ${records.length} record${records.length === 1 ? '' : 's'} (${events} log events) read by the mapping in ${invoked} invocation${invoked === 1 ? '' : 's'}, ${Math.round(performance.now() - started)} ms`);
    }
  }

  /** PutRecords in calls of at most 500, putting throttled entries again. */
  private async put(records: readonly StreamRecord[]): Promise<void> {
    for (let at = 0; at < records.length; at += MAX_RECORDS_PER_PUT) {
      let entries: PutRecordsRequestEntry[] = records.slice(at, at + MAX_RECORDS_PER_PUT).map((r) => ({ PartitionKey: r.partitionKey, Data: r.data }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        if (attempt > PUT_ATTEMPTS) throw new Error(`PutRecords: ${entries.length} records still refused after ${PUT_ATTEMPTS} attempts`);
        const out = await this.client.send(new PutRecordsCommand({ StreamName: STREAM_NAME, Records: entries }));
        entries = entries.filter((_, i) => out.Records?.[i]?.ErrorCode !== undefined);
      }
    }
    this.records += records.length;
  }

  private syncTotals(): void {
    const m = this.mappingTotals;
    Object.assign(this.totals, { invocations: m.invocations, failed: m.recordsGivenUp, retries: m.threw + m.partial });
    this.totals.kinesis = { records: this.records, ...m };
  }
}

async function activeStreamArn(client: KinesisClient): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: STREAM_NAME }));
    if (summary?.StreamStatus === 'ACTIVE' && summary.StreamARN) return summary.StreamARN;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the Kinesis stream ${STREAM_NAME} did not become ACTIVE`);
}

