/**
 * `lambda-dd-metrics parse`, the built CLI (dist/cli/index.js) run by the system's Node (npm_node_execpath: the Node
 * that runs npm, 20 here, the oldest the package supports), on each kind of input it reads. The JSON dialects come
 * from the real clients (datadog-lambda-js, Powertools Metrics, aws-embedded-metrics) and this project's emitter, run
 * in a child under the emulated Lambda runtime (client-logs.ts), in both of Lambda's log formats.
 */
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { lambdaFunctionEnv, type CapturedEvent, type LogFormat } from '../../local/lambda-runtime.js';
import { subscriptionEvent } from '../forwarder/clients/support.js';

const BUILT_CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const CLIENT_LOGS = fileURLToPath(new URL('./client-logs.ts', import.meta.url));
const NODE = process.env.npm_node_execpath ?? 'node';
const NOW = Math.floor(Date.now() / 1000);
const REQUEST_ID = '6234bffe-149a-b642-81ff-2e8e376d8aff';

// Each CLI run starts a Node and reads a 2 MB bundle: about 1 s here, several on a machine under load.
jest.setTimeout(90_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnRun(command: string, args: readonly string[], stdin: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const cli = (args: readonly string[], stdin = '', env: Record<string, string> = {}): Promise<Run> => spawnRun(NODE, [CLI, ...args], stdin, { ...process.env, ...env });

/** The log events of one invocation of client-logs.ts in `logFormat` (the pinned Node, as `npm test` runs). */
async function clientLogs(logFormat: LogFormat): Promise<CapturedEvent[]> {
  const out = join(dir, `client-${logFormat}.json`);
  const env = lambdaFunctionEnv('checkout', logFormat);
  const run = await spawnRun(process.execPath, ['--import', 'tsx', CLIENT_LOGS, logFormat, out], '', env);
  if (run.code !== 0) throw new Error(`client-logs.ts ${logFormat} failed (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
  return JSON.parse(readFileSync(out, 'utf8')) as CapturedEvent[];
}

function dataMessage(lines: readonly string[], logGroup = '/aws/lambda/checkout') {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: '2026/01/15/[$LATEST]0123456789abcdef0123456789abcdef',
    subscriptionFilters: ['to-datadog'],
    logEvents: lines.map((message, i) => ({ id: String(i + 1), timestamp: NOW * 1000, message })),
  };
}

/** What --json prints (the shape PARSE_USAGE documents). */
interface JsonReport {
  input: string;
  logGroup: string;
  outcome: string;
  exitCode: number;
  stats: { events: number; linesParsed: number; rejected: Record<string, number> };
  metrics: Array<{ type: string; name: string; timestamp: number; values?: number[]; value?: number; status?: number; tags: string[] }>;
  rejected: Array<{ line?: number; logEvent?: number; logEventId?: string; lineInEvent?: number; text: string; dialect?: string; reason: string; detail: string; why?: string }>;
  warnings: Array<{ line?: number; logEvent?: number; lineInEvent?: number; text: string; dialect: string; kind: string; detail: string }>;
}

let dir: string;
let CLI: string;
beforeAll(async () => {
  // A build started meanwhile (it empties dist/ first) is waited out, for at most a minute.
  const built = [BUILT_CLI, join(BUILT_CLI, '..', 'package.json')];
  for (let waited = 0; !built.every((file) => existsSync(file)); waited += 2_000) {
    if (waited >= 60_000) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (npm test does)`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  dir = mkdtempSync(join(tmpdir(), 'parse-cli-'));
  // The bundle is self-contained: a copy runs the same, and a build that replaces dist/ meanwhile cannot take it away.
  CLI = join(dir, 'cli', 'index.js');
  mkdirSync(join(dir, 'cli'));
  copyFileSync(BUILT_CLI, CLI);
  copyFileSync(join(BUILT_CLI, '..', 'package.json'), join(dir, 'cli', 'package.json'));
}, 90_000);

// Blank lines on purpose: line numbers are the input's, not the count of log events.
const RAW_LINES = [
  `MONITORING|${NOW}|2|count|orders.placed|#plan:pro`,
  '',
  `2026-01-15T09:00:00.000Z\t${REQUEST_ID}\tINFO\tMONITORING|${NOW}|NaN|count|orders.placed`,
  `MONITORING|${NOW}|1|counter|orders.placed`,
  '',
  `REPORT RequestId: ${REQUEST_ID}\tDuration: 46.84 ms\tBilled Duration: 47 ms \tMemory Size: 192 MB\tMax Memory Used: 72 MB\t`,
].join('\n');

describe('lambda-dd-metrics parse: line numbers and the exit status', () => {
  it('names each rejected raw line by its line number in the input and exits 1, with one line on stderr', async () => {
    const { code, stdout, stderr } = await cli(['parse', '-', '--function', 'checkout'], RAW_LINES);

    expect(code).toBe(1);
    expect(stderr).toBe('lambda-dd-metrics parse: 2 rejected lines (exit status 1; --allow-rejects exits 0)\n');
    expect(stdout).toContain('Read raw log lines from /aws/lambda/checkout: 4 log events, 1 metric line accepted, 2 rejected, 0 warnings, 1 invocation report, 0 failed invocations.');
    expect(stdout).toMatch(/^ {2}distribution {2}orders\.placed {2}\S+ {2}values \[2\] #account_id:000000000000,functionname:checkout,plan:pro,region:us-east-1$/m);
    expect(stdout).toMatch(/^ {2}distribution {2}aws\.lambda\.enhanced\.duration {2}\S+ {2}values \[0\.04684\] #.*cold_start:false/m);
    expect(stdout).toContain(`  line 3 (MONITORING): bad_value: value "NaN" is not a finite number\n    2026-01-15T09:00:00.000Z\t${REQUEST_ID}\tINFO\tMONITORING|${NOW}|NaN|count|orders.placed`);
    expect(stdout).toContain(`  line 4 (MONITORING): bad_type: type "counter" is not count, gauge, histogram or check\n    MONITORING|${NOW}|1|counter|orders.placed`);
    expect(stdout).not.toMatch(/\bevent \d/);
  });

  it('--allow-rejects prints the same and exits 0', async () => {
    // One --now for both: raw lines are stamped with it (the REPORT line's points carry that time).
    const strict = await cli(['parse', '--function', 'checkout', '--now', String(NOW * 1000)], RAW_LINES);
    const allowed = await cli(['parse', '--function', 'checkout', '--now', String(NOW * 1000), '--allow-rejects'], RAW_LINES);

    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe(strict.stdout);
    expect(allowed.stderr).toBe('lambda-dd-metrics parse: 2 rejected lines (allowed by --allow-rejects)\n');
  });

  it('exits 0 and says nothing on stderr when every line was read', async () => {
    const { code, stdout, stderr } = await cli(['parse'], `MONITORING|${NOW}|1|count|orders.placed\nhello world\n`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).not.toContain('Rejected lines');
  });

  it('names a line of a subscription event by its log event, and by its line in a multi-line message', async () => {
    const message = dataMessage([`MONITORING|${NOW}|5|count|cart.items\n`, `MONITORING|${NOW}|1|count|cart.items\nMONITORING|${NOW}|x|count|cart.items\n`, `MONITORING|${NOW}|1|gauge|9lives\n`]);
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } }));

    const text = await cli(['parse', file]);
    const json = await cli(['parse', file, '--json']);

    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Read subscription event from /aws/lambda/checkout: 3 log events, 2 metric lines accepted, 2 rejected');
    expect(text.stdout).toContain('  log event 2, line 2 (MONITORING): bad_value: value "x" is not a finite number');
    expect(text.stdout).toContain('  log event 3 (MONITORING): bad_name: metric name "9lives" breaks Datadog\'s naming rules');
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.rejected.map((r) => [r.logEvent, r.logEventId, r.lineInEvent, r.line])).toEqual([
      [2, '2', 2, undefined],
      [3, '3', undefined, undefined],
    ]);
  });

  it('refuses a payload it cannot decode with the reason and exit code 1, even with --allow-rejects', async () => {
    const { code, stdout } = await cli(['parse', '--allow-rejects'], JSON.stringify({ awslogs: { data: 'bm90IGd6aXA=' } }));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^The forwarder cannot read this subscription event: bad_gzip \(.+\)\. Nothing would be sent\.$/m);
  });

  it('answers a CONTROL_MESSAGE with what the forwarder does with it', async () => {
    const { code, stdout } = await cli(['parse'], JSON.stringify({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [] }));
    expect(code).toBe(0);
    expect(stdout).toContain('CONTROL_MESSAGE');
  });

  it('explains its usage: no command, an unknown command, a bad option, a missing file', async () => {
    expect(await cli([])).toMatchObject({ code: 2, stdout: expect.stringContaining('Usage: lambda-dd-metrics <command>') });
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli(['parse', '--now', 'yesterday'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--now must be an ISO time or epoch milliseconds') });
    expect(await cli(['parse', '--strict'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option "--strict"') });
    expect(await cli(['parse', join(dir, 'missing.log')])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read') });
  });

  it("says a point is outside Datadog's time window (not a rejection: exit 0), and --now judges it as of the time it was logged", async () => {
    const old = NOW - 3 * 3600;
    const line = `MONITORING|${old}|1|count|orders.placed`;

    const now = await cli(['parse'], line);
    expect(now.code).toBe(0);
    expect(now.stdout).toContain("Dropped by Datadog's time window: 1 too_old");
    expect(now.stdout).not.toContain('orders.placed');

    const then = await cli(['parse', '--now', new Date(old * 1000 + 60_000).toISOString()], line);
    expect(then.stdout).not.toContain('Dropped');
    expect(then.stdout).toMatch(/orders\.placed {2}\S+ {2}values \[1\]/);
  });
});

describe('lambda-dd-metrics parse: warnings for lines that are read but may not say what was meant', () => {
  it('warns of a millisecond timestamp, a space in a tag and `key: value`, each on its line; a clean line has none', async () => {
    const lines = [
      `MONITORING|${NOW}|1|count|clean.line|#team:payments,env:prod`,
      `MONITORING|${NOW}000|1|count|late.line`,
      `MONITORING|${NOW}|1|count|tagged.line|#team: payments,my team:x`,
      `{"e":${NOW}123,"m":"dd.point","t":["route: pay","dd_lambda_layer:datadog-nodev24.0.0"],"v":1}`,
    ].join('\n');

    const { code, stdout, stderr } = await cli(['parse'], lines);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' }); // warnings do not fail the run
    expect(stdout).toContain('4 metric lines accepted, 0 rejected, 5 warnings');
    const warnings = stdout.slice(stdout.indexOf('Warnings'));
    expect(warnings).not.toContain('line 1 ');
    expect(warnings).toContain(`  line 2 (MONITORING): timestamp ${NOW}000 is in milliseconds: read as ${NOW} seconds (write epoch seconds)`);
    expect(warnings).toContain('  line 3 (MONITORING): tag "team: payments" has a space after ":": sent as "team:_payments" (write "team:payments")');
    expect(warnings).toContain('  line 3 (MONITORING): tag "my team:x" has a space in it: sent as "my_team:x"');
    expect(warnings).toContain(`  line 4 (datadog-lambda): "e" ${NOW}123 is in milliseconds: read as ${NOW} seconds (write epoch seconds)`);
    expect(warnings).toContain('  line 4 (datadog-lambda): tag "route: pay" has a space after ":": sent as "route:_pay" (write "route:pay")');
    // What the warning says is what is sent.
    expect(stdout.split('\n').find((line) => line.includes('  tagged.line  '))).toMatch(/ #account_id:000000000000,functionname:my-function,my_team:x,region:us-east-1,team:_payments$/);
  });

  it('warns of a metric line the subscription filter would drop before the forwarder, and of no line it passes', async () => {
    // datadog-lambda-js and datadog_lambda add dd_lambda_layer:datadog-<runtime> to every point; a hand-written one lacks it.
    const handWritten = JSON.stringify({ m: 'orders.placed', v: 1, e: NOW, t: ['plan:pro'] });
    const fromTheClient = JSON.stringify({ m: 'orders.placed', v: 1, e: NOW, t: ['plan:pro', 'dd_lambda_layer:datadog-nodev24.0.0'] });
    const report = JSON.parse((await cli(['parse', '--json'], `${handWritten}\n${fromTheClient}\nMONITORING|${NOW}|1|count|orders.shipped`)).stdout) as JsonReport;

    expect(report.warnings.map((w) => [w.line, w.kind, w.dialect])).toEqual([[1, 'filtered_out', 'datadog_lambda']]);
    expect(report.warnings[0]?.detail).toContain('it would not reach a deployed forwarder');
    expect(report.exitCode).toBe(0);
  });

  it('lists at most 10 warnings for one line and counts the rest', async () => {
    const tags = Array.from({ length: 25 }, (_, i) => `key${i}: v`).join(',');
    const report = JSON.parse((await cli(['parse', '--json'], `MONITORING|${NOW}|1|count|many.tags|#${tags}`)).stdout) as JsonReport;
    expect(report.warnings).toHaveLength(11);
    expect(report.warnings[10]).toMatchObject({ line: 1, kind: 'space_after_colon', detail: 'and 15 more warnings on this line' });
  });

  it('warns of an EMF Timestamp in seconds and a tag the emitter would warn about', async () => {
    const emf = { _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['host']], Metrics: [{ Name: 'Orders' }] }] }, host: 'web-1', Orders: 1 };
    const { stdout } = await cli(['parse', '--json'], `${JSON.stringify(emf)}\nMONITORING|${NOW}|1|count|per.request|#request:${REQUEST_ID}`);

    const report = JSON.parse(stdout) as JsonReport;
    expect(report.warnings.map((w) => [w.line, w.dialect, w.kind])).toEqual([
      [1, 'emf', 'emf_timestamp_in_seconds'],
      [1, 'emf', 'tag_advice'],
      [2, 'monitoring', 'tag_advice'],
    ]);
    expect(report.warnings[2]?.detail).toBe('tag "request" looks unbounded (an id or timestamp): one series per value');
  });
});

describe('lambda-dd-metrics parse: values without float noise', () => {
  it('prints the cost estimate and a sum as people write them, in text and in JSON', async () => {
    const report = `REPORT RequestId: ${REQUEST_ID}\tDuration: 46.84 ms\tBilled Duration: 47 ms\tMemory Size: 192 MB\tMax Memory Used: 72 MB\t`;
    const lines = `${report}\nMONITORING|${NOW}|0.30000000000000004|gauge|queue.depth`;

    const text = await cli(['parse'], lines);
    const json = await cli(['parse', '--json'], lines);

    // 192 MB x 0.047 s x $0.0000166667 per GB-s + $0.0000002 per request = 3.4687529375000005e-7 in doubles.
    expect(text.stdout).toMatch(/aws\.lambda\.enhanced\.estimated_cost {2}\S+ {2}values \[3\.4687529375e-7\]/);
    expect(text.stdout).toMatch(/gauge {2}queue\.depth {2}\S+ {2}value 0\.3 /);
    expect(text.stdout).not.toMatch(/\d{16}/);
    const metrics = (JSON.parse(json.stdout) as JsonReport).metrics;
    expect(metrics.find((m) => m.name === 'queue.depth')).toMatchObject({ type: 'gauge', value: 0.3 });
    expect(metrics.find((m) => m.name === 'aws.lambda.enhanced.estimated_cost')?.values).toEqual([3.4687529375e-7]);
    expect(json.stdout).not.toMatch(/\d{16}/);
  });
});

describe('lambda-dd-metrics parse: reserved names', () => {
  it("lists datadog-lambda's own aws.lambda.enhanced.* lines as refused but does not fail on them; a user's reserved name still exits 1", async () => {
    // What datadog-lambda-js writes each invocation with DD_ENHANCED_METRICS on (its default), beside a user's point.
    const enhanced = JSON.stringify({ e: NOW, m: 'aws.lambda.enhanced.invocations', t: ['functionname:checkout', 'dd_lambda_layer:datadog-nodev24.0.0'], v: 1 });
    const userPoint = JSON.stringify({ e: NOW, m: 'orders.placed', t: ['dd_lambda_layer:datadog-nodev24.0.0'], v: 2 });

    const own = await cli(['parse'], `${enhanced}\n${userPoint}`);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('  line 1 (datadog-lambda): reserved_name: metric name "aws.lambda.enhanced.invocations"');
    expect(own.stderr).toBe('');

    const forged = await cli(['parse'], `${enhanced}\n${JSON.stringify({ e: NOW, m: 'aws.lambda.errors', t: [], v: 1 })}`);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toBe('lambda-dd-metrics parse: 1 rejected line (exit status 1; --allow-rejects exits 0)\n');
  });

  it('explains why a name under aws.lambda. or forwarder. is refused, once per reason in text, on each in JSON', async () => {
    const lines = [`MONITORING|${NOW}|1|count|aws.lambda.invocations`, `MONITORING|${NOW}|1|count|forwarder.batches`].join('\n');

    const text = await cli(['parse'], lines);
    const json = await cli(['parse', '--json'], lines);

    expect(text.code).toBe(1);
    expect(text.stdout).toContain('  line 1 (MONITORING): reserved_name: metric name "aws.lambda.invocations" is under "aws.lambda."');
    expect(text.stdout).toContain('  line 2 (MONITORING): reserved_name: metric name "forwarder.batches" is under "forwarder."');
    expect(text.stdout.match(/^ {4}why: names under aws\.lambda\. are Datadog's AWS integration's and the forwarder's platform metrics, names under forwarder\. the forwarder's self metrics/gm)).toHaveLength(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.rejected.map((r) => [r.line, r.reason, r.why?.includes('Name the metric after your service')])).toEqual([
      [1, 'reserved_name', true],
      [2, 'reserved_name', true],
    ]);
  });
});

describe("lambda-dd-metrics parse reads the forwarder's settings from the environment", () => {
  it('METRIC_PREFIX names the platform metrics and is reserved, EMF_NAMESPACE_RULE names EMF metrics, DD_TAGS tags', async () => {
    const emf = { _aws: { Timestamp: NOW * 1000, CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [[]], Metrics: [{ Name: 'OrdersPlaced' }] }] }, OrdersPlaced: 2 };
    const lines = [JSON.stringify(emf), `MONITORING|${NOW}|1|count|acme.lambda.invocations`, `REPORT RequestId: ${REQUEST_ID}\tDuration: 5 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`].join('\n');
    const env = { METRIC_PREFIX: 'acme.lambda', EMF_NAMESPACE_RULE: 'metric', DD_TAGS: 'team:payments' };

    const report = JSON.parse((await cli(['parse', '--json'], lines, env)).stdout) as JsonReport;
    const defaults = JSON.parse((await cli(['parse', '--json'], lines)).stdout) as JsonReport;

    expect(report.metrics.map((m) => m.name)).toContain('OrdersPlaced');
    expect(report.metrics.map((m) => m.name)).toContain('acme.lambda.invocations');
    expect(report.metrics.find((m) => m.name === 'acme.lambda.invocations')?.tags).toContain('team:payments');
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([[2, 'reserved_name']]);
    // The same lines under the defaults: the integration's EMF name, aws.lambda.enhanced.*, the line accepted.
    expect(defaults.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['shop.orders_placed', 'aws.lambda.enhanced.invocations', 'acme.lambda.invocations']));
    expect(defaults.rejected).toEqual([]);
  });

  it('a setting the forwarder would refuse is a usage error', async () => {
    expect(await cli(['parse'], '', { EMF_NAMESPACE_RULE: 'sideways' })).toMatchObject({ code: 2, stderr: expect.stringContaining('EMF_NAMESPACE_RULE "sideways" is not a rule') });
  });
});

