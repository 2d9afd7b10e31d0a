/**
 * The forwarder on a 10,000-event CloudWatch batch (START, plain INFO, MONITORING raw and console-prefixed, END and
 * REPORT lines of one function). Prints, in one run:
 * - the floor: base64 + gunzip + JSON.parse of the event alone;
 * - the in-process work (processEvent + payload serialisation + compression) and its ratio to the floor (target <= 1.5x);
 * - events per second of that work;
 * - handler time against the local intake, and the peak RSS of a process that loads the bundle and handles the batch
 *   (target < 100 MB), measured in a child process running dist/forwarder/index.js;
 * - the bundle size (target < 1 MB) and its module load time beside a bare `node -e ''` (target < 50 ms above).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { processEvent } from '../forwarder/pipeline.js';
import { buildPayloads } from '../forwarder/ship/payloads.js';
import { startIntake } from '../intake/index.js';
import { dataPayload, toAwslogsEvent } from '../test/forwarder/fixtures/awslogs.js';
import { EVENTS_PER_INVOCATION, realisticMinute } from '../test/forwarder/handler/realistic-batch.js';

const EVENTS = 10_000;
const BUNDLE = fileURLToPath(new URL('../dist/forwarder/index.js', import.meta.url));
const API_KEY = 'bench0000000000000000000000000000';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median milliseconds of `fn` over `runs` runs, after `warmup` unmeasured ones. */
function timeMs(fn: () => void, runs = 30, warmup = 10): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

// ---- the batch: a minute ending two minutes ago, so every point is inside Datadog's time window ----
const minuteStart = Math.floor((Date.now() - 180_000) / 60_000) * 60_000;
const minute = realisticMinute(Math.ceil(EVENTS / EVENTS_PER_INVOCATION), minuteStart);
const event = toAwslogsEvent(dataPayload(minute.messages.slice(0, EVENTS)));
const decodedBytes = gunzipSync(Buffer.from(event.awslogs.data, 'base64')).length;
line('batch', `${EVENTS} events, ${(decodedBytes / 1e6).toFixed(2)} MB JSON, ${(event.awslogs.data.length / 1e3).toFixed(0)} KB base64`);

// ---- in-process figures ----
const floorMs = timeMs(() => {
  JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
});
let payloadCount = 0;
let compressedBytes = 0;
const sample = processEvent(event, { now: Date.now(), region: 'us-east-1', ddTags: 'env:bench' });
const stagesMs = timeMs(() => {
  processEvent(event, { now: Date.now(), region: 'us-east-1', ddTags: 'env:bench' });
});
const shipPrepMs = timeMs(() => {
  buildPayloads(sample.outbound);
});
const workMs = timeMs(() => {
  const result = processEvent(event, { now: Date.now(), region: 'us-east-1', ddTags: 'env:bench' });
  const built = buildPayloads(result.outbound);
  payloadCount = built.payloads.length;
  compressedBytes = built.payloads.reduce((sum, p) => sum + p.body.length, 0);
});
line('floor: base64 + gunzip + JSON.parse', `${floorMs.toFixed(2)} ms`);
line('in-process work: decode → payloads ready to send', `${workMs.toFixed(2)} ms (${payloadCount} payloads, ${(compressedBytes / 1e3).toFixed(1)} KB compressed)`);
line('  of which processEvent (decode, parse, enrich, aggregate)', `${stagesMs.toFixed(2)} ms`);
line('  of which buildPayloads (serialise, measure, compress)', `${shipPrepMs.toFixed(2)} ms`);
line('  ratio to the floor (target <= 1.5x)', `${(workMs / floorMs).toFixed(2)}x`);
line('  events per second', `${Math.round((EVENTS / workMs) * 1000).toLocaleString('en-US')}`);

// ---- the bundle: size, load time, handler time and peak RSS in a child process ----
const bundleBytes = statSync(BUNDLE).size;
line('bundle dist/forwarder/index.js (target < 1 MB)', `${(bundleBytes / 1024).toFixed(0)} KB`);

function wallMs(args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
const bareMs = wallMs(['-e', '']);
const loadMs = wallMs(['-e', `require(${JSON.stringify(BUNDLE)})`]);
line("node -e '' (bare)", `${bareMs.toFixed(0)} ms`);
line('node -e require(bundle)', `${loadMs.toFixed(0)} ms (+${(loadMs - bareMs).toFixed(0)} ms; target < 50 ms above bare)`);

const intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
const dir = mkdtempSync(join(tmpdir(), 'forwarder-bench-'));
const eventFile = join(dir, 'event.json');
writeFileSync(eventFile, JSON.stringify(event));
const childScript = join(dir, 'child.cjs');
writeFileSync(
  childScript,
  `const started = performance.now();
const { handler } = require(${JSON.stringify(BUNDLE)});
const requireMs = performance.now() - started;
const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
const context = { awsRequestId: 'bench', functionName: 'dd-forwarder', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd-forwarder', getRemainingTimeInMillis: () => 60000 };
(async () => {
  const times = [];
  let firstRssKb = 0;
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    await handler(event, context);
    times.push(performance.now() - start);
    if (i === 0) firstRssKb = process.resourceUsage().maxRSS;
  }
  console.log(JSON.stringify({ requireMs, times, firstRssKb, maxRssKb: process.resourceUsage().maxRSS }));
})().catch((error) => { console.error(error.message); process.exit(1); });
`,
);
// The child runs while this process keeps serving the intake, so spawn it asynchronously.
const { spawn } = await import('node:child_process');
const child = spawn(process.execPath, [childScript], {
  env: { PATH: process.env.PATH, DD_API_KEY: API_KEY, DD_URL: intake.url, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder', DD_TAGS: 'env:bench', POWERTOOLS_LOG_LEVEL: 'WARN' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let childOut = '';
child.stdout.on('data', (chunk: Buffer) => (childOut += chunk.toString()));
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
await intake.stop();
if (code !== 0) throw new Error(`bench child failed (exit ${code})`);
const measured = JSON.parse(childOut.trim().split('\n').pop() as string) as { requireMs: number; times: number[]; firstRssKb: number; maxRssKb: number };
const invocations = intake.store.distributionTotals('aws.lambda.invocations').sum;
line('require(bundle) inside the child', `${measured.requireMs.toFixed(0)} ms`);
line('handler → local intake, first invocation (cold: config, connection)', `${measured.times[0]!.toFixed(1)} ms`);
line('handler → local intake, median of the next 7', `${median(measured.times.slice(1)).toFixed(1)} ms`);
line('peak RSS after the first invocation (target < 100 MB)', `${(measured.firstRssKb / 1024).toFixed(0)} MB`);
line('peak RSS after eight invocations (V8 collects lazily)', `${(measured.maxRssKb / 1024).toFixed(0)} MB`);
line('  check: invocations counted by the intake (8 deliveries)', `${invocations} = 8 × ${invocations / 8}`);
