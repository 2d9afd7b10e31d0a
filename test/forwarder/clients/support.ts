/**
 * Runs the instrumented functions and the built forwarder each in a child process, as Lambda would: a function's
 * clients read their environment once when they load (aws-embedded-metrics picks console.log or its own Console by
 * AWS_LAMBDA_LOG_FORMAT, Powertools reads the initialization type), so every function and log format gets a fresh
 * process; the forwarder is the deployed bundle (dist/forwarder/index.js), not the sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { lambdaFunctionEnv, type CapturedEvent, type LogFormat } from '../../../local/lambda-runtime.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../dist/forwarder/index.js', import.meta.url));
export const API_KEY = '5f4dcc3b5aa765d61d8327deb882cf99';

async function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`child ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`);
  return output;
}

/** The log events of `invocations` invocations of function `name`, in `logFormat`. */
export async function runFunction(name: string, logFormat: LogFormat, invocations: number): Promise<CapturedEvent[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'client-run-')), 'events.json');
  await run(['--import', 'tsx', join(HERE, 'run-function.ts'), name, logFormat, String(invocations), out], lambdaFunctionEnv(name, logFormat));
  return JSON.parse(readFileSync(out, 'utf8')) as CapturedEvent[];
}

/** A subscription event of one function's log group holding `events`, as CloudWatch Logs delivers it. */
export function subscriptionEvent(functionName: string, events: readonly CapturedEvent[]): unknown {
  return toAwslogsEvent(dataPayload(events.map((e) => ({ message: e.message, timestamp: e.timestamp })), { functionName }));
}

/** The built forwarder's handler on each event in turn, in one process (one warm forwarder), into `intakeUrl`. */
export async function forwardWithBundle(events: readonly unknown[], intakeUrl: string): Promise<void> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'client-forward-'));
  writeFileSync(join(dir, 'events.json'), JSON.stringify(events));
  const script = join(dir, 'forward.cjs');
  writeFileSync(
    script,
    `const { handler } = require(${JSON.stringify(BUNDLE)});
const events = require(${JSON.stringify(join(dir, 'events.json'))});
const context = { awsRequestId: 'clients-test', functionName: 'dd-forwarder', getRemainingTimeInMillis: () => 60000 };
(async () => { for (const event of events) await handler(event, context); })().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  await run([script], {
    DD_API_KEY: API_KEY,
    DD_URL: intakeUrl,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder',
    DD_FETCH_LAMBDA_TAGS: 'false',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
}
