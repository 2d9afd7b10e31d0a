/**
 * `npm start -- --once`, as a newcomer runs it (without the build step: npm test builds first): the pipeline runs 12
 * times through the Lambda simulator, the real forwarder bundle and the local intake, and the runner exits 0 only when
 * the intake holds the totals the simulation counted itself. Checks the exit code and what the summary says.
 */
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { platformNames } from '../../forwarder/metric-names.js';
import { ClientFunction } from '../../local/client-specs.js';
import { requireBuild, startRunner } from './support/runner.js';

const TIMEOUTS = platformNames().platform.Timeouts;

async function runOnce(args: readonly string[]) {
  requireBuild();
  const runner = startRunner(['--once', '--port', '0', ...args]);
  const code = await runner.exit;
  return { code, stdout: runner.stdout(), stderr: runner.stderr() };
}

function matchLine(stdout: string): RegExpExecArray {
  const match = /against the simulation's own count: (\d+)\/(\d+) match/.exec(stdout);
  if (!match) throw new Error(`no check line in the summary:\n${stdout}`);
  return match;
}

describe('npm start -- --once', () => {
  it.each(['text', 'json'])('runs 12 executions with the %s log format and finds every total in the intake', async (format) => {
    const { code, stdout, stderr } = await runOnce(['--log-format', format]);

    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Summary: 12 executions in [\d.]+ s; metrics sent to the local intake at http:\/\/127\.0\.0\.1:\d+$/m);
    const [, matched, total] = matchLine(stdout);
    expect(Number(total)).toBeGreaterThan(20);
    expect(matched).toBe(total);
    expect(stdout).not.toContain('MISMATCH');
    // The fixed scenarios: successes, failed builds, a Lambda timeout and error, hand-written lines two of which are wrong.
    expect(stdout).toMatch(/^published\s+8\s/m);
    expect(stdout).toMatch(/^failed at build_site\s+3\s+site-build-fails, lambda-timeout, lambda-error$/m);
    expect(stdout).toMatch(/^pipeline-check-build\s+\d+\s+\d+\s+\d+\s+1\s+1$/m);
    expect(stdout).toMatch(/^bad_type\s+1$/m);
    expect(stdout).toMatch(/^bad_value\s+1$/m);
    expect(stdout).toMatch(/^ok\s+pipeline\.runs \(count: total\)\s+12\s+12$/m);
    // Platform totals under the forwarder's default naming (Datadog's enhanced metrics).
    expect(stdout).toMatch(new RegExp(`^ok\\s+${TIMEOUTS.replaceAll('.', '\\.')} pipeline-check-build\\s+1\\s+1$`, 'm'));
    expect(stdout).toMatch(/Forwarder time per batch: p50 [\d.]+ ms/);
    expect(stdout).toMatch(/^ {2}of which work: p50 [\d.]+ ms, p95 [\d.]+ ms \(decode → payloads ready to send/m);
    expect(stdout).toMatch(/^ {2}and waiting: p50 [\d.]+ ms, p95 [\d.]+ ms/m);
    // Each metric client's function (the real client in its own process): every metric arrived, value count and sum.
    for (const name of Object.values(ClientFunction)) {
      expect(stdout).toMatch(new RegExp(`^ok\\s+\\S+ ${name} \\(values\\)\\s+([1-9]\\d*)\\s+\\1$`, 'm'));
    }
    expect(stdout).toMatch(/^ok\s+client function invocations that failed\s+0\s+0$/m);
    // Progress went to stderr, one line per execution.
    expect(stderr.match(/[✓✗] #\d+ /g)).toHaveLength(12);
  }, 240_000);

  it('refuses a bad option with the usage and exit code 2', async () => {
    const { code, stderr } = await runOnce(['--log-format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('--log-format must be text or json, got "xml"');
    expect(stderr).toContain('Usage: npm start -- [options]');
  }, 60_000);

  it('says so when the port is taken, and how to pick another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      requireBuild();
      const runner = startRunner(['--once', '--port', String(port)]);
      expect(await runner.exit).toBe(1);
      expect(runner.stderr()).toContain(`npm start: port ${port} on 127.0.0.1 is already in use (another intake, or another program). Pick another with --port N, or --port 0 for any free port.`);
      expect(runner.stderr()).not.toContain('    at '); // a sentence, not a stack trace
    } finally {
      taken.close();
    }
  }, 60_000);
});
