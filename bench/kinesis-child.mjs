/**
 * Child process of kinesis.bench.ts, run with a Lambda function's node flags: loads dist/forwarder/index.js (the
 * deployed bundle) and invokes its handler with Kinesis events, after a warm-up, one after another. Prints one
 * `RESULT <json>` line (test/support/child-result.ts): each timed invocation's milliseconds, what the answers listed
 * (must be nothing: the sink takes everything), and the process's own peak RSS (VmHWM: process.resourceUsage().maxRSS
 * of a spawned child starts at its parent's).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { handler } = createRequire(import.meta.url)(process.env.BENCH_BUNDLE);
const [eventsFile, roundsText, warmupText] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const rounds = Number(roundsText);
const warmup = Number(warmupText);
const context = {
  awsRequestId: 'bench', functionName: 'dd-forwarder', functionVersion: '$LATEST', memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd-forwarder', getRemainingTimeInMillis: () => 60000,
};
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

const ms = [];
let listed = 0;
for (let round = 0; round < warmup + rounds; round++) {
  const event = events[round % events.length];
  const start = performance.now();
  const answer = await handler(event, context);
  const took = performance.now() - start;
  listed += answer.batchItemFailures.length;
  if (round >= warmup) ms.push(took);
}
console.log(`RESULT ${JSON.stringify({ ms, listed, peakMb: peakMb() })}`);
