/**
 * Many forwarder containers at once against one local intake, for the concurrent-forwarders test (a few processes)
 * and its bench (bench/concurrent.bench.ts, 100 processes).
 *
 * Each container is a fresh Node process under `nice -n 19` running the built bundle (a copy of dist/forwarder/, as
 * deployed), handling its batches one after another as a warm Lambda container does, each invocation with a minute
 * left. Each child also reports how starved its event loop was (perf_hooks.monitorEventLoopDelay over its
 * invocations: the largest delay of a timer, which is what a plain request timer would have suffered). The intake runs in the calling process on
 * loopback with its real clock.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIntake, type Intake } from '../../intake/index.js';
import { ForwarderMetric, platformNames } from '../../forwarder/metric-names.js';
import { buildRealisticBatch, type RealisticBatchExpectations } from './fixtures/batch.js';
import { API_KEY, FORWARDER_NAME } from './handler/support.js';

export const BUNDLE = fileURLToPath(new URL('../../dist/forwarder/index.js', import.meta.url));

export interface ConcurrentRunSize {
  processes: number;
  batchesPerProcess: number;
  eventsPerBatch: number;
  /** Distinct batches, dealt round-robin (the same batch goes to several processes: each delivery counts on its own). */
  distinctBatches: number;
  /** Time left in each invocation (default 60 s, the template's forwarder timeout). */
  remainingMs?: number;
}

/**
 * What one batch's invocation answered (the handler's InvocationSummary, the fields read here), or the error its last
 * try threw; `lambdaRetries`: the times it threw and was invoked again, as Lambda retries an asynchronous invocation
 * (twice at most).
 */
export type ChildSummary = { lambdaRetries: number; thrown: string[] } & (
  | { payloads: { sent: number; acked: number; failed: number }; requests: number; retries: number; error?: undefined }
  | { error: string }
);

export interface ChildResult {
  summaries: ChildSummary[];
  /** The largest event-loop delay the child saw, ms. */
  maxLoopDelayMs: number;
}

export interface ConcurrentRunResult {
  children: ChildResult[];
  /** What the intake should hold: every delivered batch's expectations, once per delivery. */
  delivered: RealisticBatchExpectations[];
  wallMs: number;
}

/**
 * The child: its batches in turn, `remainingMs` left in each invocation. An invocation that throws is invoked again
 * at once with the same batch, twice at most, as Lambda retries a failed asynchronous invocation (after a pause).
 */
function childScript(bundle: string, remainingMs: number): string {
  return `const { monitorEventLoopDelay } = require('node:perf_hooks');
const { handler } = require(${JSON.stringify(bundle)});
const loop = monitorEventLoopDelay({ resolution: 10 }); // from the first invocation on (loading the bundle not counted)
loop.enable();
const files = process.argv.slice(2);
(async () => {
  const summaries = [];
  for (const [i, file] of files.entries()) {
    const thrown = [];
    for (let attempt = 0; ; attempt++) {
      const deadline = Date.now() + ${remainingMs};
      const context = { awsRequestId: process.pid + '-' + i, functionName: '${FORWARDER_NAME}', invokedFunctionArn: '', getRemainingTimeInMillis: () => deadline - Date.now() };
      const answer = await handler(require(file), context).catch((error) => ({ error: error.message }));
      if (answer.error === undefined || attempt === 2) {
        summaries.push({ ...answer, lambdaRetries: attempt, thrown });
        break;
      }
      thrown.push(answer.error);
    }
  }
  loop.disable();
  process.stdout.write('\\nRESULT ' + JSON.stringify({ summaries, maxLoopDelayMs: loop.max / 1e6 }) + '\\n');
})().catch((error) => { console.error('handler failed:', error.message); process.exit(1); });
`;
}

