/**
 * The forwarder as a Kinesis consumer (issue 13): one invocation of 100 records, each record a realistic CloudWatch
 * Logs batch (bench/batch.ts: 60 % MONITORING, REPORT, START, plain lines) of one function's log stream, written into
 * the Lambda Kinesis event the way the event source mapping writes it (local/kinesis-mapping.ts). The deployed bundle
 * runs in a child under a 512 MB function's node flags (the template's default ForwarderMemorySize) against a
 * loopback sink that answers at once, so the figure is the forwarder's own work, not a network's.
 *
 * Printed: events per second per forwarder instance, beside what one shard can take in (1 MB/s and 1,000 records/s
 * per shard, Kinesis Data Streams quotas; a record counts its data and partition key), and a sizing table derived from
 * those two figures (bench/kinesis-sizing.ts says how).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KinesisStreamEvent } from 'aws-lambda';
import { lambdaRecord } from '../local/kinesis-mapping.js';
import { childResult } from '../test/support/child-result.js';
import { startFastSink } from '../test/support/fast-sink.js';
import { lambdaNodeFlags } from '../test/support/lambda-flags.js';
import { buildBenchBatch } from './batch.js';
import { perShard, sizingTable, SHARD_LIMITS } from './kinesis-sizing.js';
import { line, loadAverage, median } from './measure.js';

const MEMORY_MB = 512;
const BUNDLE = fileURLToPath(new URL('../dist/forwarder/index.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./kinesis-child.mjs', import.meta.url));
const API_KEY = 'bench0000000000000000000000000000';
const RECORDS = 100;
/** Log events per record: a quiet log stream's delivery, a busy one's, a burst. The table is drawn for the middle one. */
const SHAPES = [10, 100, 1000] as const;
const TABLE_SHAPE = 100;
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-dd-logs';
const LOG_STREAM = '2026/12/02/[$LATEST]94fa867e5374431291a7fc14e2f56ae7';

const sink = await startFastSink();

/** One Kinesis event: 100 records, each one function's batch of `eventsPerRecord` events; and its records' sizes. */
function kinesisEvent(eventsPerRecord: number, startMs: number): { event: KinesisStreamEvent; recordBytes: number; events: number } {
  const batch = buildBenchBatch({ events: eventsPerRecord * RECORDS, logGroups: RECORDS, startMs });
  let recordBytes = 0;
  const records = batch.events.map((awslogs, i) => {
    const data = Buffer.from(awslogs.awslogs.data, 'base64');
    recordBytes += data.length + Buffer.byteLength(LOG_STREAM);
    const sequenceNumber = (49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(i)).toString();
    return lambdaRecord({ Data: data, PartitionKey: LOG_STREAM, SequenceNumber: sequenceNumber, ApproximateArrivalTimestamp: new Date(startMs) }, 'shardId-000000000000', {
      streamArn: STREAM_ARN,
      region: 'us-east-1',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-dd-forwarder',
    });
  });
  return { event: { Records: records }, recordBytes: recordBytes / RECORDS, events: eventsPerRecord * RECORDS };
}

interface ChildResult {
  ms: number[];
  listed: number;
  peakMb: number;
}

function child(eventsFile: string, rounds: number, warmup: number): Promise<ChildResult> {
  return childResult<ChildResult>([...lambdaNodeFlags(MEMORY_MB), CHILD, eventsFile, String(rounds), String(warmup)], {
    what: 'the Kinesis bench child',
    env: { PATH: process.env.PATH, BENCH_BUNDLE: BUNDLE, DD_API_KEY: API_KEY, DD_URL: sink.url, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB), DD_TAGS: 'env:bench', DD_FETCH_LAMBDA_TAGS: 'false', POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
}

const loadBefore = loadAverage();
const dir = mkdtempSync(join(tmpdir(), 'kinesis-bench-'));
line('invocation', `${RECORDS} records, each one function's CloudWatch Logs batch (60 % MONITORING); ${MEMORY_MB} MB node flags`);
line('shard ingest limit', `${SHARD_LIMITS.recordsPerSecond} records/s, ${SHARD_LIMITS.bytesPerSecond / 1e6} MB/s (data + partition key)`);
const measured = new Map<number, { eventsPerSecond: number; recordBytes: number }>();
for (const eventsPerRecord of SHAPES) {
  // Two events a minute apart, taken in turn; fewer rounds for the big shape (the machine is shared).
  const now = Date.now();
  const built = [kinesisEvent(eventsPerRecord, now - 3 * 60_000), kinesisEvent(eventsPerRecord, now - 2 * 60_000)];
  const file = join(dir, `events-${eventsPerRecord}.json`);
  writeFileSync(file, JSON.stringify(built.map((b) => b.event)));
  const rounds = eventsPerRecord >= 1000 ? 8 : 30;
  const result = await child(file, rounds, 4);
  if (result.listed !== 0) throw new Error(`the sink took everything, yet ${result.listed} records were listed`);
  const ms = median(result.ms);
  const events = built[0]?.events ?? 0;
  const recordBytes = median(built.map((b) => b.recordBytes));
  const eventsPerSecond = (events / ms) * 1000;
  const shard = perShard(recordBytes, eventsPerRecord);
  measured.set(eventsPerRecord, { eventsPerSecond, recordBytes });
  line(`${eventsPerRecord} events a record (${(recordBytes / 1024).toFixed(1)} KB gzip)`, `median ${ms.toFixed(1)} ms an invocation of ${events} events, best ${Math.min(...result.ms).toFixed(1)} ms, peak RSS ${result.peakMb.toFixed(0)} MB`);
  line('  events/s per forwarder instance (one batch at a time)', `${Math.round(eventsPerSecond).toLocaleString('en-US')}`);
  line('  events/s one shard takes in at most', `${Math.round(shard.eventsPerSecond).toLocaleString('en-US')} (${shard.limitedBy}: ${Math.round(shard.recordsPerSecond)} records/s)`);
  line('  instance / shard', `${(eventsPerSecond / shard.eventsPerSecond).toFixed(2)}x`);
}
await sink.close();
line('load average', `${loadBefore} → ${loadAverage()}; requests answered by the sink ${sink.requests()}`);

const base = measured.get(TABLE_SHAPE);
if (base) {
  console.log(`\nSizing at ${TABLE_SHAPE} events a record (figures above; bench/kinesis-sizing.ts says how):`);
  console.log(sizingTable(base.eventsPerSecond, MEMORY_MB, base.recordBytes, TABLE_SHAPE));
}
