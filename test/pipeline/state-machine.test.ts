/**
 * The whole state machine, executed in-process by aws-local-stepfunctions with the REAL handlers behind its Task
 * states (support/run-pipeline.ts). Texts go to a real moto server through the real SNS client (the handlers make it
 * from AWS_ENDPOINT_URL, as in production from the Lambda environment); read back from /moto-api/data.json.
 * CodeCommit and CodeBuild are in-test fakes of the pipeline's client interfaces: moto has no GetCommit or
 * GetDifferences, and its CodeBuild cannot be read by SDK v3 (the fakes' headers say more).
 * Every run's MONITORING output is parsed and checked: the metrics the handlers emitted, with their tags.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { replaceClientsForTests } from '../../pipeline/clients/index.js';
import { PipelineMetric } from '../../pipeline/metric-names.js';
import { pipelineOnMoto } from './support/env.js';
import { FakeCodeBuild, type BuildScript } from './support/fake-codebuild.js';
import { added, FakeCodeCommit, modified, type FakeCommit } from './support/fake-codecommit.js';
import { pointsOf, runPipeline, sum, type PipelineRun } from './support/run-pipeline.js';

const REPO = 'site-repo';
const BRANCH = 'main';
const PHONE = '+15555550100';
const DOCKER_PROJECT = 'site-builder-image';
const SITE_PROJECT = 'site-build';
const RUN_TAGS = [`repo:${REPO}`, `branch:${BRANCH}`];

const aws = pipelineOnMoto(PHONE);

beforeEach(async () => {
  await aws.moto.reset();
  process.env.NOTIFY_PHONE_NUMBER = PHONE;
  delete process.env.NOTIFY_TOPIC_ARN;
});

interface Sms {
  message: string;
  phone_number: string;
}

async function texts(): Promise<Sms[]> {
  const response = await fetch(`${aws.moto.endpoint}/moto-api/data.json`);
  const data = (await response.json()) as { sns?: { SMS?: Sms[] } };
  return data.sns?.SMS ?? [];
}

const ok = (seconds: number): BuildScript => ({ statuses: ['IN_PROGRESS', 'SUCCEEDED'], seconds });

/** A repository with a root commit `c1`, a commit `c2` on top of it, and the builds scripted as given. */
function setUp(differences: FakeCommit['differences'], builds: Record<string, BuildScript>) {
  const codeCommit = new FakeCodeCommit(REPO, { c1: { parents: [] }, c2: { parents: ['c1'], differences } });
  const codeBuild = new FakeCodeBuild(builds);
  replaceClientsForTests({ codeCommit, codeBuild });
  return { codeCommit, codeBuild };
}

const push = (commitId = 'c2') => ({ repository: REPO, branch: BRANCH, commitId });

function expectFailureMetrics(run: PipelineRun, step: string): void {
  expect(sum(pointsOf(run, PipelineMetric.Failures, [...RUN_TAGS, `step:${step}`]))).toBe(1);
  expect(pointsOf(run, PipelineMetric.Failures)).toHaveLength(1);
  const health = pointsOf(run, PipelineMetric.Health, RUN_TAGS);
  expect(health.at(-1)?.value).toBe(2);
}

