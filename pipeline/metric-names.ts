/**
 * Every metric the build pipeline's Lambdas emit, in one place (dashboards and monitors read them from here).
 * Each point carries the tags in PipelineTag: repo, branch and step, plus the extra tags noted per metric.
 */
export const PipelineMetric = {
  /** count, one per execution, when WhatChanged runs. */
  Runs: 'pipeline.runs',
  /** count, one per builder-image rebuild started. Extra tag: kind. */
  DockerRebuilds: 'pipeline.docker_rebuilds',
  /** histogram, seconds from CodeBuild's start to end of a finished build. Extra tags: kind, outcome. */
  BuildDuration: 'pipeline.build.duration',
  /** count, one per BatchGetBuilds poll. Extra tag: kind. */
  PollCount: 'pipeline.poll.count',
  /** count, one per SMS attempted. Extra tags: outcome (of the run), status (sent or failed). */
  Notifications: 'pipeline.notifications',
  /** count, one per failed execution; `step` is the step that failed. */
  Failures: 'pipeline.failures',
  /** histogram, seconds from the execution's start to its notification. Extra tag: outcome. */
  RunDuration: 'pipeline.run.duration',
  /** service check, once per finished execution: OK when the site was built, CRITICAL when anything failed. */
  Health: 'pipeline.health',
} as const;

/** The unit of each measurement, in Datadog's unit names (metric metadata; the local page reads it). */
export const PipelineMetricUnit: Readonly<Record<string, string>> = {
  [PipelineMetric.BuildDuration]: 'second',
  [PipelineMetric.RunDuration]: 'second',
};

/** Tag keys the pipeline uses. */
export const PipelineTag = {
  Repo: 'repo',
  Branch: 'branch',
  Step: 'step',
  Kind: 'kind',
  Outcome: 'outcome',
  Status: 'status',
} as const;
