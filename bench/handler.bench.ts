/**
 * The deployed bundle (dist/forwarder/index.js) under a 128 MB function's node flags, against a loopback sink that
 * answers at once (so the figures are the forwarder's own cost, not a network's):
 * - handler / floor: each invocation of the bench batch beside base64 + gunzip + JSON.parse of it, same process,
 *   interleaved rounds (goal <= 1.5x);
 * - peak RSS after 1, 20 and 200 invocations over eight log groups (goal <= 80 MB and flat), GC time per invocation
 *   (perf_hooks 'gc' entries), heap after a full GC; and the same figures for the floor alone in the same loop, the
 *   least any forwarder of these batches pays under these flags, and for a streaming gunzip that parses nothing, the
 *   least one that never holds a batch whole would pay;
 * - module load: `node -e 'require(bundle)'` above a bare `node -e ''` (goal <= 20 ms), how much of it is Node's
 *   own modules that the bundle requires (loaded alone), and zlib + https alone, which no forwarder can do without;
 * - CPU per invocation at the deployed log level (INFO), the main thread's and the process's, and the main thread's
 *   beyond the in-process work the summary line reports (workMs): the send path, self-metrics, the log line, and the
 *   GC that runs between them (goal for the send path <= 1 ms).
 *
 * The flags are the ones the Lambda Node.js runtime's bootstrap passes at 128 MB (test/support/lambda-flags.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFastSink } from '../test/support/fast-sink.js';
import { lambdaNodeFlags } from '../test/support/lambda-flags.js';
import { buildBenchBatch } from './batch.js';
import { line, loadAverage, median, pairedRatio } from './measure.js';

const MEMORY_MB = 128;
const LAMBDA_128_FLAGS = lambdaNodeFlags(MEMORY_MB);
const BUNDLE = fileURLToPath(new URL('../dist/forwarder/index.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./handler-child.mjs', import.meta.url));
const API_KEY = 'bench0000000000000000000000000000';
const INVOCATIONS = 200;
const TIME_ROUNDS = 60;
const LOG_GROUPS = 8;

// ---- the sink: answers every request at once (the key check with valid:true, the rest 202) ----
const sink = await startFastSink();
const sinkUrl = sink.url;

// ---- eight 10,000-event batches, one per log group (each invocation gets one, in turn) ----
const startMs = Date.now() - 5 * 60_000;
const events = Array.from({ length: LOG_GROUPS }, (_, g) => buildBenchBatch({ events: 10_000, startMs, functionName: `checkout-api-${g}` }).events[0]);
const dir = mkdtempSync(join(tmpdir(), 'forwarder-bench-'));
const eventsFile = join(dir, 'events.json');
writeFileSync(eventsFile, JSON.stringify(events));
line('batches', `${LOG_GROUPS} log groups, one 10,000-event batch each (60 % MONITORING); invocations take them in turn`);

async function child<T>(mode: 'memory' | 'floor-memory' | 'stream-memory' | 'time' | 'cpu', count: number): Promise<T & { logLines: string[] }> {
  // The cpu mode logs as a deployed forwarder does (Powertools' default level, INFO: one summary line an invocation).
  const logLevel = mode === 'cpu' ? 'INFO' : 'WARN';
  const run = spawn(process.execPath, [...LAMBDA_128_FLAGS, CHILD, mode, eventsFile, String(count)], {
    env: { PATH: process.env.PATH, BENCH_BUNDLE: BUNDLE, DD_API_KEY: API_KEY, DD_URL: sinkUrl, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB), DD_TAGS: 'env:bench', POWERTOOLS_LOG_LEVEL: logLevel },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on('close', resolve));
  if (code !== 0) throw new Error(`bench child (${mode}) failed (exit ${code})`);
  const lines = out.trim().split('\n');
  return { ...(JSON.parse(lines.pop() as string) as T), logLines: lines };
}

const loadBefore = loadAverage();
type Timed = { requireMs: number; floorMs: number[]; handlerMs: number[] };
type Memory = { requireMs: number; rss: Record<string, number>; gcMsPerInvocation: number; gcPerInvocation: number; heapAfterGcMb?: number; rssNowMb: number };
const timed = await child<Timed>('time', TIME_ROUNDS);
const memory = await child<Memory>('memory', INVOCATIONS);
const floorMemory = await child<Memory>('floor-memory', INVOCATIONS);
const streamMemory = await child<Memory>('stream-memory', INVOCATIONS);
const cpu = await child<{ cpuMs: number[]; threadMs: number[]; perThread: boolean }>('cpu', TIME_ROUNDS);
/** forwarder.work_duration of each invocation, from its summary log line (workMs: decode → payloads ready to send). */
const workMs = cpu.logLines.flatMap((text) => {
  const entry = JSON.parse(text) as { message?: string; workMs?: number };
  return entry.message === 'Batch forwarded' && typeof entry.workMs === 'number' ? [entry.workMs] : [];
}).slice(-TIME_ROUNDS);