describe('lambda-dd-metrics parse --json', () => {
  it('prints the documented shape; the help names every key it prints', async () => {
    const message = dataMessage([`MONITORING|${NOW}|1|check|site.up|#env:prod\n`, `MONITORING|${NOW}|7|check|site.up\n`, `MONITORING|${NOW}|31.5|gauge|queue.depth|#my tag:x\n`]);

    const { code, stdout } = await cli(['parse', '--json'], JSON.stringify(message));
    const help = await cli(['parse', '--help']);

    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report).toMatchObject({ input: 'decoded DATA_MESSAGE', logGroup: '/aws/lambda/checkout', outcome: 'processed', exitCode: 1 });
    expect(report.metrics.map((m) => [m.type, m.name, m.status ?? m.value])).toEqual([
      ['gauge', 'queue.depth', 31.5],
      ['check', 'site.up', 1],
    ]);
    expect(report.rejected.map((r) => [r.logEvent, r.dialect, r.reason])).toEqual([[2, 'monitoring', 'bad_check_status']]);
    expect(report.warnings.map((w) => [w.logEvent, w.kind])).toEqual([[3, 'space_in_tag']]);
    const keys = new Set([...Object.keys(report), ...report.metrics.flatMap(Object.keys), ...report.rejected.flatMap(Object.keys), ...report.warnings.flatMap(Object.keys)]);
    const undocumented = [...keys].filter((key) => !help.stdout.includes(`"${key}"`));
    expect(undocumented).toEqual([]);
    expect(help.stdout).toContain('--allow-rejects');
    expect(help.stdout).toMatch(/Exit status: 0 .*; 1 .*; 2 a usage error/s);
  });
});

