/**
 * `datadog:apply` end to end against the local intake (real HTTP, the real Datadog client, the intake's dashboard
 * and monitor routes): a dry run changes nothing, the first run creates, the second changes nothing, a changed
 * definition or a change made remotely is updated in place, and a bad key fails with a message that holds no key.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../dashboards/cli.js';
import { buildDefinitions } from '../../dashboards/definitions.js';
import { keyFromDashboardDescription, keyFromMonitorTags, Managed } from '../../dashboards/managed.js';
import { startIntake, type Intake } from '../../intake/index.js';
import { DashboardApiPath, registerDashboardRoutes, type DashboardState } from '../../intake/routes/dashboards.js';

const defined = buildDefinitions({ notify: [] });
/** Counts below are derived from these: one dashboard, and the monitors listed in the first-run test. */
const MONITORS = defined.monitors.length;
const ALL = defined.dashboards.length + MONITORS;

const API_KEY = 'api-key-0123456789abcdef';
const APP_KEY = 'app-key-fedcba9876543210';

let intake: Intake;
let boards: DashboardState;

beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
  boards = registerDashboardRoutes(intake.router, { appKeys: [APP_KEY] });
});
afterEach(() => intake.stop());

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function apply(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const run: Run = { code: -1, out: [], err: [] };
  run.code = await runCli(args, { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_URL: intake.url, ...env }, {
    out: (l) => run.out.push(l),
    err: (l) => run.err.push(l),
  });
  return run;
}

/** Requests that change something on the Datadog side. */
function writes(): string[] {
  return intake.store
    .requests()
    .filter((r) => r.method === 'POST' || r.method === 'PUT')
    .map((r) => `${r.method} ${r.path}`);
}

const summary = (run: Run) => run.out.at(-1);
const monitorKeys = () => [...boards.monitors.values()].map((m) => keyFromMonitorTags(m.tags as string[])).sort();

test('a dry run reads, reports what it would create and sends nothing', async () => {
  const run = await apply(['--dry-run']);
  expect(run.err).toEqual([]);
  expect(run.code).toBe(0);
  expect(summary(run)).toBe(`dry run, nothing sent: ${ALL} to create, 0 to update, 0 unchanged`);
  expect(run.out.filter((l) => l.startsWith('would create'))).toHaveLength(ALL);
  expect(writes()).toEqual([]);
  expect(intake.store.requests(DashboardApiPath.dashboards).length).toBeGreaterThan(0); // it did read
  expect(boards.dashboards.size + boards.monitors.size).toBe(0);
});

test('the first run creates everything, the second changes nothing', async () => {
  const first = await apply();
  expect(first.err).toEqual([]);
  expect(summary(first)).toBe(`${ALL} created, 0 updated, 0 unchanged`);
  expect(boards.dashboards.size).toBe(1);
  const [dashboard] = boards.dashboards.values();
  expect(keyFromDashboardDescription(dashboard!.description as string)).toBe('lambda-fleet');
  expect(monitorKeys()).toEqual([
    'forwarder-ambiguous-resends',
    'forwarder-failures',
    'forwarder-no-data',
    'forwarder-rejected-lines',
    'forwarder-store-errors',
    'lambda-error-rate',
    'lambda-iterator-age',
    'lambda-throttles',
    'pipeline-failures',
  ]);
  const writesAfterFirst = writes().length;
  expect(writesAfterFirst).toBe(ALL);

  const second = await apply();
  expect(summary(second)).toBe(`0 created, 0 updated, ${ALL} unchanged`);
  expect(writes()).toHaveLength(writesAfterFirst);
  expect(boards.dashboards.size).toBe(1);
  expect(boards.monitors.size).toBe(MONITORS);
});

test('a changed definition updates in place; the dry run before it changes nothing', async () => {
  await apply();
  const ids = [...boards.monitors.keys()].sort();
  const writesBefore = writes().length;

  const preview = await apply(['--dry-run', '--notify', '@slack-lambda-alerts']);
  expect(summary(preview)).toBe(`dry run, nothing sent: 0 to create, ${MONITORS} to update, 1 unchanged`);
  expect(writes()).toHaveLength(writesBefore);

  const changed = await apply(['--notify', '@slack-lambda-alerts']);
  expect(summary(changed)).toBe(`0 created, ${MONITORS} updated, 1 unchanged`);
  expect([...boards.monitors.keys()].sort()).toEqual(ids);
  for (const monitor of boards.monitors.values()) expect(monitor.message).toContain('@slack-lambda-alerts');

  expect(summary(await apply(['--notify', '@slack-lambda-alerts']))).toBe(`0 created, 0 updated, ${ALL} unchanged`);
});

test('a new metric prefix rewrites the dashboard and the platform monitors', async () => {
  await apply();
  const run = await apply(['--metric-prefix', 'custom.lambda']);
  // The dashboard and the error-rate, throttle and iterator-age monitors read platform metrics; the forwarder and
  // pipeline monitors read forwarder.* and pipeline.*, which no prefix changes.
  expect(summary(run)).toBe(`0 created, 4 updated, ${ALL - 4} unchanged`);
  const [dashboard] = boards.dashboards.values();
  expect(JSON.stringify(dashboard)).toContain('sum:custom.lambda.invocations{');
  expect(JSON.stringify(dashboard)).not.toContain('aws.lambda.');
});

