/**
 * End to end, with no AWS and no Datadog account: a pipeline execution (the state machine with the real handlers,
 * texts on moto) → the lines each Lambda wrote, laid out as CloudWatch Logs would hold them (START, the handler's
 * output, END, REPORT; one log group per function) → gzip + base64 as a subscription event → the real forwarder
 * handler → the local Datadog intake. The pipeline's metrics must arrive with their tags, beside the platform
 * metrics the forwarder reads from the REPORT lines.
 */
import { beforeEach, afterEach, describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { gzipSync } from 'node:zlib';
import { createHandler } from '../../forwarder/handler.js';
import { platformNames } from '../../forwarder/metric-names.js';
import { startIntake, type Intake } from '../../intake/index.js';
import { replaceClientsForTests } from '../../pipeline/clients/index.js';
import { PipelineMetric } from '../../pipeline/metric-names.js';
import { pipelineOnMoto } from './support/env.js';
import { FakeCodeBuild } from './support/fake-codebuild.js';
import { added, FakeCodeCommit, modified } from './support/fake-codecommit.js';
import { runPipeline, type Invocation, type PipelineRun } from './support/run-pipeline.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const API_KEY = '0123456789abcdef0123456789abcdef';
const ACCOUNT = '123456789012';
const RUN = { repo: 'site-repo', branch: 'main' };

let intake: Intake;
pipelineOnMoto('+15555550100');

beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
});
afterEach(async () => {
  await intake.stop();
});

type LogFormat = 'raw' | 'console.log';

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

/**
 * One invocation's log events. `raw`: what process.stdout.write produces (the emitter's way), one event per write,
 * several MONITORING lines in it. `console.log`: each line behind Node's text-format prefix.
 */
function invocationEvents(invocation: Invocation, format: LogFormat, at: number): Omit<LogEvent, 'id'>[] {
  const { requestId, stdout } = invocation;
  const output = format === 'raw'
    ? [`${stdout.join('\n')}\n`]
    : stdout.map((line) => `${new Date(at).toISOString()}\t${requestId}\tINFO\t${line}\n`);
  return [
    `START RequestId: ${requestId} Version: $LATEST\n`,
    ...output,
    `END RequestId: ${requestId}\n`,
    `REPORT RequestId: ${requestId}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\t\n`,
  ].map((message) => ({ timestamp: at, message }));
}

/** One subscription event per function (a payload holds one log group and one stream), as CloudWatch sends them. */
function subscriptionEvents(run: PipelineRun, format: LogFormat): unknown[] {
  const byFunction = new Map<string, Invocation[]>();
  for (const invocation of run.invocations) byFunction.set(invocation.functionName, [...(byFunction.get(invocation.functionName) ?? []), invocation]);
  const at = Date.now();
  let seq = 0;
  return [...byFunction].map(([functionName, invocations]) => {
    const logEvents = invocations.flatMap((i) => invocationEvents(i, format, at)).map((e) => ({ id: String(10n ** 55n + BigInt(seq++)), ...e }));
    const payload = {
      messageType: 'DATA_MESSAGE', owner: ACCOUNT, logGroup: `/aws/lambda/${functionName}`,
      logStream: '2026/01/15/[$LATEST]0123456789abcdef0123456789abcdef', subscriptionFilters: ['pipeline-to-datadog'], logEvents,
    };
    return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
  });
}

function forwarderContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true, functionName: 'dd-forwarder', functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:dd-forwarder`, memoryLimitInMB: '1024',
    awsRequestId: 'f0f0f0f0-0000-4000-8000-000000000001', logGroupName: '/aws/lambda/dd-forwarder', logStreamName: 's',
    getRemainingTimeInMillis: () => 60_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

async function forward(run: PipelineRun, format: LogFormat): Promise<void> {
  const handler = createHandler({ env: { DD_API_KEY: API_KEY, DD_URL: intake.url, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder' } });
  // The forwarder logs through powertools to stdout: keep it out of the test output.
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    for (const event of subscriptionEvents(run, format)) await handler(event, forwarderContext());
  } finally {
    process.stdout.write = write;
  }
}

describe.each<LogFormat>(['raw', 'console.log'])('pipeline logs (%s) → forwarder → local intake', (format) => {
  it('delivers a successful run\'s metrics with repo, branch and step', async () => {
    replaceClientsForTests({
      codeCommit: new FakeCodeCommit(RUN.repo, { c1: { parents: [] }, c2: { parents: ['c1'], differences: [added('Dockerfile'), modified('index.md')] } }),
      codeBuild: new FakeCodeBuild({ 'site-builder-image': { statuses: ['IN_PROGRESS', 'SUCCEEDED'], seconds: 190 }, 'site-build': { statuses: ['SUCCEEDED'], seconds: 65 } }),
    });
    const run = await runPipeline({ repository: RUN.repo, branch: RUN.branch, commitId: 'c2' });
    expect(run.succeeded).toBe(true);

    await forward(run, format);

    const { store } = intake;
    expect(store.distributionTotals(PipelineMetric.Runs, { ...RUN, step: 'what_changed' }).sum).toBe(1);
    expect(store.distributionTotals(PipelineMetric.DockerRebuilds, { ...RUN, step: 'build_docker_image', kind: 'docker' }).sum).toBe(1);
    expect(store.distributionTotals(PipelineMetric.PollCount, { ...RUN, step: 'build_docker_image', kind: 'docker' }).sum).toBe(2);
    expect(store.distributionTotals(PipelineMetric.PollCount, { ...RUN, step: 'build_site', kind: 'site' }).sum).toBe(1);
    expect(store.distributionValues(PipelineMetric.BuildDuration, { ...RUN, kind: 'docker', outcome: 'succeeded' })).toEqual([190]);
    expect(store.distributionValues(PipelineMetric.BuildDuration, { ...RUN, kind: 'site', outcome: 'succeeded' })).toEqual([65]);
    expect(store.distributionTotals(PipelineMetric.Notifications, { ...RUN, step: 'notify', status: 'sent' }).sum).toBe(1);
    expect(store.latestChecks(PipelineMetric.Health, { ...RUN, step: 'notify' }).map((c) => c.status)).toEqual([0]);
    expect(store.distributionTotals(PipelineMetric.Failures).count).toBe(0);
    // The forwarder adds the function's own tags to the custom metrics, and reads the REPORT lines beside them.
    expect(store.distributionTotals(PipelineMetric.PollCount, { functionname: 'pipeline-check-build', account_id: ACCOUNT, region: 'us-east-1' }).sum).toBe(3);
    expect(store.distributionTotals(P.Invocations, { functionname: 'pipeline-check-build' }).sum).toBe(3);
    expect(store.distributionTotals(P.Invocations, { functionname: 'pipeline-notify' }).sum).toBe(1);
    expect(store.droppedPoints()).toEqual([]);
  });

  it('delivers a failed run\'s failure count and CRITICAL health check', async () => {
    replaceClientsForTests({
      codeCommit: new FakeCodeCommit(RUN.repo, { c1: { parents: [] }, c2: { parents: ['c1'], differences: [modified('index.md')] } }),
      codeBuild: new FakeCodeBuild({ 'site-builder-image': { statuses: ['SUCCEEDED'], seconds: 1 }, 'site-build': { statuses: ['IN_PROGRESS', 'FAILED'], seconds: 80 } }),
    });
    const run = await runPipeline({ repository: RUN.repo, branch: RUN.branch, commitId: 'c2' });
    expect(run.succeeded).toBe(false);

    await forward(run, format);

    const { store } = intake;
    expect(store.distributionTotals(PipelineMetric.Failures, { ...RUN, step: 'build_site' }).sum).toBe(1);
    expect(store.distributionValues(PipelineMetric.BuildDuration, { ...RUN, kind: 'site', outcome: 'failed' })).toEqual([80]);
    expect(store.latestChecks(PipelineMetric.Health, RUN).map((c) => c.status)).toEqual([2]);
    expect(store.distributionTotals(PipelineMetric.DockerRebuilds).count).toBe(0);
  });
});
