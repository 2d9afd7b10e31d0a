/**
 * The state machine definition: valid ASL once its placeholders are filled (checked by the asl-validator CLI, the
 * tool a user would run), and built the way the design says: every Lambda task retries Lambda service errors with
 * backoff and catches everything into the failure path; every poll loop has a limit.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFINITION_PATH, definitionText, placeholdersIn, SAMPLE_SUBSTITUTIONS } from './support/definition.js';

const VALIDATOR = fileURLToPath(new URL('../../node_modules/asl-validator/dist/bin/asl-validator.js', import.meta.url));
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  Retry?: { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Choices?: { Variable: string; Next: string; NumericGreaterThanEqualsPath?: string }[];
  SecondsPath?: string;
}

/** Runs `asl-validator --json-path` on the text; returns its exit code and output. */
function validate(text: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'asl-'));
  try {
    const file = join(dir, 'definition.asl.json');
    writeFileSync(file, text);
    const result = spawnSync(process.execPath, [VALIDATOR, '--json-path', file], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const states = (): Record<string, State> => (JSON.parse(definitionText()) as { States: Record<string, State> }).States;

describe('build-pipeline.asl.json', () => {
  it('uses exactly the documented DefinitionSubstitutions', () => {
    expect(placeholdersIn(readFileSync(DEFINITION_PATH, 'utf8'))).toEqual(Object.keys(SAMPLE_SUBSTITUTIONS).sort());
  });

  it('passes asl-validator once the placeholders are filled', () => {
    const result = validate(definitionText());
    expect(result.output).toContain('is valid');
    expect(result.status).toBe(0);
  });

  it('is rejected by the same check when a transition points nowhere (the check can fail)', () => {
    const broken = definitionText().replace('"Next": "BuildSite"', '"Next": "NoSuchState"');
    const result = validate(broken);
    expect(result.status).toBe(1);
    expect(result.output).toContain('is invalid');
  });

  it('retries Lambda service errors with backoff and catches every error on every task', () => {
    const tasks = Object.entries(states()).filter(([, s]) => s.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(['BuildDockerImage', 'BuildSite', 'CheckDockerImage', 'CheckSite', 'Notify', 'NotifyFailure', 'WhatChanged']);
    for (const [name, state] of tasks) {
      expect([name, state.Resource]).toEqual([name, 'arn:aws:states:::lambda:invoke']);
      expect([name, state.Retry?.[0]?.ErrorEquals]).toEqual([name, LAMBDA_SERVICE_ERRORS]);
      expect(state.Retry?.[0]?.BackoffRate).toBeGreaterThan(1);
      expect([name, state.Catch?.map((c) => c.ErrorEquals)]).toEqual([name, [['States.ALL']]]);
      // Everything caught goes to the failure path; the failure text's own failure ends the execution.
      const expected = name === 'NotifyFailure' ? 'PipelineFailed' : expect.stringMatching(/Failed$/);
      expect([name, state.Catch?.[0]?.Next]).toEqual([name, expected]);
    }
  });

  it('bounds every poll loop by maxPolls', () => {
    const all = states();
    const waits = Object.entries(all).filter(([, s]) => s.Type === 'Wait');
    expect(waits.map(([name]) => name).sort()).toEqual(['WaitForDockerImage', 'WaitForSite']);
    for (const [, wait] of waits) {
      expect(wait.SecondsPath).toBe('$.execution.pollSeconds');
      const check = all[wait.Next ?? ''];
      const choice = all[check?.Next ?? ''];
      expect(choice?.Type).toBe('Choice');
      expect(choice?.Default).toBe(wait.Next === 'CheckDockerImage' ? 'WaitForDockerImage' : 'WaitForSite');
      expect(choice?.Choices?.some((c) => c.NumericGreaterThanEqualsPath === '$.execution.maxPolls' && c.Next.endsWith('Failed'))).toBe(true);
    }
  });
});