test('an edit made on the Datadog side is put back, and only that one', async () => {
  await apply();
  const [id, monitor] = [...boards.monitors.entries()].find(([, m]) => keyFromMonitorTags(m.tags as string[]) === 'lambda-throttles')!;
  boards.monitors.set(id, { ...monitor, query: String(monitor.query).replace('> 0', '> 10') });

  const run = await apply();
  expect(summary(run)).toBe(`0 created, 1 updated, ${ALL - 1} unchanged`);
  expect(run.out.find((l) => l.startsWith('update'))).toContain('lambda-throttles');
  expect(boards.monitors.get(id)!.query).toMatch(/ > 0$/);
});

test('a field removed from a definition counts as a change (the version in the marker moves)', async () => {
  await apply();
  const [id, dashboard] = [...boards.dashboards.entries()][0]!;
  // The remote copy carries a field ours does not: not a change by itself...
  boards.dashboards.set(id, { ...dashboard, notify_list: ['someone@example.com'] });
  expect(summary(await apply())).toBe(`0 created, 0 updated, ${ALL} unchanged`);
  // ...but a remote copy stamped with another version is.
  const description = String(dashboard.description).replace(/version: [0-9a-f]+/, 'version: 000000000000');
  boards.dashboards.set(id, { ...dashboard, description });
  expect(summary(await apply())).toBe(`0 created, 1 updated, ${ALL - 1} unchanged`);
});

test('paging through the lists finds everything (page size 2)', async () => {
  // Unmanaged neighbours on the same account must be left alone.
  for (let i = 0; i < 3; i++) {
    await fetch(`${intake.url}${DashboardApiPath.monitors}`, {
      method: 'POST',
      headers: { 'DD-API-KEY': API_KEY, 'DD-APPLICATION-KEY': APP_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'query alert', name: `other ${i}`, query: 'avg(last_5m):avg:system.load.1{*} > 4', tags: [Managed.tag] }),
    });
  }
  expect(summary(await apply(['--page-size', '2']))).toBe(`${ALL} created, 0 updated, 0 unchanged`);
  expect(summary(await apply(['--page-size', '2']))).toBe(`0 created, 0 updated, ${ALL} unchanged`);
  expect(boards.monitors.size).toBe(MONITORS + 3);
});

test('a wrong application key fails with the status, and no key appears in the output', async () => {
  const run = await apply([], { DD_APP_KEY: 'app-key-not-known-0000' });
  expect(run.code).toBe(1);
  expect(run.err.join('\n')).toMatch(/reading the existing dashboards and monitors failed: HTTP 403/);
  const printed = [...run.out, ...run.err].join('\n');
  for (const secret of [API_KEY, APP_KEY, 'app-key-not-known-0000']) expect(printed).not.toContain(secret);
  expect(writes()).toEqual([]);
});

test('without keys: a dry run validates offline, a real run refuses', async () => {
  const offline = await apply(['--dry-run'], { DD_API_KEY: '', DD_APP_KEY: '' });
  expect(offline.code).toBe(0);
  expect(summary(offline)).toMatch(new RegExp(`^dry run without keys: ${ALL} definitions valid`));
  const refused = await apply([], { DD_API_KEY: '', DD_APP_KEY: '' });
  expect(refused.code).toBe(1);
  expect(refused.err[0]).toMatch(/set DD_API_KEY and DD_APP_KEY/);
  expect(intake.store.requests()).toEqual([]);
});

test('DD_URL with plain http to a non-loopback host is refused before anything is sent', async () => {
  const run = await apply([], { DD_URL: 'http://datadog.example.com' });
  expect(run.code).toBe(1);
  expect(run.err[0]).toMatch(/DD_URL uses plain http/);
});

/** The real command line, as `npm run datadog:apply` runs it (tsx in a child process), against the intake. */
function spawnApply(args: string[], url = intake.url): Promise<{ code: number | null; output: string }> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_URL: url, DD_SITE: '' };
  delete env.DEBUG;
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/datadog-apply.ts', ...args], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, output })));
}

test('the command line itself: apply, then apply again changes nothing; no key on its output', async () => {
  const first = await spawnApply([]);
  expect(first.code).toBe(0);
  expect(first.output).toContain(`${ALL} created, 0 updated, 0 unchanged`);
  const second = await spawnApply([]);
  expect(second.code).toBe(0);
  expect(second.output).toContain(`0 created, 0 updated, ${ALL} unchanged`);
  for (const secret of [API_KEY, APP_KEY]) expect(first.output + second.output).not.toContain(secret);
}, 120_000);

test('the command line, Datadog unreachable: one line says what failed, with no stack and no path on this machine', async () => {
  const { port } = new URL(intake.url);
  await intake.stop(); // nothing listens on the port now: the connection is refused
  const run = await spawnApply(['--dry-run'], `http://127.0.0.1:${port}`);
  expect(run.code).toBe(1);
  const lines = run.output.trim().split('\n');
  expect(lines).toEqual([
    `validated ${defined.dashboards.length} dashboard(s) and ${MONITORS} monitor(s)`,
    expect.stringMatching(/^datadog:apply: reading the existing dashboards and monitors failed: .*ECONNREFUSED/),
  ]);
  expect(run.output).not.toContain('node_modules');
}, 120_000);
