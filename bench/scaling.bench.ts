/**
 * Cost per event as the work grows: ms per 1,000 events of the in-process work (decode → payloads ready to send) for
 * one log group's batch of 100, 1,000, 10,000 and 100,000 events, and for 10,000 events spread over 1, 10 and 1,000
 * log groups in one invocation (the Kinesis case: one record per log group, their points shipped together). Flat per
 * event is the goal. Each sample handles about 10,000 events (a 100-event batch 100 times), so the timer's
 * resolution and the per-call overhead are both visible but not magnified.
 */
import { processEvent, type PipelineOptions } from '../forwarder/pipeline.js';
import { buildPayloads } from '../forwarder/ship/payloads.js';
import type { Outbound } from '../forwarder/types.js';
import { buildBenchBatch } from './batch.js';
import { interleaved, line, loadAverage, median } from './measure.js';

const startMs = Date.now() - 10 * 60_000;
const SAMPLE_EVENTS = 10_000;

interface Case {
  label: string;
  events: number;
  run: () => void;
}

function makeCase(label: string, events: number, logGroups: number): Case {
  const batch = buildBenchBatch({ events, startMs, logGroups });
  const options: PipelineOptions = { now: batch.now + 60_000, region: 'us-east-1', ddTags: 'env:bench' };
  const repeat = Math.max(1, Math.round(SAMPLE_EVENTS / events));
  return {
    label,
    events: events * repeat,
    run: () => {
      for (let r = 0; r < repeat; r++) {
        const outbound: Outbound = { distributions: [], series: [], checks: [] };
        for (const event of batch.events) {
          const result = processEvent(event, options).outbound;
          outbound.distributions.push(...result.distributions);
          outbound.series.push(...result.series);
          outbound.checks.push(...result.checks);
        }
        buildPayloads(outbound);
      }
    },
  };
}

const cases = [
  makeCase('batch of 100 events, 1 log group', 100, 1),
  makeCase('batch of 1,000 events, 1 log group', 1_000, 1),
  makeCase('batch of 10,000 events, 1 log group', 10_000, 1),
  makeCase('batch of 100,000 events, 1 log group', 100_000, 1),
  makeCase('10,000 events over 10 log groups', 10_000, 10),
  makeCase('10,000 events over 1,000 log groups', 10_000, 1_000),
];
const loadBefore = loadAverage();
const times = interleaved(Object.fromEntries(cases.map((c) => [c.label, c.run])), 25, 5);
line('rounds', `25 after 5 warm-up, load average ${loadBefore} → ${loadAverage()}`);
const reference = cases[2]!;
const perThousand = (c: Case, ms: number) => (ms / c.events) * 1000;
const referenceBest = perThousand(reference, Math.min(...(times[reference.label] ?? [])));
for (const c of cases) {
  const samples = times[c.label] ?? [];
  const best = perThousand(c, Math.min(...samples));
  line(`${c.label}: ms per 1,000 events`, `median ${perThousand(c, median(samples)).toFixed(3)}, best ${best.toFixed(3)} (best ${(best / referenceBest).toFixed(2)}x the 10,000-event batch's)`);
}
