import { describe, expect, it } from '@jest/globals';
import { checkBuild, durationSeconds, phaseOf, startBuild } from '../../pipeline/builds.js';
import { readCheckBuildEvent, readStartBuildEvent } from '../../pipeline/input.js';
import { FakeCodeBuild } from './support/fake-codebuild.js';
import { recorder } from './support/recorder.js';

const where = { repository: 'r', branch: 'main' };

describe('build status', () => {
  it('maps CodeBuild statuses to phases', () => {
    expect(['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT', 'IN_PROGRESS', undefined, 'SOMETHING_NEW'].map(phaseOf))
      .toEqual(['succeeded', 'failed', 'failed', 'failed', 'failed', 'running', 'running', 'running']);
  });

  it('measures a build from start to end, and not before it ends', () => {
    expect(durationSeconds({ startTime: new Date(1000), endTime: new Date(62_500) })).toBe(61.5);
    expect(durationSeconds({ startTime: new Date(1000) })).toBeUndefined();
  });
});

describe('startBuild and checkBuild', () => {
  it('starts a build at the commit, then polls it to the end with the metrics', async () => {
    const codeBuild = new FakeCodeBuild({ img: { statuses: ['IN_PROGRESS', 'FAULT'], seconds: 30 } });
    const metrics = recorder();
    const started = await startBuild({ ...where, commitId: 'c9', kind: 'docker', projectName: 'img' }, codeBuild, metrics);
    expect(started).toEqual({ kind: 'docker', projectName: 'img', buildId: 'img:build-1', status: 'IN_PROGRESS', phase: 'running', polls: 0, durationSeconds: null });
    expect(codeBuild.started[0]).toMatchObject({ projectName: 'img', sourceVersion: 'c9' });

    const first = await checkBuild({ ...where, build: started }, codeBuild, metrics);
    expect(first).toMatchObject({ phase: 'running', polls: 1, durationSeconds: null });
    const second = await checkBuild({ ...where, build: first }, codeBuild, metrics);
    expect(second).toMatchObject({ status: 'FAULT', phase: 'failed', polls: 2, durationSeconds: 30 });

    expect(metrics.calls.map((c) => [c.type, c.name, c.value])).toEqual([
      ['count', 'pipeline.docker_rebuilds', 1],
      ['count', 'pipeline.poll.count', 1],
      ['count', 'pipeline.poll.count', 1],
      ['histogram', 'pipeline.build.duration', 30],
    ]);
    expect(metrics.calls.at(-1)?.tags).toEqual({ repo: 'r', branch: 'main', step: 'build_docker_image', kind: 'docker', outcome: 'fault' });
  });

  it('fails clearly on a build CodeBuild does not know', async () => {
    const build = { kind: 'site' as const, projectName: 'p', buildId: 'p:gone', status: 'IN_PROGRESS', phase: 'running' as const, polls: 0, durationSeconds: null };
    await expect(checkBuild({ ...where, build }, new FakeCodeBuild({}), recorder())).rejects.toMatchObject({ name: 'Pipeline.BuildNotFound' });
  });
});

describe('event checks', () => {
  it('rejects malformed events with a named error and a readable message', () => {
    expect(() => readStartBuildEvent({ ...where, commitId: 'c', kind: 'docker' })).toThrow('"projectName" must be a non-empty string');
    expect(() => readStartBuildEvent({ ...where, commitId: 'c', kind: 'rocket', projectName: 'p' })).toThrow('"kind" must be "docker" or "site"');
    expect(() => readCheckBuildEvent({ ...where, build: { kind: 'site', projectName: 'p', buildId: 'b', polls: -1 } })).toThrow('"build.polls" must be a whole number');
    expect(() => readCheckBuildEvent('text')).toThrow(expect.objectContaining({ name: 'Pipeline.InvalidInput' }));
  });
});
