/**
 * The forwarder's in-process work on the bench batch (bench/batch.ts: 10,000 events, 60 % MONITORING, 20 % plain,
 * 10 % REPORT, 10 % START), against the floor: base64 + gunzip + JSON.parse of the same event, which any forwarder
 * must at least do. Prints the floor and its own parts, the work (decode → payloads ready to send: processEvent +
 * buildPayloads) and its split into stages, what the goal leaves once the batch is text against what the stages after
 * decode take, and the ratio (goal <= 1.0x) three ways from the same rounds: best over best (closest to a quiet core),
 * median over median, and the median of per-round ratios.
 *
 * The handler against a loopback sink, memory and module load: handler.bench.ts. Cost per event by batch size and
 * log groups: scaling.bench.ts.
 */
import { gunzipSync } from 'node:zlib';
import { aggregate } from '../forwarder/aggregate/index.js';
import { enrich } from '../forwarder/enrich/index.js';
import { parseBatch } from '../forwarder/parse/index.js';
import { decodeStep, processEvent, type PipelineOptions } from '../forwarder/pipeline.js';
import { buildPayloads } from '../forwarder/ship/payloads.js';
import { buildBenchBatch } from './batch.js';
import { figure, interleaved, line, loadAverage, median, pairedRatio } from './measure.js';

const EVENTS = 10_000;
const ROUNDS = 120;
const WARMUP_ROUNDS = 20;

const batch = buildBenchBatch({ events: EVENTS, startMs: Date.now() - 5 * 60_000 });
const event = batch.events[0]!;
line('batch', `${EVENTS} events, ${(batch.jsonBytes / 1e6).toFixed(2)} MB JSON, ${(event.awslogs.data.length / 1e3).toFixed(0)} KB base64`);
line('  of which', `${batch.monitoringLines} MONITORING lines, ${batch.invocations} invocations (START + REPORT)`);
const loadBefore = loadAverage();

const options: PipelineOptions = { now: batch.now, region: 'us-east-1', ddTags: 'env:bench' };
const decoded = decodeStep(event);
if (decoded.kind !== 'batch') throw new Error('the bench batch did not decode');
const parsed = parseBatch(decoded.batch);
const enriched = enrich(parsed, options);
const outbound = processEvent(event, options).outbound;
// The floor's own parts, each from the previous part's output made beforehand.
const compressed = Buffer.from(event.awslogs.data, 'base64');
const inflated = gunzipSync(compressed);
const text = inflated.toString('utf8');
let payloadCount = 0;
let compressedBytes = 0;

const times = interleaved(
  {
    floor: () => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')),
    work: () => {
      const built = buildPayloads(processEvent(event, options).outbound);
      payloadCount = built.payloads.length;
      compressedBytes = built.payloads.reduce((sum, p) => sum + p.body.length, 0);
    },
    floorBase64: () => Buffer.from(event.awslogs.data, 'base64'),
    floorGunzip: () => gunzipSync(compressed),
    floorText: () => inflated.toString('utf8'),
    floorJsonParse: () => JSON.parse(text),
    decode: () => decodeStep(event),
    parse: () => parseBatch(decoded.batch),
    enrich: () => enrich(parsed, options),
    aggregate: () => aggregate(enriched, { now: batch.now }),
    buildPayloads: () => buildPayloads(outbound),
  },
  ROUNDS,
  WARMUP_ROUNDS,
);
const best = (values: number[]) => Math.min(...values);

line(`in-process rounds (after ${WARMUP_ROUNDS} warm-up)`, `${ROUNDS}, load average ${loadBefore} → ${loadAverage()}`);
line('floor: base64 + gunzip + JSON.parse', figure(times.floor));
line('  of it base64 / gunzip / text / JSON.parse', [times.floorBase64, times.floorGunzip, times.floorText, times.floorJsonParse].map((t) => best(t).toFixed(2)).join(' / ') + ' ms best');
line('in-process work: decode → payloads ready to send', `${figure(times.work)} (${payloadCount} payloads, ${(compressedBytes / 1e3).toFixed(1)} KB compressed)`);
line('  decode (base64, gunzip, JSON.parse)', figure(times.decode));
line('  parse', figure(times.parse));
line('  enrich', figure(times.enrich));
line('  aggregate', figure(times.aggregate));
line('  buildPayloads (serialise, measure, compress)', figure(times.buildPayloads));
// What the 1.0x goal leaves once the batch is text (the floor's parts before any event is read), against what the
// stages after decode take on events already decoded: the goal can hold only if the second fits in the first, with
// reading the events still to pay.
const inflateMs = best(times.floorBase64) + best(times.floorGunzip) + best(times.floorText);
const afterDecodeMs = best(times.parse) + best(times.enrich) + best(times.aggregate) + best(times.buildPayloads);
line('  1.0x leaves, after base64 + gunzip + text', `${(best(times.floor) - inflateMs).toFixed(2)} ms to read 10,000 events and parse → payloads`);
line('  parse + enrich + aggregate + buildPayloads alone', `${afterDecodeMs.toFixed(2)} ms (best of each), on events already decoded`);
line('in-process / floor, best / best (goal <= 1.0x)', `${(best(times.work) / best(times.floor)).toFixed(2)}x`);
line('in-process / floor, median / median', `${(median(times.work) / median(times.floor)).toFixed(2)}x`);
line('in-process / floor, median of per-round ratios', `${pairedRatio(times.work, times.floor).toFixed(2)}x`);
line('  events per second (best, median)', `${Math.round((EVENTS / best(times.work)) * 1000).toLocaleString('en-US')}, ${Math.round((EVENTS / median(times.work)) * 1000).toLocaleString('en-US')}`);
