/**
 * The trigger (pipeline/trigger.json): which CodeCommit events start a run, and the input they become. EventBridge
 * is not emulated here: the test applies the rule's pattern and input transformer to a sample event with a few
 * lines that implement the parts of their semantics the rule uses (exact-value lists; `<var>` out of quotes in a
 * JSON template is inserted as a JSON value).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readRunInput } from '../../pipeline/input.js';
import { substitute } from './support/definition.js';

const REPO_ARN = 'arn:aws:codecommit:us-east-1:123456789012:site-repo';
const rule = JSON.parse(substitute(readFileSync(new URL('../../pipeline/trigger.json', import.meta.url), 'utf8'), { RepositoryArn: REPO_ARN, Branch: 'main' })) as {
  EventPattern: Record<string, unknown>;
  InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
};

// The shape of a CodeCommit "Repository State Change" event (AWS documentation sample, values changed).
const pushEvent = (detail: Record<string, string> = {}) => ({
  version: '0',
  id: '01234567-0123-0123-0123-012345678901',
  'detail-type': 'CodeCommit Repository State Change',
  source: 'aws.codecommit',
  account: '123456789012',
  time: '2026-01-15T09:00:00Z',
  region: 'us-east-1',
  resources: [REPO_ARN],
  detail: {
    callerUserArn: 'arn:aws:iam::123456789012:user/dev',
    commitId: '7f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
    oldCommitId: '1111111111111111111111111111111111111111',
    event: 'referenceUpdated',
    referenceFullName: 'refs/heads/main',
    referenceName: 'main',
    referenceType: 'branch',
    repositoryId: '12345678-1234-5678-abcd-12345678abcd',
    repositoryName: 'site-repo',
    ...detail,
  },
});

/** EventBridge matching for patterns made of exact-value lists and nested objects. */
function matches(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(event) ? event : [event];
    return values.some((v) => pattern.includes(v));
  }
  if (typeof pattern === 'object' && pattern !== null) {
    const fields = (event ?? {}) as Record<string, unknown>;
    return Object.entries(pattern).every(([key, sub]) => matches(sub, fields[key]));
  }
  throw new Error('unsupported pattern');
}

function transform(event: unknown): unknown {
  const values = Object.fromEntries(Object.entries(rule.InputTransformer.InputPathsMap).map(([name, path]) => {
    const value = path.replace(/^\$\./, '').split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], event);
    return [name, value];
  }));
  const text = rule.InputTransformer.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (_all, name: string) => JSON.stringify(values[name]));
  return JSON.parse(text);
}

describe('trigger', () => {
  it('starts a run on a push (or a new branch) to the configured branch of the repository', () => {
    expect(matches(rule.EventPattern, pushEvent())).toBe(true);
    expect(matches(rule.EventPattern, pushEvent({ event: 'referenceCreated' }))).toBe(true);
  });

  it('ignores other branches, tags, deletions and other repositories', () => {
    expect(matches(rule.EventPattern, pushEvent({ referenceName: 'feature' }))).toBe(false);
    expect(matches(rule.EventPattern, pushEvent({ referenceType: 'tag' }))).toBe(false);
    expect(matches(rule.EventPattern, pushEvent({ event: 'referenceDeleted' }))).toBe(false);
    expect(matches(rule.EventPattern, { ...pushEvent(), resources: ['arn:aws:codecommit:us-east-1:123456789012:other'] })).toBe(false);
  });

  it('maps the event to the run input the state machine and WhatChanged expect', () => {
    const input = transform(pushEvent());
    expect(input).toEqual({ repository: 'site-repo', branch: 'main', commitId: '7f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b' });
    expect(readRunInput(input)).toEqual(input);
  });
});
