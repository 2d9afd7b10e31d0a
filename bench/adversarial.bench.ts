/**
 * The three line shapes of issue 11 at 256 KB against an ordinary line of the same length, through the built CLI
 * (`node dist/cli/index.js parse FILE --json`, a process each) and through the built forwarder's handler (one process,
 * each event in turn, warm), best of 3; and the bad awslogs.data (256 KB of spaces, then `!`) against an
 * ordinary payload of the same size. Printed as ratios measured in one run (goal: about 1; before the fixes they were
 * 20x to over 4,000x, and the CLI did not finish in 240 s on two of them).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPayload, toAwslogsEvent } from '../test/forwarder/fixtures/awslogs.js';
import { startFastSink } from '../test/support/fast-sink.js';
import { LineShapes, ordinaryBase64, ordinaryLine, PayloadShapes, type Shape } from '../test/forwarder/fixtures/adversarial.js';

const SIZE = 256 * 1024;
const REPEATS = 3;
const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/forwarder/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'adversarial-bench-'));

const lines: Record<string, string> = {
  ordinary: ordinaryLine(SIZE),
  digits: (LineShapes['digits in a MONITORING value'] as Shape)(SIZE),
  report: (LineShapes['Duration:\\t repeated in a REPORT line'] as Shape)(SIZE),
};
const events: Record<string, unknown> = Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, toAwslogsEvent(dataPayload([line], { startMs: Date.now() }))]));
events.ordinaryPayload = { awslogs: { data: ordinaryBase64(SIZE) } };
events.spaces = { awslogs: { data: (PayloadShapes['spaces then a character outside base64'] as Shape)(SIZE) } };

// ---- the CLI: one process per input, raw lines or the event as a file ----
const cliMs: Record<string, number> = {};
const cliInputs: Record<string, string> = { ...lines, ordinaryPayload: JSON.stringify(events.ordinaryPayload), spaces: JSON.stringify(events.spaces) };
for (const [name, text] of Object.entries(cliInputs)) {
  const file = join(dir, `${name}.txt`);
  writeFileSync(file, text);
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    spawnSync(process.execPath, [CLI, 'parse', file, '--json'], { stdio: 'ignore' });
    best = Math.min(best, performance.now() - start);
  }
  cliMs[name] = best;
}

// ---- the handler: one process, against a loopback sink that answers at once ----
const sink = await startFastSink();
const eventsFile = join(dir, 'events.json');
writeFileSync(eventsFile, JSON.stringify(events));
const childScript = `const { handler } = require(process.env.BUNDLE);
const events = JSON.parse(require('node:fs').readFileSync(process.env.EVENTS, 'utf8'));
const context = { awsRequestId: 'bench', functionName: 'dd-forwarder', getRemainingTimeInMillis: () => 900000 };
(async () => {
  await handler(events.ordinary, context);
  const best = {};
  for (const name of Object.keys(events)) {
    best[name] = Infinity;
    for (let r = 0; r < ${REPEATS}; r++) { const start = performance.now(); await handler(events[name], context); best[name] = Math.min(best[name], performance.now() - start); }
  }
  console.log(JSON.stringify(best));
})().catch((error) => { console.error(error); process.exit(1); });`;
const child = spawn(process.execPath, ['-e', childScript], {
  env: {
    PATH: process.env.PATH,
    BUNDLE,
    EVENTS: eventsFile,
    DD_API_KEY: 'bench0000000000000000000000000000',
    DD_URL: sink.url,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
await sink.close();
if (code !== 0) throw new Error(`handler child failed (exit ${code})`);
const handlerMs = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;

const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(1)} ms`;
console.log(`adversarial shapes at ${SIZE / 1024} KB, best of ${REPEATS}; load average ${loadavg()[0]?.toFixed(2)}`);
for (const [shape, baseline] of [['digits', 'ordinary'], ['report', 'ordinary'], ['spaces', 'ordinaryPayload']] as const) {
  for (const [via, times] of [['cli parse', cliMs], ['handler', handlerMs]] as const) {
    const ratio = (times[shape] as number) / (times[baseline] as number);
    console.log(`  ${via.padEnd(9)} ${shape.padEnd(7)} ${ms(times[shape]).padStart(10)} vs ${baseline} ${ms(times[baseline]).padStart(10)}: ${ratio.toFixed(2)}x`);
  }
}
