/**
 * The backfill command against moto CloudWatch Logs (PutLogEvents with realistic Lambda lines, read back with
 * FilterLogEvents) and the local intake. `now` is injected and shared with the intake; the log history is placed
 * relative to it: one stream inside Datadog's 1-hour window, one two hours back (dropped and counted, never sent).
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startIntake, type Intake } from '../../intake/index.js';
import { BACKFILL_USAGE, parseTime, runBackfill, type BackfillIo } from '../../cli/backfill.js';
import { platformNames } from '../../forwarder/metric-names.js';
import { realisticMinute, type Minute } from '../forwarder/handler/realistic-batch.js';
import { API_KEY } from '../forwarder/handler/support.js';
import { awsClientConfig, MOTO_ACCOUNT, startMoto, type Moto } from '../support/moto.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const GROUP = '/aws/lambda/checkout-api';
const MINUTE = 60_000;
const NOW_MS = Math.floor(Date.now() / MINUTE) * MINUTE; // moto refuses events far in the past; history is placed from here
const recent = realisticMinute(30, NOW_MS - 20 * MINUTE, 3);
const old = realisticMinute(12, NOW_MS - 120 * MINUTE, 5);
const custom = { functionname: 'checkout-api', env: 'prod' };

let moto: Moto;
let logs: CloudWatchLogsClient;
let intake: Intake;

async function putStream(name: string, minute: Minute): Promise<void> {
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: name }));
  await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: name, logEvents: minute.messages }));
}

function io(extra: Partial<BackfillIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: BackfillIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    now: () => NOW_MS,
    env: { AWS_REGION: 'us-east-1', DD_API_KEY: API_KEY, DD_URL: intake.url, DD_TAGS: 'team:shop' },
    logs,
    sleep: async () => undefined,
    ...extra,
  };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

const window = ['--log-group', GROUP, '--start', new Date(NOW_MS - 3 * 60 * MINUTE).toISOString(), '--end', String(NOW_MS)];

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsClient(awsClientConfig(moto.endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await putStream('2026/01/01/[$LATEST]aaaa', recent);
  await putStream('2026/01/01/[$LATEST]bbbb', old);
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS });
});
afterEach(async () => {
  await intake.stop();
});

test('dry run: prints the metrics, counts what Datadog would drop, sends nothing', async () => {
  const run = io();
  expect(await runBackfill([...window, '--dry-run'], run.io)).toBe(0);
  const lines = run.stdout().split('\n');
  const invocations = lines.filter((l) => l.startsWith(`distribution ${P.Invocations} `));
  // Only the recent minute's invocations are printed, with the forwarder's tags (account from the log group's ARN).
  const printed = invocations.reduce((sum, l) => sum + Number(/\[(\d+)\]/.exec(l)![1]), 0);
  expect(printed).toBe(recent.truth.invocations);
  expect(invocations[0]).toContain(`account_id:${MOTO_ACCOUNT}`);
  expect(invocations[0]).toContain('functionname:checkout-api');
  expect(invocations[0]).toContain('team:shop');
  // The old stream's points are counted as left out, each sample once: per invocation the invocation count, duration,
  // billed duration, max memory, memory size, estimated cost and the two custom points; plus init duration per cold start.
  const summary = lines.find((l) => l.startsWith('backfill: '))!;
  expect(summary).toMatch(/dry run: nothing sent/);
  const tooOld = Number(/; (\d+) points older than 1 hour would be left out \(Datadog drops them\)/.exec(summary)![1]);
  expect(tooOld).toBe(old.truth.invocations * 8 + old.truth.coldStarts);
  expect(summary).toContain(`${recent.messages.length + old.messages.length} events, 2 log streams`);
  expect(run.stderr()).toMatch(/backfill: page 1, \d+ events from 2 log streams read/);
  expect(intake.store.requests()).toHaveLength(0);
});

test('shipping: the recent history reaches the intake with exact totals, the old is not sent', async () => {
  const run = io();
  expect(await runBackfill(window, run.io)).toBe(0);
  expect(intake.store.distributionTotals(P.Invocations, { functionname: 'checkout-api' }).sum).toBe(recent.truth.invocations);
  expect(intake.store.distributionTotals('orders.placed', custom).sum).toBe(recent.truth.ordersPlaced);
  expect(intake.store.distributionValues('checkout.latency', custom).sort((a, b) => a - b)).toEqual([...recent.truth.latencies].sort((a, b) => a - b));
  expect(intake.store.droppedPoints()).toEqual([]); // nothing sent that Datadog would have dropped
  expect(run.stdout()).toMatch(/points in \d+ payloads sent, 0 payloads failed; \d+ points older than 1 hour were left out/);
});

test('the intake refusing: exit code 1 and the failure in the summary', async () => {
  intake.faults.inject({ kind: 'status', status: 403, times: 100 });
  const run = io();
  expect(await runBackfill(window, run.io)).toBe(1);
  expect(run.stdout()).toMatch(/(?<!\d)[1-9]\d* payloads failed/);
});

test('help says Datadog drops points older than an hour; bad arguments exit 2 with the reason', async () => {
  const run = io();
  expect(await runBackfill(['--help'], run.io)).toBe(0);
  expect(run.stdout()).toBe(`${BACKFILL_USAGE}\n`);
  expect(BACKFILL_USAGE).toMatch(/more than 1 hour old.*dropped by Datadog/s);
  for (const [args, reason] of [
    [['--start', '1', '--end', '2'], '--log-group is required'],
    [['--log-group', GROUP, '--start', 'yesterday', '--end', '2'], '--start "yesterday" is not a time'],
    [['--log-group', GROUP, '--start', '20', '--end', '10'], '--end must be after --start'],
    [['--log-group', GROUP, '--start', '1', '--end', '2', '--bogus'], 'unknown option --bogus'],
  ] as const) {
    const bad = io();
    expect(await runBackfill(args, bad.io)).toBe(2);
    expect(bad.stderr()).toContain(reason);
  }
});

test('times: ISO, epoch seconds and epoch milliseconds', () => {
  expect(parseTime('2026-01-01T00:00:00Z', 'x')).toBe(1_767_225_600_000);
  expect(parseTime('1767225600', 'x')).toBe(1_767_225_600_000);
  expect(parseTime('1767225600000', 'x')).toBe(1_767_225_600_000);
});
