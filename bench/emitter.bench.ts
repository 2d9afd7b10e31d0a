/**
 * The emitter's hot path and its output size. Prints:
 * - calls/second of count() into the buffer, without tags and with a tags object (target: >= 5 million without tags);
 * - lines/second of flush() into a discarding output;
 * - bytes of log per 1,000 calls with aggregation, and without (one line per call, as datadog-lambda-js writes).
 */
import { loadavg } from 'node:os';
import { formatLine, normaliseTags } from '../emitter/grammar.js';
import { createMetrics, MetricType } from '../emitter/index.js';

// The machine may be shared: say how busy it was, since every rate below shrinks with it.
console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${process.version}; best of 5 runs each`);

const discard = (): void => {};
const quietEnv = {}; // no MONITORING_* from the caller's shell

function bestOf(runs: number, fn: () => number): number {
  let best = 0;
  for (let i = 0; i < runs; i++) best = Math.max(best, fn());
  return best;
}

function callsPerSecond(label: string, call: (m: ReturnType<typeof createMetrics>, i: number) => void, calls: number): void {
  const rate = bestOf(5, () => {
    const metrics = createMetrics({ output: discard, env: quietEnv, maxBufferedLines: 1_000_000 });
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) call(metrics, i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    metrics.flush();
    return calls / seconds;
  });
  console.log(`${label.padEnd(48)} ${(rate / 1e6).toFixed(2)} million calls/s`);
}

const ROUTES = ['/orders', '/users', '/health', '/cart'];
callsPerSecond('count(name), no tags', (m) => m.count('bench.requests'), 20_000_000);
callsPerSecond('count(name, 1, {route, status}) (4 tag sets)', (m, i) => m.count('bench.requests', 1, { route: ROUTES[i & 3], status: 200 }), 5_000_000);
callsPerSecond("count(name, 1, ['route:/orders', 'canary'])", (m) => m.count('bench.requests', 1, ['route:/orders', 'canary']), 5_000_000);
callsPerSecond('histogram(name, value), no tags', (m, i) => m.histogram('bench.latency', i & 1023), 5_000_000);

// flush(): 5,000 buffered lines (the default cap) of distinct series with two tags, written to a discarding output.
{
  const lines = 5_000;
  let clock = 1_700_000_000_000;
  const metrics = createMetrics({ output: discard, env: quietEnv, tags: { env: 'prod' }, maxBufferedLines: lines + 1, now: () => clock });
  const rounds = 200;
  let spent = 0n;
  for (let round = 0; round < rounds; round++) {
    clock += 1000;
    for (let i = 0; i < lines; i++) metrics.gauge('bench.queue.depth', i, { shard: i });
    const start = process.hrtime.bigint();
    metrics.flush();
    spent += process.hrtime.bigint() - start;
  }
  const rate = (rounds * lines) / (Number(spent) / 1e9);
  console.log(`${'flush() of 5,000-line buffers'.padEnd(48)} ${(rate / 1e6).toFixed(2)} million lines/s`);
}

// Bytes of log per 1,000 calls: 1,000 count() calls in one second over 4 routes, with and without aggregation.
{
  const calls = 1_000;
  const timestampMs = 1_700_000_000_000;
  let aggregatedBytes = 0;
  const metrics = createMetrics({ output: (text) => (aggregatedBytes += Buffer.byteLength(text)), env: quietEnv, tags: { env: 'prod', service: 'checkout' }, now: () => timestampMs });
  for (let i = 0; i < calls; i++) metrics.count('checkout.orders.placed', 1, { route: ROUTES[i & 3] });
  metrics.flush();

  let perCallBytes = 0;
  for (let i = 0; i < calls; i++) {
    const tags = normaliseTags(['env:prod', 'service:checkout', `route:${ROUTES[i & 3]}`]);
    perCallBytes += Buffer.byteLength(formatLine({ name: 'checkout.orders.placed', type: MetricType.Count, value: 1, timestamp: timestampMs / 1000, tags }) + '\n');
  }
  console.log(`${'log bytes per 1,000 calls, aggregated'.padEnd(48)} ${aggregatedBytes} bytes (4 lines)`);
  console.log(`${'log bytes per 1,000 calls, one line per call'.padEnd(48)} ${perCallBytes} bytes (${calls} lines, ${(perCallBytes / aggregatedBytes).toFixed(0)}x)`);
}