function wallMs(args: string[]): number {
  const start = process.hrtime.bigint();
  if (spawnSync(process.execPath, args, { stdio: 'ignore' }).status !== 0) throw new Error(`node ${args.join(' ')} failed`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
// The Node modules the bundle itself requires (`require("node:…")` in its text), loaded alone: the part of the module
// load that is Node's own (http, https with TLS and crypto, zlib). The Lambda runtime has loaded node:http before the
// handler's module (its runtime API client requires it), so in Lambda that share is smaller than here.
const builtins = [...new Set([...readFileSync(BUNDLE, 'utf8').matchAll(/require\("(node:[a-z_/]+)"\)/g)].map((match) => match[1] as string))].sort();
const bare: number[] = [];
const loaded: number[] = [];
const builtinsOnly: number[] = [];
// The least any forwarder loads: zlib to gunzip the batch, https to reach Datadog.
const unavoidable = ['node:zlib', 'node:https'];
const unavoidableOnly: number[] = [];
const requireAll = (names: string[]) => names.map((name) => `require(${JSON.stringify(name)})`).join(';');
for (let i = 0; i < 21; i++) {
  bare.push(wallMs(['-e', '']));
  loaded.push(wallMs(['-e', `require(${JSON.stringify(BUNDLE)})`]));
  builtinsOnly.push(wallMs(['-e', requireAll(builtins)]));
  unavoidableOnly.push(wallMs(['-e', requireAll(unavoidable)]));
}
await sink.close();

const best = (values: number[]) => Math.min(...values);
line(`flags`, `${LAMBDA_128_FLAGS.join(' ')}; load average ${loadBefore} → ${loadAverage()}`);
line(`floor in the child (${TIME_ROUNDS} rounds after 10 warm-up)`, `median ${median(timed.floorMs).toFixed(2)} ms, best ${best(timed.floorMs).toFixed(2)} ms`);
line('handler → loopback sink', `median ${median(timed.handlerMs).toFixed(2)} ms, best ${best(timed.handlerMs).toFixed(2)} ms`);
line('handler / floor, best / best (goal <= 1.5x)', `${(best(timed.handlerMs) / best(timed.floorMs)).toFixed(2)}x`);
line('handler / floor, median of per-round ratios', `${pairedRatio(timed.handlerMs, timed.floorMs).toFixed(2)}x`);
line(`peak RSS after 1 / 20 / ${INVOCATIONS} invocations (goal <= 80 MB, flat)`, `${[1, 20, INVOCATIONS].map((n) => (memory.rss[n] ?? 0).toFixed(0)).join(' / ')} MB`);
line(`  RSS at the end; heap after a full GC`, `${memory.rssNowMb.toFixed(0)} MB; ${memory.heapAfterGcMb?.toFixed(1) ?? '?'} MB`);
line('GC per invocation (goal <= 0.5 ms)', `${memory.gcMsPerInvocation.toFixed(2)} ms in ${memory.gcPerInvocation.toFixed(1)} collections`);
line(`the floor alone in the same loop: peak RSS after 1 / 20 / ${INVOCATIONS}`, `${[1, 20, INVOCATIONS].map((n) => (floorMemory.rss[n] ?? 0).toFixed(0)).join(' / ')} MB (with the bundle loaded, as above)`);
line('  its GC per batch', `${floorMemory.gcMsPerInvocation.toFixed(2)} ms in ${floorMemory.gcPerInvocation.toFixed(1)} collections`);
line(`gunzip in 16 KB pieces made strings, nothing parsed: peak RSS after 1 / 20 / ${INVOCATIONS}`, `${[1, 20, INVOCATIONS].map((n) => (streamMemory.rss[n] ?? 0).toFixed(0)).join(' / ')} MB; GC ${streamMemory.gcMsPerInvocation.toFixed(2)} ms a batch`);
line("module load: node -e '' (bare), median of 21", `${median(bare).toFixed(0)} ms`);
line('module load: node -e require(bundle) (goal <= 20 ms above bare)', `${median(loaded).toFixed(0)} ms (+${(median(loaded) - median(bare)).toFixed(0)} ms; require inside the child ${memory.requireMs.toFixed(0)} ms)`);
line(`  of it Node's own modules the bundle requires (${builtins.map((name) => name.slice('node:'.length)).join(', ')})`, `+${(median(builtinsOnly) - median(bare)).toFixed(0)} ms; the bundle's code +${(median(loaded) - median(builtinsOnly)).toFixed(0)} ms`);
line(`  zlib + https alone, the least a forwarder loads`, `+${(median(unavoidableOnly) - median(bare)).toFixed(0)} ms`);
line(`CPU per invocation, log level INFO (${TIME_ROUNDS} after 10 warm-up, median)`, cpu.perThread ? `${median(cpu.threadMs).toFixed(1)} ms in the main thread (${median(cpu.cpuMs).toFixed(1)} ms with V8's GC threads)` : `${median(cpu.cpuMs).toFixed(1)} ms, every thread (this Node has no per-thread figure)`);
line('  of it in-process work (workMs: decode → payloads ready)', `${median(workMs).toFixed(0)} ms`);
line('  the rest: send path, self-metrics, log line, GC between', `${(median(cpu.threadMs) - median(workMs)).toFixed(1)} ms (goal for the send path <= 1 ms)`);
line('  check: requests answered by the sink', `${sink.requests()}`);
