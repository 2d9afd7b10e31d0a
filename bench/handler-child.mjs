/**
 * Child process of handler.bench.ts, run with a 128 MB function's node flags: loads dist/forwarder/index.js (the
 * bundle a function deploys) and invokes its handler. Mode `memory`: N invocations over the given events, peak RSS
 * after 1, 20 and N, GC time (perf_hooks 'gc' entries) per invocation, heap after a full GC at the end. Mode
 * `floor-memory`: the same loop and figures with the floor (base64 + gunzip + JSON.parse) in place of the handler, and
 * an event-loop turn where the handler would await its requests: what any forwarder pays at the least. Mode
 * `stream-memory`: the same again for a forwarder that never holds a batch whole, at its least: gunzip in 16 KB pieces,
 * each made a string and dropped, nothing parsed. Mode `time`:
 * rounds of { floor, handler } in a rotating order, each timed. Mode `cpu`: N invocations after 10 warm-up, the
 * CPU time (user + system) of each: the process's (every thread: V8's concurrent GC threads included) and the main
 * thread's alone (process.threadCpuUsage, Node 23.9 and later). Prints one JSON line, the last one
 * on stdout (the forwarder's own log lines come before it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip, gunzipSync } from 'node:zlib';

const started = performance.now();
const { handler } = createRequire(import.meta.url)(process.env.BENCH_BUNDLE);
const requireMs = performance.now() - started;

const [mode, eventsFile, countText] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const count = Number(countText);
const context = {
  awsRequestId: 'bench', functionName: 'dd-forwarder', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd-forwarder', getRemainingTimeInMillis: () => 60000,
};
/**
 * The process's own peak resident memory (VmHWM). Not process.resourceUsage().maxRSS: Linux carries a parent's
 * maxRSS over fork and exec, so a child spawned by a large bench process would report the parent's peak.
 */
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const floor = (event) => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));

/** `work(event)` N times over the events, as memory() measures it. */
async function memory(work = (event) => handler(event, context)) {
  let gcMs = 0;
  let gcCount = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const rss = {};
  const heapAfterGc = [];
  for (let i = 1; i <= count; i++) {
    await work(events[i % events.length]);
    if (i === 1 || i === 20 || i === count) rss[i] = peakMb();
  }
  await new Promise((resolve) => setTimeout(resolve, 0)); // let the observer deliver the last entries
  observer.disconnect();
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    heapAfterGc.push(process.memoryUsage().heapUsed / 1e6);
  }
  return { requireMs, rss, gcMsPerInvocation: gcMs / count, gcPerInvocation: gcCount / count, heapAfterGcMb: heapAfterGc[0], rssNowMb: process.memoryUsage().rss / 1048576 };
}

async function time() {
  const floorMs = [];
  const handlerMs = [];
  const warmup = 10;
  for (let round = 0; round < warmup + count; round++) {
    const event = events[round % events.length];
    const order = round % 2 === 0 ? ['floor', 'handler'] : ['handler', 'floor'];
    for (const task of order) {
      const start = performance.now();
      if (task === 'floor') floor(event);
      else await handler(event, context);
      const ms = performance.now() - start;
      if (round >= warmup) (task === 'floor' ? floorMs : handlerMs).push(ms);
    }
  }
  return { requireMs, floorMs, handlerMs };
}

async function cpu() {
  const cpuMs = [];
  const threadMs = [];
  const ms = (used) => (used.user + used.system) / 1000;
  // Before Node 23.9 there is no per-thread figure: the process's stands in, and the bench says so.
  const perThread = typeof process.threadCpuUsage === 'function';
  const threadUsage = (previous) => (perThread ? process.threadCpuUsage(previous) : process.cpuUsage(previous));
  for (let i = 0; i < 10 + count; i++) {
    const before = process.cpuUsage();
    const threadBefore = threadUsage();
    await handler(events[i % events.length], context);
    if (i < 10) continue;
    cpuMs.push(ms(process.cpuUsage(before)));
    threadMs.push(ms(threadUsage(threadBefore)));
  }
  return { requireMs, cpuMs, threadMs, perThread };
}

const floorThenTurn = (event) => {
  floor(event);
  return nextTurn();
};
const streamAndDrop = (event) =>
  new Promise((resolve, reject) => {
    const gunzip = createGunzip({ chunkSize: 16 * 1024 });
    gunzip.on('data', (piece) => piece.toString('latin1'));
    gunzip.on('end', resolve);
    gunzip.on('error', reject);
    gunzip.end(Buffer.from(event.awslogs.data, 'base64'));
  });
const modes = { memory: () => memory(), 'floor-memory': () => memory(floorThenTurn), 'stream-memory': () => memory(streamAndDrop), cpu, time };
if (!(mode in modes)) throw new Error(`unknown mode ${mode}: one of ${Object.keys(modes).join(', ')}`);
modes[mode]()
  .then((result) => console.log(JSON.stringify(result)))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
