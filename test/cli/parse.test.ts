/**
 * `lambda-dd-metrics parse`, the built CLI (dist/cli/index.js) run by the system's Node (npm_node_execpath: the Node
 * that runs npm, 20 here, the oldest the package supports), on each kind of input it reads.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const NODE = process.env.npm_node_execpath ?? 'node';
const NOW = Math.floor(Date.now() / 1000);
const REQUEST_ID = '6234bffe-149a-b642-81ff-2e8e376d8aff';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const RAW_LINES = [
  `MONITORING|${NOW}|2|count|orders.placed|#plan:pro`,
  `2026-01-15T09:00:00.000Z\t${REQUEST_ID}\tINFO\tMONITORING|${NOW}|NaN|count|orders.placed`,
  `MONITORING|${NOW}|1|counter|orders.placed`,
  `REPORT RequestId: ${REQUEST_ID}\tDuration: 46.84 ms\tBilled Duration: 47 ms \tMemory Size: 192 MB\tMax Memory Used: 72 MB\t`,
].join('\n');

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

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'parse-cli-'));
});

describe('lambda-dd-metrics parse', () => {
  it('reads raw lines from stdin: the metrics it would send, and each rejected line with its reason', async () => {
    const { code, stdout, stderr } = await cli(['parse', '-', '--function', 'checkout'], RAW_LINES);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Read raw log lines from /aws/lambda/checkout: 4 log events, 1 metric line accepted, 2 rejected, 1 invocation report, 0 failed invocations.');
    expect(stdout).toMatch(/^ {2}distribution {2}orders\.placed {2}\S+ {2}values \[2\] #account_id:000000000000,functionname:checkout,plan:pro,region:us-east-1$/m);
    expect(stdout).toMatch(/^ {2}distribution {2}aws\.lambda\.enhanced\.duration {2}\S+ {2}values \[0\.04684\] #.*cold_start:false/m);
    expect(stdout).toMatch(/^ {2}distribution {2}aws\.lambda\.enhanced\.invocations {2}\S+ {2}values \[1\]/m);
    expect(stdout).toContain(`  event 2: bad_value: value "NaN" is not a finite number\n    2026-01-15T09:00:00.000Z\t${REQUEST_ID}\tINFO\tMONITORING|${NOW}|NaN|count|orders.placed`);
    expect(stdout).toContain(`  event 3: bad_type: type "counter" is not count, gauge, histogram or check\n    MONITORING|${NOW}|1|counter|orders.placed`);
  });

  it('reads a subscription event from a file, with the function and account from the log group and owner', async () => {
    const file = join(dir, 'event.json');
    const event = { awslogs: { data: gzipSync(JSON.stringify(dataMessage([`MONITORING|${NOW}|5|count|cart.items\n`]))).toString('base64') } };
    writeFileSync(file, JSON.stringify(event));

    const { code, stdout } = await cli(['parse', file]);

    expect(code).toBe(0);
    expect(stdout).toContain('Read subscription event from /aws/lambda/checkout: 1 log event, 1 metric line accepted, 0 rejected');
    expect(stdout).toMatch(/cart\.items {2}\S+ {2}values \[5\] #account_id:123456789012,functionname:checkout,region:us-east-1$/m);
    expect(stdout).not.toContain('Rejected lines');
  });

  it('reads a decoded DATA_MESSAGE and answers in JSON with --json', async () => {
    const message = dataMessage([`MONITORING|${NOW}|1|check|site.up|#env:prod\n`, `MONITORING|${NOW}|7|check|site.up\n`, `MONITORING|${NOW}|31.5|gauge|queue.depth\n`]);

    const { code, stdout } = await cli(['parse', '--json'], JSON.stringify(message));

    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { input: string; outbound: { checks: Array<{ check: string; status: number }>; series: Array<{ metric: string; points: Array<{ value: number }> }> }; rejectedLines: Array<{ event: number; reason: string }> };
    expect(result.input).toBe('decoded DATA_MESSAGE');
    expect(result.outbound.checks.map((c) => [c.check, c.status])).toEqual([['site.up', 1]]);
    expect(result.outbound.series.map((s) => [s.metric, s.points.map((p) => p.value)])).toEqual([['queue.depth', [31.5]]]);
    expect(result.rejectedLines.map((r) => [r.event, r.reason])).toEqual([[2, 'bad_check_status']]);
  });

  it('says a point is outside Datadog\'s time window, and --now judges it as of the time it was logged', async () => {
    const old = NOW - 3 * 3600;
    const line = `MONITORING|${old}|1|count|orders.placed`;

    const now = await cli(['parse'], line);
    expect(now.stdout).toContain("Dropped by Datadog's time window: 1 too_old");
    expect(now.stdout).not.toContain('orders.placed');

    const then = await cli(['parse', '--now', new Date(old * 1000 + 60_000).toISOString()], line);
    expect(then.stdout).not.toContain('Dropped');
    expect(then.stdout).toMatch(/orders\.placed {2}\S+ {2}values \[1\]/);
  });

  it('refuses a payload it cannot decode with the reason and exit code 1', async () => {
    const { code, stdout } = await cli(['parse'], JSON.stringify({ awslogs: { data: 'bm90IGd6aXA=' } }));
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
    expect(await cli(['parse', join(dir, 'missing.log')])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read') });
  });
});

describe('lambda-dd-metrics parse explains the JSON metric dialects', () => {
  it('reads datadog-lambda and EMF lines, and says why one is refused and which dialect it was read as', async () => {
    const lines = [
      `{"e":${NOW},"m":"checkout.latency","t":["route:pay"],"v":120}`,
      JSON.stringify({ _aws: { Timestamp: NOW * 1000, CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'OrdersPlaced' }, { Name: 'Broken' }] }] }, service: 'api', OrdersPlaced: 2, Broken: 'x' }),
      `{"e":${NOW},"m":"aws.lambda.enhanced.invocations","t":[],"v":1}`,
    ].join('\n');

    const { code, stdout } = await cli(['parse', '-', '--function', 'checkout'], lines);

    expect(code).toBe(0);
    expect(stdout).toContain('3 log events, 2 metric lines accepted, 2 rejected');
    expect(stdout).toMatch(/^ {2}distribution {2}checkout\.latency {2}\S+ {2}values \[120\] #.*route:pay/m);
    expect(stdout).toMatch(/^ {2}distribution {2}shop\.orders_placed {2}\S+ {2}values \[2\] #.*service:api/m);
    expect(stdout).toContain('  event 2: emf line, bad_value: metric "Broken" has value "x", not a finite number or a list of them');
    expect(stdout).toContain('  event 3: datadog_lambda line, reserved_name: metric name "aws.lambda.enhanced.invocations" is under "aws.lambda."');
  });
});
