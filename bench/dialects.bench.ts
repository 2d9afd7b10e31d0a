/**
 * Every dialect in one batch (issue 12): the bench batch of forwarder.bench.ts (10,000 events) beside the same batch
 * with a third of its metric lines written by the other clients (bench/batch.ts `dialects: 'mixed'`: datadog-lambda
 * points behind the runtime prefix, one Powertools-style EMF object per invocation). Prints each one's in-process
 * work (decode → payloads ready) against its own floor (base64 + gunzip + JSON.parse), and the mixed batch's cost
 * over the MONITORING-only one, from the same interleaved rounds.
 */
import { gunzipSync } from 'node:zlib';
import { processEvent, type PipelineOptions } from '../forwarder/pipeline.js';
import { buildPayloads } from '../forwarder/ship/payloads.js';
import { buildBenchBatch } from './batch.js';
import { figure, interleaved, line, loadAverage, pairedRatio } from './measure.js';

const EVENTS = 10_000;
const ROUNDS = 80;
const WARMUP_ROUNDS = 15;

const startMs = Date.now() - 5 * 60_000;
const monitoring = buildBenchBatch({ events: EVENTS, startMs });
const mixed = buildBenchBatch({ events: EVENTS, startMs, dialects: 'mixed' });
const options = (now: number): PipelineOptions => ({ now, region: 'us-east-1', ddTags: 'env:bench' });

/** What the pipeline made of one batch, so the bench shows what it measured. */
function readOf(event: (typeof mixed.events)[number], now: number): string {
  const { stats } = processEvent(event, options(now));
  const rejected = Object.values(stats.rejected).reduce((sum, n) => sum + n, 0);
  return `${stats.linesParsed} metric lines read, ${rejected} rejected, ${stats.pointsOut} points out`;
}

const floor = (event: (typeof mixed.events)[number]) => () => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
const work = (event: (typeof mixed.events)[number], now: number) => () => buildPayloads(processEvent(event, options(now)).outbound);

const loadBefore = loadAverage();
const times = interleaved(
  {
    floorMonitoring: floor(monitoring.events[0]!),
    workMonitoring: work(monitoring.events[0]!, monitoring.now),
    floorMixed: floor(mixed.events[0]!),
    workMixed: work(mixed.events[0]!, mixed.now),
  },
  ROUNDS,
  WARMUP_ROUNDS,
);

line('batches', `${EVENTS} events each; rounds ${ROUNDS} after ${WARMUP_ROUNDS} warm-up, load average ${loadBefore} → ${loadAverage()}`);
line('MONITORING only: metric lines read', readOf(monitoring.events[0]!, monitoring.now));
line('mixed: metric lines read', readOf(mixed.events[0]!, mixed.now));
line('MONITORING only: floor / in-process work', `${figure(times.floorMonitoring)} / ${figure(times.workMonitoring)}`);
line('mixed: floor / in-process work', `${figure(times.floorMixed)} / ${figure(times.workMixed)}`);
line('MONITORING only: in-process / floor (median of per-round ratios)', `${pairedRatio(times.workMonitoring, times.floorMonitoring).toFixed(2)}x`);
line('mixed: in-process / floor (median of per-round ratios)', `${pairedRatio(times.workMixed, times.floorMixed).toFixed(2)}x`);
line('mixed work / MONITORING-only work (median of per-round ratios)', `${pairedRatio(times.workMixed, times.workMonitoring).toFixed(2)}x`);
