/**
 * Memory stays flat (issue 14): the built forwarder (dist/forwarder) in a child Node started with a 128 MB function's
 * flags handles 300 invocations of 2,000-event batches from 40 log groups in turn, against a loopback sink, and reads
 * its heap after a full GC (global.gc, which the Lambda runtime's --expose-gc provides) every 25 invocations. A cache
 * or map that grows per log group, per invocation or per batch shows as a rising heap; the check is generous (noise
 * is a few hundred KB): the heap after the last quarter may not exceed the heap after the first quarter by 3 MB.
 * No times are measured.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childResult } from '../support/child-result.js';
import { startFastSink, type FastSink } from '../support/fast-sink.js';
import { lambdaNodeFlags } from '../support/lambda-flags.js';
import { buildRealisticBatch } from './fixtures/batch.js';

const BUNDLE = fileURLToPath(new URL('../../dist/forwarder/index.js', import.meta.url));
const INVOCATIONS = 300;
const EVERY = 25;
const LOG_GROUPS = 40;
const ALLOWED_GROWTH_MB = 3;

let sink: FastSink;
beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  sink = await startFastSink();
});
afterAll(() => sink?.close());

const childScript = `
const { readFileSync } = require('node:fs');
const { handler } = require(process.env.BUNDLE);
const events = JSON.parse(readFileSync(process.env.EVENTS, 'utf8'));
const context = { awsRequestId: 'memory', functionName: 'dd-forwarder', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd-forwarder', getRemainingTimeInMillis: () => 60000 };
(async () => {
  const heapMb = [];
  for (let i = 1; i <= ${INVOCATIONS}; i++) {
    await handler(events[i % events.length], context);
    if (i % ${EVERY} === 0) { global.gc(); heapMb.push(process.memoryUsage().heapUsed / 1048576); }
  }
  console.log('RESULT ' + JSON.stringify({ heapMb }));
})().catch((error) => { console.error(error); process.exit(1); });`;

test(`the heap after a full GC does not keep growing over ${INVOCATIONS} invocations from ${LOG_GROUPS} log groups`, async () => {
  const startMs = Date.now() - 5 * 60_000;
  const events = Array.from({ length: LOG_GROUPS }, (_, g) => buildRealisticBatch({ events: 2_000, startMs, functionName: `memory-fn-${g}`, seed: g + 1 }).event);
  const eventsFile = join(mkdtempSync(join(tmpdir(), 'forwarder-memory-')), 'events.json');
  writeFileSync(eventsFile, JSON.stringify(events));

  const { heapMb } = await childResult<{ heapMb: number[] }>([...lambdaNodeFlags(128), '-e', childScript], {
    env: { PATH: process.env.PATH ?? '', BUNDLE, EVENTS: eventsFile, DD_API_KEY: 'memory0000000000000000000000000000', DD_URL: sink.url, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    what: 'forwarder child',
    quiet: true,
  });
  expect(heapMb).toHaveLength(INVOCATIONS / EVERY);
  const quarter = Math.floor(heapMb.length / 4);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const early = mean(heapMb.slice(1, 1 + quarter)); // after the first sample: the first batches warm caches and code
  const late = mean(heapMb.slice(-quarter));
  const samples = heapMb.map((mb) => mb.toFixed(1)).join(', ');
  if (late - early > ALLOWED_GROWTH_MB || !Number.isFinite(late - early)) throw new Error(`the heap after GC grew ${(late - early).toFixed(2)} MB (> ${ALLOWED_GROWTH_MB}): ${samples} MB`);
}, 180_000);
