/**
 * StartBuild and CheckBuild: start a CodeBuild build, then report where it is each time the state machine polls.
 * The state machine owns the loop (Wait → CheckBuild → Choice) and its limit; these functions only observe.
 */
import type { Build } from '@aws-sdk/client-codebuild';
import type { CodeBuildApi } from './clients/codebuild.js';
import { BuildKind, BuildPhase, CodeBuildStatus, FailedBuildStatuses, StepOfBuildKind } from './constants.js';
import { PipelineError, PipelineErrorName } from './errors.js';
import { PipelineMetric, PipelineTag } from './metric-names.js';
import { pipelineTags } from './tags.js';
import type { BuildPhaseName, BuildRecord, CheckBuildEvent, PipelineMetrics, StartBuildEvent } from './types.js';

/** What a CodeBuild status means for the pipeline. An unknown status counts as running: the poll limit bounds it. */
export function phaseOf(status: string | undefined): BuildPhaseName {
  if (status === CodeBuildStatus.Succeeded) return BuildPhase.Succeeded;
  if (status !== undefined && FailedBuildStatuses.includes(status)) return BuildPhase.Failed;
  return BuildPhase.Running;
}

/** Seconds from start to end, or undefined while either is missing. */
export function durationSeconds(build: Pick<Build, 'startTime' | 'endTime'>): number | undefined {
  if (!(build.startTime instanceof Date) || !(build.endTime instanceof Date)) return undefined;
  return Math.max(0, (build.endTime.getTime() - build.startTime.getTime()) / 1000);
}

export async function startBuild(event: StartBuildEvent, codeBuild: CodeBuildApi, metrics: PipelineMetrics): Promise<BuildRecord> {
  const { build } = await codeBuild.startBuild({
    projectName: event.projectName,
    sourceVersion: event.commitId,
    // The builder image's buildspec tags what it pushes with the commit (and `latest`, which the site project uses).
    environmentVariablesOverride: event.kind === BuildKind.Docker ? [{ name: 'IMAGE_TAG', value: event.commitId, type: 'PLAINTEXT' }] : undefined,
  });
  if (!build?.id) throw new PipelineError(PipelineErrorName.BuildNotStarted, `CodeBuild returned no build id for project ${event.projectName}`);
  const step = StepOfBuildKind[event.kind];
  if (event.kind === BuildKind.Docker) metrics.count(PipelineMetric.DockerRebuilds, 1, pipelineTags(event, step, { [PipelineTag.Kind]: event.kind }));
  const status = build.buildStatus ?? CodeBuildStatus.InProgress;
  return { kind: event.kind, projectName: event.projectName, buildId: build.id, status, phase: phaseOf(status), polls: 0, durationSeconds: null };
}

export async function checkBuild(event: CheckBuildEvent, codeBuild: CodeBuildApi, metrics: PipelineMetrics): Promise<BuildRecord> {
  const { build: previous } = event;
  const step = StepOfBuildKind[previous.kind];
  const kindTag = { [PipelineTag.Kind]: previous.kind };
  metrics.count(PipelineMetric.PollCount, 1, pipelineTags(event, step, kindTag));

  const { builds } = await codeBuild.batchGetBuilds({ ids: [previous.buildId] });
  const build = builds?.find((b) => b.id === previous.buildId);
  if (!build) throw new PipelineError(PipelineErrorName.BuildNotFound, `CodeBuild does not know build ${previous.buildId}`);

  const status = build.buildStatus ?? CodeBuildStatus.InProgress;
  const phase = phaseOf(status);
  const record: BuildRecord = { ...previous, status, phase, polls: previous.polls + 1, durationSeconds: null };
  if (phase !== BuildPhase.Running) {
    const seconds = durationSeconds(build);
    if (seconds !== undefined) {
      record.durationSeconds = seconds;
      metrics.histogram(PipelineMetric.BuildDuration, seconds, pipelineTags(event, step, { ...kindTag, [PipelineTag.Outcome]: status.toLowerCase() }));
    }
  }
  return record;
}
