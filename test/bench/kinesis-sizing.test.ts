/**
 * The arithmetic behind the README's Kinesis sizing table (bench/kinesis-sizing.ts): a shard bound by records or by
 * bytes, memory raised only when a parallelization factor of 10 cannot keep up, and shards added past one vCPU.
 */
import { expect, it } from '@jest/globals';
import { perShard, sizeFor, SHARD_LIMITS, TARGET } from '../../bench/kinesis-sizing.js';

it('a shard takes 1,000 records/s of small records and 1 MB/s of big ones', () => {
  expect(perShard(500, 10)).toEqual({ recordsPerSecond: SHARD_LIMITS.recordsPerSecond, eventsPerSecond: 10_000, limitedBy: 'records/s' });
  expect(perShard(2_000, 100)).toEqual({ recordsPerSecond: 500, eventsPerSecond: 50_000, limitedBy: 'bytes/s' });
});

it('shards for the ingest at 80 %; the factor keeps the forwarders of a shard at 80 % of their share of a vCPU', () => {
  // 100,000 events/s at 50,000 a shard: 100,000 / 40,000 → 3 shards. 512 MB reads 512/1769 of 100,000 × 0.8.
  const row = sizeFor(100_000, 100_000, 50_000);
  expect(row.shards).toBe(3);
  expect(row.memoryMb).toBe(512);
  expect(row.parallelization).toBe(Math.ceil(100_000 / 3 / (100_000 * (512 / 1769) * TARGET)));
  expect(row.forwarders).toBe(row.shards * row.parallelization);
});

it('a slow forwarder: memory goes up before the factor passes 10, then shards are added', () => {
  // A shard takes 50,000 events/s; a forwarder reads 10,000 at one vCPU: 512 MB would need a factor of 22.
  expect(sizeFor(40_000, 10_000, 50_000)).toMatchObject({ shards: 1, memoryMb: 1024, parallelization: 9 });
  // 200,000 events/s: 5 shards of 40,000 each; at 1,024 MB a factor of 9 reads 41,700.
  expect(sizeFor(200_000, 10_000, 50_000)).toMatchObject({ shards: 5, memoryMb: 1024, parallelization: 9 });
  // A forwarder of 1,000 events/s: 10 at one vCPU read 8,000 a shard, so 2,000,000 events/s need 250 shards, not 50.
  expect(sizeFor(2_000_000, 1_000, 50_000)).toMatchObject({ shards: 250, memoryMb: 1769, parallelization: 10 });
});
