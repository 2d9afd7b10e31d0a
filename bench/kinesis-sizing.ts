/**
 * From two measured figures to a sizing table for the Kinesis source: what one shard takes in (its ingest quota over
 * the measured record size) and what one forwarder instance reads (the bench's events per second). Pure.
 *
 * - Shards: a stream needs enough shards to take the events in, each run at most at TARGET of its quota.
 * - Memory: Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB (Lambda developer guide,
 *   "Configure Lambda function memory"); the forwarder runs on one thread, so more memory than that adds nothing.
 *   The bench's child runs on a whole core of the machine it runs on, so its figure stands for 1,769 MB, and a
 *   smaller function reads `memory / 1769` of it. That is an estimate: a Lambda vCPU is not this machine's core.
 * - Parallelization factor (1–10): batches of one shard read at once; chosen so the forwarders of a shard keep up
 *   with it at TARGET. Memory starts at the template's default and goes up only when a factor of 10 is not enough;
 *   past that, more shards.
 * The network to Datadog is not in the figure (the bench's sink answers at once): each invocation waits for its
 * requests too, so leave room, or measure a deployed forwarder's Duration and put it in here.
 */
export const SHARD_LIMITS = { recordsPerSecond: 1000, bytesPerSecond: 1_000_000 } as const;
/** Run shards and forwarders at most at 80 % of what they can do: a burst must not put the stream behind. */
export const TARGET = 0.8;
const ONE_VCPU_MB = 1769;
const MAX_PARALLELIZATION = 10;
const MEMORY_STEPS_MB = [512, 1024, 1769] as const;
const RATES = [1_000, 10_000, 50_000, 100_000, 250_000, 1_000_000] as const;

export interface ShardIntake {
  recordsPerSecond: number;
  eventsPerSecond: number;
  limitedBy: 'records/s' | 'bytes/s';
}

/** What one shard takes in of records of `recordBytes` (data + partition key) holding `eventsPerRecord` events. */
export function perShard(recordBytes: number, eventsPerRecord: number): ShardIntake {
  const byBytes = SHARD_LIMITS.bytesPerSecond / recordBytes;
  const limitedBy = byBytes < SHARD_LIMITS.recordsPerSecond ? 'bytes/s' : 'records/s';
  const recordsPerSecond = Math.min(SHARD_LIMITS.recordsPerSecond, byBytes);
  return { recordsPerSecond, eventsPerSecond: recordsPerSecond * eventsPerRecord, limitedBy };
}

export interface SizingRow {
  eventsPerSecond: number;
  shards: number;
  parallelization: number;
  memoryMb: number;
  forwarders: number;
}

/** One row: shards for the ingest, then the smallest memory step whose factor is at most 10, else more shards. */
export function sizeFor(eventsPerSecond: number, instanceAtOneVcpu: number, shardEventsPerSecond: number): SizingRow {
  const ingestShards = Math.max(1, Math.ceil(eventsPerSecond / (shardEventsPerSecond * TARGET)));
  const instanceAt = (memoryMb: number) => instanceAtOneVcpu * Math.min(1, memoryMb / ONE_VCPU_MB) * TARGET;
  for (const memoryMb of MEMORY_STEPS_MB) {
    const parallelization = Math.ceil(eventsPerSecond / ingestShards / instanceAt(memoryMb));
    if (parallelization <= MAX_PARALLELIZATION) return { eventsPerSecond, shards: ingestShards, parallelization, memoryMb, forwarders: ingestShards * parallelization };
  }
  const top = instanceAt(ONE_VCPU_MB);
  const shards = Math.max(ingestShards, Math.ceil(eventsPerSecond / (MAX_PARALLELIZATION * top)));
  const parallelization = Math.ceil(eventsPerSecond / shards / top);
  return { eventsPerSecond, shards, parallelization, memoryMb: ONE_VCPU_MB, forwarders: shards * parallelization };
}

/** The table as Markdown, for the README. `measuredAtMb` is the node flags the figure was measured under. */
export function sizingTable(instanceEventsPerSecond: number, measuredAtMb: number, recordBytes: number, eventsPerRecord: number): string {
  const shard = perShard(recordBytes, eventsPerRecord);
  const rows = RATES.map((rate) => sizeFor(rate, instanceEventsPerSecond, shard.eventsPerSecond));
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    `One forwarder: ${n(instanceEventsPerSecond)} events/s on one core (${measuredAtMb} MB heap flags); one shard: ${n(shard.eventsPerSecond)} events/s (${shard.limitedBy}); both run at ${TARGET * 100} %.`,
    '',
    '| events/s | shards | parallelization factor | forwarder memory | forwarders at once |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${n(r.eventsPerSecond)} | ${r.shards} | ${r.parallelization} | ${r.memoryMb} MB | ${r.forwarders} |`),
  ].join('\n');
}
