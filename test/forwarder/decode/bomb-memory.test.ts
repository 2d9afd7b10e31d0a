/**
 * A gzip bomb against the deployed forwarder (dist/forwarder, built by `npm run build`; `npm test` builds first) in a
 * Node started as Lambda starts it for a 128 MB function: about 207 KB of gzip that inflate to 61 MB of events
 * (655,339 of them, the bomb of issue 11) is cut at the caps of forwarder/decode/limits.ts while inflating, the
 * invocation succeeds (no throw: Lambda would only deliver the same bomb again), the cuts are counted, the events
 * kept are shipped exactly, and the process never holds more than a 128 MB function has.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeLimits } from '../../../forwarder/decode/limits.js';
import { DecodeRejectReason } from '../../../forwarder/types.js';
import { startIntake, type Intake } from '../../../intake/index.js';
import { buildBomb, BOMB_METRIC } from '../fixtures/bomb.js';
import { API_KEY, FORWARDER_NAME, forwarderEnv } from '../handler/support.js';
import { childResult } from '../../support/child-result.js';
import { lambdaNodeFlags } from '../../support/lambda-flags.js';

const BUNDLE = fileURLToPath(new URL('../../../dist/forwarder/index.js', import.meta.url));
const MEMORY_MB = 128;
let intake: Intake;
beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
});
afterAll(async () => {
  await intake?.stop();
});

interface ChildResult {
  summary: { outcome: string; stats: { rejected: Record<string, number> }; payloads: { acked: number; failed: number } };
  peakRssMb: number;
}

/**
 * The bundle's handler on `event` in a fresh Node with the 128 MB flags; its summary and peak resident memory. The
 * peak is the process's own high-water mark (VmHWM): process.resourceUsage().maxRSS starts a spawned child at its
 * parent's size (Linux carries it over fork and exec), so under a large test runner it reports the runner's memory.
 */
async function runInLambdaNode(event: unknown): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'forwarder-bomb-'));
  const eventFile = join(dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const script = `const { handler } = require(${JSON.stringify(BUNDLE)});
const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
const context = { awsRequestId: 'bomb-test', functionName: '${FORWARDER_NAME}', memoryLimitInMB: '${MEMORY_MB}', getRemainingTimeInMillis: () => 60000 };
handler(event, context).then(
  (summary) => {
    const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
    const peakRssMb = Number(/VmHWM:\\s+(\\d+) kB/.exec(status)[1]) / 1024;
    process.stdout.write('\\nRESULT ' + JSON.stringify({ summary, peakRssMb }) + '\\n');
  },
  (error) => { console.error('handler threw:', error && error.message); process.exit(1); },
);`;
  return childResult<ChildResult>([...lambdaNodeFlags(MEMORY_MB), '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...forwarderEnv(intake.url), AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB), POWERTOOLS_LOG_LEVEL: 'ERROR' },
    what: 'forwarder child',
  });
}

test('a 60 MB bomb is cut within a 128 MB function, the invocation succeeds, and the events kept are shipped exactly', async () => {
  const minuteAgo = Math.floor(Date.now() / 1000) - 60;
  const bomb = await buildBomb(655_339, minuteAgo);
  expect(bomb.inflatedBytes).toBeGreaterThan(60_000_000);
  expect(bomb.gzipBytes).toBeLessThan(256 * 1024);

  const { summary, peakRssMb } = await runInLambdaNode(bomb.event);

  expect(summary.outcome).toBe('processed');
  expect(summary.stats.rejected).toEqual({ [DecodeRejectReason.TooLarge]: 1 });
  expect(summary.payloads).toMatchObject({ failed: 0 });
  expect(intake.store.distributionTotals(BOMB_METRIC).sum).toBe(DecodeLimits.maxEvents);
  expect(peakRssMb).toBeLessThan(MEMORY_MB);
}, 120_000);