function runChild(script: string, files: string[], intakeUrl: string): Promise<ChildResult> {
  const child = spawn('nice', ['-n', '19', process.execPath, script, ...files], {
    env: {
      PATH: process.env.PATH ?? '',
      DD_API_KEY: API_KEY,
      DD_URL: intakeUrl,
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: FORWARDER_NAME,
      DD_FETCH_LAMBDA_TAGS: 'false',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`forwarder child failed (exit ${code}):\n${err.slice(-1500)}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
    });
  });
}

/**
 * A started intake (real clock: the children stamp points with their own) and a scratch directory holding a copy of
 * the built forwarder (its lazy chunks beside it), so a rebuild of dist/ during a long run cannot pull it away.
 */
export async function startConcurrentIntake(): Promise<{ intake: Intake; dir: string; cleanUp: () => Promise<void> }> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'concurrent-forwarders-'));
  cpSync(dirname(BUNDLE), join(dir, 'forwarder'), { recursive: true });
  const intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
  return {
    intake,
    dir,
    cleanUp: async () => {
      await intake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function runConcurrentForwarders(size: ConcurrentRunSize, intake: Intake, dir: string): Promise<ConcurrentRunResult> {
  const startMs = Date.now() - 5 * 60_000;
  const batches = Array.from({ length: size.distinctBatches }, (_, i) => {
    const built = buildRealisticBatch({ events: size.eventsPerBatch, startMs, seed: 100 + i, functionName: `checkout-${i}` });
    const file = join(dir, `batch-${i}.json`);
    writeFileSync(file, JSON.stringify(built.event));
    return { file, expected: built.expected };
  });
  const script = join(dir, 'child.cjs');
  writeFileSync(script, childScript(join(dir, 'forwarder', 'index.js'), size.remainingMs ?? 60_000));
  const assigned = Array.from({ length: size.processes }, (_, p) =>
    Array.from({ length: size.batchesPerProcess }, (_, b) => batches[(p * size.batchesPerProcess + b) % size.distinctBatches]!),
  );
  const started = performance.now();
  const children = await Promise.all(assigned.map((own) => runChild(script, own.map((b) => b.file), intake.url)));
  return { children, delivered: assigned.flat().map((b) => b.expected), wallMs: performance.now() - started };
}

/** Sums the run's outcome: what the children report, what the intake holds, and what it should hold. */
export function tally(result: ConcurrentRunResult, intake: Intake) {
  const all = result.children.flatMap((child) => child.summaries);
  const summaries = all.flatMap((s) => (s.error === undefined ? [s] : []));
  const total = (pick: (e: RealisticBatchExpectations) => number) => result.delivered.reduce((sum, e) => sum + pick(e), 0);
  const P = platformNames().platform;
  const { store } = intake;
  const dataRequests = store.requests().filter((r) => r.path !== '/api/v1/validate');
  const requestsBy = (status: string) => store.distributionTotals(ForwarderMetric.Requests, { status }).sum;
  return {
    invocations: all.length,
    /** Batches whose invocation still threw after Lambda's two retries, by message. */
    errors: all.flatMap((s) => (s.error === undefined ? [] : [s.error])),
    /** Invocations that threw and were retried as Lambda does, by message. */
    thrownThenRetried: all.flatMap((s) => s.thrown),
    incomplete: summaries.filter((s) => s.payloads.failed > 0 || s.payloads.acked !== s.payloads.sent).length,
    retries: summaries.reduce((sum, s) => sum + s.retries, 0),
    requestsMade: summaries.reduce((sum, s) => sum + s.requests, 0),
    requestsSeen: dataRequests.length,
    requestsNot202: dataRequests.filter((r) => r.status !== 202).length,
    /** The forwarders' own count of their requests by outcome (forwarder.requests{status}). */
    requestsTimedOut: requestsBy('timeout'),
    requestsNetworkFailed: requestsBy('network'),
    ambiguousResends: store.distributionTotals(ForwarderMetric.AmbiguousResends).sum,
    maxLoopDelayMs: Math.max(...result.children.map((child) => child.maxLoopDelayMs)),
    batchesCounted: store.distributionTotals(ForwarderMetric.Batches, { functionname: FORWARDER_NAME }).sum,
    totals: {
      invocations: { expected: total((e) => e.invocations), stored: store.distributionTotals(P.Invocations).sum },
      ordersItems: { expected: total((e) => e.countTotals['orders.items'] ?? 0), stored: store.distributionTotals('orders.items').sum },
      ordersPlaced: { expected: total((e) => e.countTotals['orders.placed'] ?? 0), stored: store.distributionTotals('orders.placed').sum },
      latencyValues: { expected: total((e) => e.histogramValues['checkout.latency'] ?? 0), stored: store.distributionTotals('checkout.latency').count },
    },
  };
}
