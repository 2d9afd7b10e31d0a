/**
 * `npm start -- --once --source kinesis` (without the build step: npm test builds first): the same 12 executions as
 * the direct run, but every log batch goes through a Kinesis stream (kinesalite, in the runner's process) that the
 * event source mapping reads (local/kinesis-mapping.ts) before the real forwarder bundle sees it. The runner exits 0
 * only when the intake holds the totals the simulation counted itself, so a record lost or read twice on the way fails.
 */
import { describe, expect, it } from '@jest/globals';
import { parseRunOptions, UsageError } from '../../local/options.js';
import { requireBuild, startRunner } from './support/runner.js';

describe('npm start -- --once --source kinesis', () => {
  it('runs 12 executions through a stream and finds every total in the intake', async () => {
    requireBuild();
    const runner = startRunner(['--once', '--port', '0', '--source', 'kinesis']);
    const code = await runner.exit;
    const stdout = runner.stdout();
    const stderr = runner.stderr();

    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const match = /against the simulation's own count: (\d+)\/(\d+) match/.exec(stdout);
    expect(match).not.toBeNull();
    const [, matched, total] = match as RegExpExecArray;
    expect(Number(total)).toBeGreaterThan(20);
    expect(matched).toBe(total);
    expect(stdout).not.toContain('MISMATCH');
    expect(stdout).toMatch(/^published\s+8\s/m);
    // Every subscription batch became one record, after the filter's CONTROL_MESSAGE; the mapping read each once.
    const line = /in (\d+) subscription batches → (\d+) Kinesis records \(a CONTROL_MESSAGE included\) → (\d+) forwarder invocations by the event source mapping \((\d+) records delivered; 0 answers listed records, 0 threw; 0 records given up\)/.exec(stdout);
    expect(line).not.toBeNull();
    const [, batches, records, invocations, delivered] = (line as RegExpExecArray).map(Number);
    expect(records).toBe((batches as number) + 1);
    expect(delivered).toBe(records);
    expect(invocations).toBeGreaterThan(0);
    expect(invocations).toBeLessThan(records as number); // batches of records, not one invocation per record
    expect(stderr).toContain('Kinesis stream lambda-dd-logs (2 shards) on kinesalite');
  }, 240_000);

  it('refuses a source it does not know', () => {
    expect(parseRunOptions(['--source', 'kinesis'])).toMatchObject({ source: 'kinesis' });
    expect(parseRunOptions([])).toMatchObject({ source: 'direct' });
    expect(() => parseRunOptions(['--source', 'sqs'])).toThrow(new UsageError('--source must be direct or kinesis, got "sqs"'));
  });
});
