import { describe, expect, it } from '@jest/globals';
import type { PublishInput } from '@aws-sdk/client-sns';
import { composeMessage, describeFailure, formatDuration, notify, readNotifyTarget } from '../../pipeline/notify.js';
import type { BuildRecord, RunState } from '../../pipeline/types.js';
import { recorder } from './support/recorder.js';

const START = '2026-01-15T09:00:00.000Z';
const NOW = new Date('2026-01-15T09:04:30.000Z');
const build = (over: Partial<BuildRecord>): BuildRecord => ({ kind: 'site', projectName: 'p', buildId: 'p:1', status: 'SUCCEEDED', phase: 'succeeded', polls: 2, durationSeconds: 61, ...over });
const run = (over: Partial<RunState> = {}): Partial<RunState> => ({
  repository: 'site-repo', branch: 'main', commitId: '0123456789abcdef', execution: { startedAt: START, maxPolls: 3, pollSeconds: 30 }, ...over,
});

describe('notify: configuration', () => {
  it('texts a phone number or publishes to a topic, exactly one', () => {
    expect(readNotifyTarget({ NOTIFY_PHONE_NUMBER: '+15555550100' })).toEqual({ PhoneNumber: '+15555550100' });
    expect(readNotifyTarget({ NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:t' })).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:1:t' });
    expect(() => readNotifyTarget({})).toThrow('set NOTIFY_PHONE_NUMBER or NOTIFY_TOPIC_ARN');
    expect(() => readNotifyTarget({ NOTIFY_PHONE_NUMBER: '+15555550100', NOTIFY_TOPIC_ARN: 'arn:x' })).toThrow('only one');
    expect(() => readNotifyTarget({ NOTIFY_PHONE_NUMBER: '555-0100' })).toThrow('E.164');
  });
});

describe('notify: the text', () => {
  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59.6), formatDuration(61), formatDuration(3599), formatDuration(3725)]).toEqual(['0s', '1m 0s', '1m 1s', '59m 59s', '1h 2m']);
  });

  it('says what was built and how long each part took', () => {
    const message = composeMessage('succeeded', run({
      changes: { hasDocker: true, parentCommitId: 'p', dockerInputsChanged: ['Dockerfile', 'package.json'] },
      dockerBuild: build({ kind: 'docker', durationSeconds: 130 }),
      siteBuild: build({}),
    }), NOW);
    expect(message).toBe('Site published: site-repo@main 0123456. Builder image rebuilt in 2m 10s (Dockerfile, package.json). Site built in 1m 1s. Total 4m 30s.');
  });

  it('explains each kind of failure', () => {
    expect(describeFailure(run({ failedStep: 'build_site', siteBuild: build({ status: 'TIMED_OUT', phase: 'failed', durationSeconds: 3600 }) }))).toBe('build TIMED_OUT after 1h 0m');
    expect(describeFailure(run({ failedStep: 'build_docker_image', dockerBuild: build({ kind: 'docker', status: 'IN_PROGRESS', phase: 'running', polls: 40, durationSeconds: null }) })))
      .toBe('gave up waiting after 40 polls (build still IN_PROGRESS)');
    // Step Functions puts the Lambda error as JSON in Cause: the message is what is worth reading.
    expect(describeFailure(run({ failedStep: 'what_changed', error: { Error: 'CommitDoesNotExistException', Cause: '{"errorType":"CommitDoesNotExistException","errorMessage":"no such commit","trace":[]}' } })))
      .toBe('CommitDoesNotExistException: no such commit');
    expect(describeFailure(run({ error: { Error: 'States.Timeout' } }))).toBe('States.Timeout');
    expect(describeFailure(run({ error: { Error: 'E', Cause: 'x'.repeat(500) } })).length).toBeLessThanOrEqual(120);
  });

  it('still writes a failure text from a nearly empty run', () => {
    expect(composeMessage('failed', {}, NOW)).toBe('Site build FAILED: unknown repository@unknown branch at unknown step: unknown error.');
  });
});

describe('notify: metrics and sending', () => {
  it('records the outcome before sending, and counts the text as sent', async () => {
    const metrics = recorder();
    const published: PublishInput[] = [];
    const sns = { publish: async (input: PublishInput) => (published.push(input), { MessageId: 'm-1' }) };
    const result = await notify('failed', run({ failedStep: 'build_site', siteBuild: build({ status: 'FAILED', phase: 'failed' }) }), {
      sns, target: () => ({ PhoneNumber: '+15555550100' }), metrics, now: NOW,
    });
    expect(result.messageId).toBe('m-1');
    expect(published[0]).toMatchObject({ PhoneNumber: '+15555550100', Message: result.message });
    expect(metrics.calls.map((c) => [c.type, c.name, c.value, c.tags.step])).toEqual([
      ['count', 'pipeline.failures', 1, 'build_site'],
      ['histogram', 'pipeline.run.duration', 270, 'notify_failure'],
      ['check', 'pipeline.health', 2, 'notify_failure'],
      ['count', 'pipeline.notifications', 1, 'notify_failure'],
    ]);
    expect(metrics.calls.at(-1)?.tags).toEqual({ repo: 'site-repo', branch: 'main', step: 'notify_failure', outcome: 'failed', status: 'sent' });
  });

  it('counts a text SNS refused, keeps the outcome metrics, and fails the step', async () => {
    const metrics = recorder();
    const sns = { publish: async () => { throw Object.assign(new Error('throttled'), { name: 'ThrottledException' }); } };
    await expect(notify('succeeded', run(), { sns, target: () => ({ TopicArn: 'arn:t' }), metrics, now: NOW })).rejects.toMatchObject({ name: 'ThrottledException' });
    expect(metrics.calls.map((c) => [c.name, c.value, c.tags.status])).toEqual([
      ['pipeline.run.duration', 270, undefined],
      ['pipeline.health', 0, undefined],
      ['pipeline.notifications', 1, 'failed'],
    ]);
  });

  it('fails clearly when no target is configured, after recording the outcome', async () => {
    const metrics = recorder();
    const sns = { publish: async () => ({ MessageId: 'never' }) };
    await expect(notify('succeeded', run(), { sns, target: () => readNotifyTarget({}), metrics, now: NOW })).rejects.toMatchObject({ name: 'Pipeline.Configuration' });
    expect(metrics.calls.map((c) => c.name)).toEqual(['pipeline.run.duration', 'pipeline.health', 'pipeline.notifications']);
  });
});