describe('build pipeline state machine', () => {
  it('rebuilds the builder image when a Dockerfile is ADDED, then builds the site and texts how long it took', async () => {
    const { codeBuild, codeCommit } = setUp([modified('src/index.md'), added('docker/Dockerfile')], { [DOCKER_PROJECT]: ok(190), [SITE_PROJECT]: ok(65) });

    const run = await runPipeline(push());

    expect(run.succeeded).toBe(true);
    expect(run.path).toEqual([
      'Configure', 'WhatChanged', 'DockerInputsChanged',
      'BuildDockerImage', 'WaitForDockerImage', 'CheckDockerImage', 'DockerImageDone', 'WaitForDockerImage', 'CheckDockerImage', 'DockerImageDone',
      'BuildSite', 'WaitForSite', 'CheckSite', 'SiteDone', 'WaitForSite', 'CheckSite', 'SiteDone',
      'Notify', 'Published',
    ]);
    expect(codeCommit.calls.getDifferences).toBe(1);
    expect(codeBuild.started.map((b) => [b.projectName, b.sourceVersion])).toEqual([[DOCKER_PROJECT, 'c2'], [SITE_PROJECT, 'c2']]);
    expect(codeBuild.started[0]?.environmentVariablesOverride).toEqual([{ name: 'IMAGE_TAG', value: 'c2', type: 'PLAINTEXT' }]);

    const sent = await texts();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.phone_number).toBe(PHONE);
    expect(sent[0]?.message).toMatch(/^Site published: site-repo@main c2\. Builder image rebuilt in 3m 10s \(docker\/Dockerfile\)\. Site built in 1m 5s\. Total (\d+m )?\d+s\.$/);

    // Metrics, from the lines the handlers wrote.
    expect(sum(pointsOf(run, PipelineMetric.Runs, [...RUN_TAGS, 'step:what_changed']))).toBe(1);
    expect(sum(pointsOf(run, PipelineMetric.DockerRebuilds, [...RUN_TAGS, 'step:build_docker_image', 'kind:docker']))).toBe(1);
    expect(sum(pointsOf(run, PipelineMetric.PollCount, [...RUN_TAGS, 'step:build_docker_image', 'kind:docker']))).toBe(2);
    expect(sum(pointsOf(run, PipelineMetric.PollCount, [...RUN_TAGS, 'step:build_site', 'kind:site']))).toBe(2);
    expect(pointsOf(run, PipelineMetric.BuildDuration, [...RUN_TAGS, 'step:build_docker_image', 'kind:docker', 'outcome:succeeded']).map((p) => [p.type, p.value])).toEqual([['histogram', 190]]);
    expect(pointsOf(run, PipelineMetric.BuildDuration, [...RUN_TAGS, 'step:build_site', 'kind:site', 'outcome:succeeded']).map((p) => p.value)).toEqual([65]);
    expect(sum(pointsOf(run, PipelineMetric.Notifications, [...RUN_TAGS, 'step:notify', 'outcome:succeeded', 'status:sent']))).toBe(1);
    expect(pointsOf(run, PipelineMetric.Health, [...RUN_TAGS, 'step:notify']).map((p) => [p.type, p.value])).toEqual([['check', 0]]);
    expect(pointsOf(run, PipelineMetric.Failures)).toEqual([]);
    // Every pipeline metric carries repo, branch and step.
    expect(run.points.length).toBeGreaterThan(0);
    for (const point of run.points) expect(point.tags).toEqual(expect.arrayContaining([...RUN_TAGS, expect.stringMatching(/^step:/)]));
  });

  it('skips the image when no builder input changed, and builds the site with the current one', async () => {
    const { codeBuild } = setUp([modified('src/index.md'), modified('src/about.md'), added('src/Dockerfile.md')], { [DOCKER_PROJECT]: ok(190), [SITE_PROJECT]: ok(42) });

    const run = await runPipeline(push());

    expect(run.succeeded).toBe(true);
    expect(run.path).not.toContain('BuildDockerImage');
    expect(codeBuild.started.map((b) => b.projectName)).toEqual([SITE_PROJECT]);
    expect(codeBuild.started[0]?.environmentVariablesOverride).toBeUndefined();
    const sent = await texts();
    expect(sent.map((s) => s.message)).toEqual([expect.stringMatching(/^Site published: site-repo@main c2\. Builder image unchanged\. Site built in 42s\./)]);
    expect(pointsOf(run, PipelineMetric.DockerRebuilds)).toEqual([]);
    expect(pointsOf(run, PipelineMetric.BuildDuration).map((p) => p.tags.filter((t) => t.startsWith('kind:')))).toEqual([['kind:site']]);
  });

  it('treats a first commit (no parent) as changed without asking for differences', async () => {
    const { codeBuild, codeCommit } = setUp([], { [DOCKER_PROJECT]: ok(100), [SITE_PROJECT]: ok(30) });

    const run = await runPipeline(push('c1'));

    expect(run.succeeded).toBe(true);
    expect(codeCommit.calls.getDifferences).toBe(0);
    expect(codeBuild.started.map((b) => b.projectName)).toEqual([DOCKER_PROJECT, SITE_PROJECT]);
    expect((await texts())[0]?.message).toContain('Builder image rebuilt in 1m 40s (first commit).');
    expect(sum(pointsOf(run, PipelineMetric.DockerRebuilds, RUN_TAGS))).toBe(1);
  });

  it.each([
    ['FAILED', 'failed'],
    ['FAULT', 'fault'],
    ['STOPPED', 'stopped'],
    ['TIMED_OUT', 'timed_out'],
  ])('fails the execution when the site build ends %s, and texts why', async (status, outcomeTag) => {
    setUp([modified('src/index.md')], { [DOCKER_PROJECT]: ok(1), [SITE_PROJECT]: { statuses: ['IN_PROGRESS', status], seconds: 75 } });

    const run = await runPipeline(push());

    expect(run.succeeded).toBe(false);
    expect(run.error).toBe('Pipeline.Failed');
    expect(run.cause).toBe('build_site');
    expect(run.path.slice(-4)).toEqual(['SiteDone', 'SiteFailed', 'NotifyFailure', 'PipelineFailed']);
    expect(run.path).not.toContain('Notify');
    expect((await texts()).map((s) => s.message)).toEqual([
      expect.stringMatching(new RegExp(`^Site build FAILED: site-repo@main c2 at build_site: build ${status} after 1m 15s\\. Total (\\d+m )?\\d+s\\.$`)),
    ]);
    expect(pointsOf(run, PipelineMetric.BuildDuration, [...RUN_TAGS, 'kind:site', `outcome:${outcomeTag}`]).map((p) => p.value)).toEqual([75]);
    expectFailureMetrics(run, 'build_site');
    expect(sum(pointsOf(run, PipelineMetric.Notifications, [...RUN_TAGS, 'step:notify_failure', 'outcome:failed', 'status:sent']))).toBe(1);
  });

  it('fails at the image when the builder image build is stopped, and never starts the site build', async () => {
    const { codeBuild } = setUp([modified('package.json')], { [DOCKER_PROJECT]: { statuses: ['STOPPED'], seconds: 12 }, [SITE_PROJECT]: ok(1) });

    const run = await runPipeline(push());

    expect(run.succeeded).toBe(false);
    expect(run.cause).toBe('build_docker_image');
    expect(codeBuild.started.map((b) => b.projectName)).toEqual([DOCKER_PROJECT]);
    expect((await texts())[0]?.message).toContain('at build_docker_image: build STOPPED after 12s.');
    expectFailureMetrics(run, 'build_docker_image');
  });

  it('gives up after MaxPolls polls of a build that never ends', async () => {
    const { codeBuild } = setUp([modified('src/a.md')], { [DOCKER_PROJECT]: ok(1), [SITE_PROJECT]: { statuses: ['IN_PROGRESS'], seconds: 0 } });

    const run = await runPipeline(push(), { substitutions: { MaxPolls: '4' } });

    expect(run.succeeded).toBe(false);
    expect(run.cause).toBe('build_site');
    expect(codeBuild.polled).toHaveLength(4);
    expect(run.path.filter((s) => s === 'CheckSite')).toHaveLength(4);
    expect((await texts())[0]?.message).toContain('at build_site: gave up waiting after 4 polls (build still IN_PROGRESS).');
    expect(sum(pointsOf(run, PipelineMetric.PollCount, [...RUN_TAGS, 'kind:site']))).toBe(4);
    expect(pointsOf(run, PipelineMetric.BuildDuration)).toEqual([]);
    expectFailureMetrics(run, 'build_site');
  });

  it('fails the execution when SNS refuses the text, and still records the outcome in metrics', async () => {
    setUp([modified('src/a.md')], { [DOCKER_PROJECT]: ok(1), [SITE_PROJECT]: ok(20) });
    delete process.env.NOTIFY_PHONE_NUMBER;
    process.env.NOTIFY_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:no-such-topic';

    const run = await runPipeline(push());

    expect(run.succeeded).toBe(false);
    expect(run.cause).toBe('notify');
    expect(run.path.slice(-4)).toEqual(['Notify', 'NotifyFailed', 'NotifyFailure', 'PipelineFailed']);
    expect(run.invocations.filter((i) => i.functionName === 'pipeline-notify').map((i) => i.error)).toEqual(['NotFoundException', 'NotFoundException']);
    expect(await texts()).toEqual([]);
    expect(sum(pointsOf(run, PipelineMetric.Notifications, [...RUN_TAGS, 'status:failed']))).toBe(2);
    expect(pointsOf(run, PipelineMetric.Notifications, ['status:sent'])).toEqual([]);
    expectFailureMetrics(run, 'notify');
  });

  it('retries a Lambda throttle and carries on', async () => {
    setUp([modified('src/a.md')], { [DOCKER_PROJECT]: ok(1), [SITE_PROJECT]: ok(20) });

    const run = await runPipeline(push(), { serviceErrorOnFirstCall: { WhatChanged: 'Lambda.TooManyRequestsException', CheckSite: 'Lambda.ServiceException' } });

    expect(run.succeeded).toBe(true);
    expect(run.retries).toEqual(['WhatChanged', 'CheckSite']);
    expect(await texts()).toHaveLength(1);
  });

  it('fails into the failure text when the trigger sent no commit id', async () => {
    setUp([], { [DOCKER_PROJECT]: ok(1), [SITE_PROJECT]: ok(1) });

    const run = await runPipeline({ repository: REPO, branch: BRANCH });

    expect(run.succeeded).toBe(false);
    expect(run.cause).toBe('what_changed');
    expect((await texts())[0]?.message).toMatch(/^Site build FAILED: site-repo@main at what_changed: Pipeline\.InvalidInput: run input: "commitId" must be a non-empty string\./);
    expectFailureMetrics(run, 'what_changed');
  });
});
