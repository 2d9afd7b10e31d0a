/** Checks the events the state machine sends, so a malformed one fails with a clear message, not a TypeError. */
import { BuildKind, RunOutcome } from './constants.js';
import { PipelineError, PipelineErrorName } from './errors.js';
import type { BuildKindName, BuildRecord, RunInput, RunOutcomeName, RunState } from './types.js';

type Fields = Record<string, unknown>;

function fieldsOf(event: unknown, what: string): Fields {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new PipelineError(PipelineErrorName.InvalidInput, `${what}: expected an object, got ${Array.isArray(event) ? 'an array' : typeof event}`);
  }
  return event as Fields;
}

function text(fields: Fields, key: string, what: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PipelineError(PipelineErrorName.InvalidInput, `${what}: "${key}" must be a non-empty string`);
  }
  return value;
}

export function readRunInput(event: unknown, what = 'run input'): RunInput {
  const fields = fieldsOf(event, what);
  return { repository: text(fields, 'repository', what), branch: text(fields, 'branch', what), commitId: text(fields, 'commitId', what) };
}

export function readBuildKind(value: unknown, what: string): BuildKindName {
  if (value === BuildKind.Docker || value === BuildKind.Site) return value;
  throw new PipelineError(PipelineErrorName.InvalidInput, `${what}: "kind" must be "${BuildKind.Docker}" or "${BuildKind.Site}"`);
}

export function readStartBuildEvent(event: unknown): RunInput & { kind: BuildKindName; projectName: string } {
  const what = 'StartBuild event';
  const fields = fieldsOf(event, what);
  return { ...readRunInput(event, what), kind: readBuildKind(fields.kind, what), projectName: text(fields, 'projectName', what) };
}

export function readCheckBuildEvent(event: unknown): { repository: string; branch: string; build: BuildRecord } {
  const what = 'CheckBuild event';
  const fields = fieldsOf(event, what);
  const build = fieldsOf(fields.build, `${what} build`);
  const polls = build.polls ?? 0;
  if (typeof polls !== 'number' || !Number.isInteger(polls) || polls < 0) {
    throw new PipelineError(PipelineErrorName.InvalidInput, `${what}: "build.polls" must be a whole number`);
  }
  return {
    repository: text(fields, 'repository', what),
    branch: text(fields, 'branch', what),
    build: {
      kind: readBuildKind(build.kind, `${what} build`),
      projectName: text(build, 'projectName', `${what} build`),
      buildId: text(build, 'buildId', `${what} build`),
      status: typeof build.status === 'string' ? build.status : '',
      phase: 'running',
      polls,
      durationSeconds: null,
    },
  };
}

/** Notify's event. Strict about the outcome (the state machine writes it); lenient about the run (it may be partial). */
export function readNotifyEvent(event: unknown): { outcome: RunOutcomeName; run: Partial<RunState> } {
  const what = 'Notify event';
  const fields = fieldsOf(event, what);
  const outcome = fields.outcome;
  if (outcome !== RunOutcome.Succeeded && outcome !== RunOutcome.Failed) {
    throw new PipelineError(PipelineErrorName.InvalidInput, `${what}: "outcome" must be "${RunOutcome.Succeeded}" or "${RunOutcome.Failed}"`);
  }
  const run = typeof fields.run === 'object' && fields.run !== null && !Array.isArray(fields.run) ? (fields.run as Partial<RunState>) : {};
  return { outcome, run };
}
