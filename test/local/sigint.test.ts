/**
 * Ctrl-C during `npm start`, as a terminal sends it: SIGINT to the whole foreground process group (npm, the shell
 * npm starts, and the runner's Node process all receive it). The first Ctrl-C must always end with the summary and
 * an exit; a second one must end the run without waiting for it.
 *
 * The command is the `start` script itself, run through `npm exec -c` (npm → sh → node, the same process tree as
 * `npm start`), minus its leading `npm run build`: a build empties dist/, which other test files read at the same
 * time. The child gets its own process group (`detached`), so the signal reaches it the way a terminal's does.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuild, ROOT } from './support/runner.js';

const TRIES = 10;

/** The start script without its build step, e.g. `node --import tsx local/run.ts`. */
function startCommand(): string {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const match = /^npm run build && (.+)$/.exec(scripts.start ?? '');
  if (!match?.[1]) throw new Error(`the start script is not "npm run build && …": ${scripts.start}`);
  return match[1];
}

interface Interrupted {
  stdout: string;
  stderr: string;
  /** True once no process of the group is left. */
  groupGone: boolean;
}

/** Whether every process of the group has ended (a worker the runner started may take a moment longer than the pipes). */
async function groupEnds(group: number): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    try {
      process.kill(group, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Starts the run in its own process group, waits until an execution has finished, sends `signals` SIGINTs. */
async function interrupt(signals: 1 | 2, seed: number): Promise<Interrupted> {
  const command = `${startCommand()} --port 0 --wait-ms 50 --executions 6 --seed ${seed}`;
  const env = { ...process.env };
  for (const name of ['DD_API_KEY', 'DD_SITE', 'DD_URL']) delete env[name]; // never a real Datadog account
  const child = spawn('npm', ['exec', '--yes=false', '-c', command], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const running = new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (/[✓✗] #\d+ /.test(stderr)) resolve();
    });
    child.once('exit', () => reject(new Error(`the run ended before its first execution:\n${stderr}`)));
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await running;
  const group = -(child.pid as number);
  process.kill(group, 'SIGINT');
  if (signals === 2) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(group, 'SIGINT');
  }
  await closed; // every process holding the pipes has ended
  const groupGone = await groupEnds(group);
  if (!groupGone) process.kill(group, 'SIGKILL');
  return { stdout, stderr, groupGone };
}

describe('Ctrl-C during npm start', () => {
  it(`prints the summary and exits, ${TRIES} times in ${TRIES}`, async () => {
    requireBuild();
    const outcomes: string[] = [];
    for (let seed = 1; seed <= TRIES; seed++) {
      const { stdout, stderr, groupGone } = await interrupt(1, seed);
      const summary = /^Summary: \d+ executions in [\d.]+ s; metrics sent to the local intake/m.test(stdout);
      const checked = /against the simulation's own count: \d+\/\d+ match/.test(stdout);
      outcomes.push(summary && checked && groupGone ? 'summary' : `seed ${seed}: summary ${summary}, check ${checked}, group gone ${groupGone}; stdout: ${stdout.slice(0, 200)} … ${stdout.slice(-300)}; stderr: ${stderr.slice(-600)}`);
      expect(stderr).toContain('Ctrl-C: stopping after the executions in flight');
    }
    expect(outcomes).toEqual(Array.from({ length: TRIES }, () => 'summary'));
  }, 600_000);

  it('exits without the summary on a second Ctrl-C', async () => {
    requireBuild();
    const { stdout, stderr, groupGone } = await interrupt(2, 7);
    expect(stderr).toContain('Second Ctrl-C: exiting without the summary.');
    expect(stdout).not.toMatch(/^Summary: /m);
    expect(groupGone).toBe(true);
  }, 120_000);
});