describe('lambda-dd-metrics parse reads what the real clients write', () => {
  it.each(['Text', 'JSON'] as const)('%s log format: datadog-lambda-js, Powertools, aws-embedded-metrics and the emitter in one subscription event', async (logFormat) => {
    const events = await clientLogs(logFormat);
    const file = join(dir, `clients-${logFormat}.json`);
    writeFileSync(file, JSON.stringify(subscriptionEvent('checkout', events)));

    const { code, stdout } = await cli(['parse', file, '--json']);

    const report = JSON.parse(stdout) as JsonReport;
    const values = (name: string) => report.metrics.filter((m) => m.name === name).map((m) => m.values);
    expect(values('checkout.latency')).toEqual([[120]]); // datadog-lambda-js
    expect(values('shop.orders_placed')).toEqual([[2]]); // Powertools (EMF)
    expect(values('payments.charges')).toEqual([[1]]); // aws-embedded-metrics (EMF)
    expect(values('orders.total')).toEqual([[0.3]]); // the emitter's 0.1 + 0.2, written 0.30000000000000004
    // datadog-lambda-js writes its own aws.lambda.enhanced.invocations; forwarder.batches is the function's.
    expect(code).toBe(1);
    expect(report.rejected[0]?.why).toContain('datadog-lambda writes its own aws.lambda.enhanced.* lines unless DD_ENHANCED_METRICS=false');
    expect(report.rejected.map((r) => [r.dialect, r.reason, r.detail.slice(0, r.detail.indexOf('" is under'))])).toEqual([
      ['datadog_lambda', 'reserved_name', 'metric name "aws.lambda.enhanced.invocations'],
      ['datadog_lambda', 'reserved_name', 'metric name "forwarder.batches'],
    ]);
    expect(report.rejected.every((r) => r.logEvent !== undefined && events[r.logEvent - 1]?.message.includes(r.text))).toBe(true);
    expect(report.warnings.map((w) => [w.dialect, w.kind, w.detail])).toEqual([
      ['datadog_lambda', 'space_after_colon', 'tag "team: payments" has a space after ":": sent as "team:_payments" (write "team:payments")'],
      ['emf', 'space_in_tag', 'tag "team:Payments Team" has a space in it: sent as "team:payments_team"'],
      ['emf', 'space_in_tag', 'tag "Provider:stripe inc" has a space in it: sent as "provider:stripe_inc"'],
    ]);
  }, 60_000);
});
