/**
 * The fixed vocabulary of the build pipeline: step names (also the `step` tag and the `failedStep` the state machine
 * records), build kinds, CodeBuild statuses, environment variables and defaults.
 */

/** The pipeline's steps. The state machine's failure states record these exact strings in `$.failedStep`. */
export const Step = {
  WhatChanged: 'what_changed',
  BuildDockerImage: 'build_docker_image',
  BuildSite: 'build_site',
  Notify: 'notify',
  NotifyFailure: 'notify_failure',
} as const;

/** The two CodeBuild projects the pipeline starts. */
export const BuildKind = {
  Docker: 'docker',
  Site: 'site',
} as const;

/** Which step a build kind belongs to (for the `step` tag). */
export const StepOfBuildKind = {
  docker: Step.BuildDockerImage,
  site: Step.BuildSite,
} as const;

/** Where a build is, as the state machine's Choice states read it (`$.<build>.phase`). */
export const BuildPhase = {
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
} as const;

/** CodeBuild's build statuses (BatchGetBuilds `buildStatus`). */
export const CodeBuildStatus = {
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Fault: 'FAULT',
  Stopped: 'STOPPED',
  TimedOut: 'TIMED_OUT',
  InProgress: 'IN_PROGRESS',
} as const;

/** Statuses that end a build without success: each one fails the execution. */
export const FailedBuildStatuses: readonly string[] = [
  CodeBuildStatus.Failed,
  CodeBuildStatus.Fault,
  CodeBuildStatus.Stopped,
  CodeBuildStatus.TimedOut,
];

/** How the run ended, as Notify is told by the state machine. */
export const RunOutcome = {
  Succeeded: 'succeeded',
  Failed: 'failed',
} as const;

/** Environment variables the pipeline's Lambdas read. */
export const PipelineEnv = {
  /** WhatChanged: comma-separated path patterns of the builder image's inputs (see path-match.ts). */
  dockerInputs: 'DOCKER_INPUT_PATHS',
  /** Notify: an E.164 phone number to text directly... */
  phoneNumber: 'NOTIFY_PHONE_NUMBER',
  /** ...or an SNS topic to publish to (its SMS subscribers get the text). Exactly one of the two. */
  topicArn: 'NOTIFY_TOPIC_ARN',
} as const;

/** The builder image's inputs when DOCKER_INPUT_PATHS is not set: these names anywhere in the repository. */
export const DEFAULT_DOCKER_INPUTS = ['Dockerfile', 'buildspec.yml', 'package.json'] as const;

/** GetDifferences pages at most this many differences (CodeCommit's own maximum is 100). */
export const DIFFERENCES_PAGE_SIZE = 100;
/** How many matching paths WhatChanged reports back (the state's data stays small; the SMS names a few). */
export const MAX_REPORTED_PATHS = 10;

/**
 * The pipeline's Lambda functions, by the name each is built under (dist/<name>: the `lambdas` table in
 * scripts/build.mjs) and deployed as (<stack>-<name> in template.yaml; test/template checks both against this).
 */
export const PipelineFunction = {
  WhatChanged: 'pipeline-what-changed',
  StartBuild: 'pipeline-start-build',
  CheckBuild: 'pipeline-check-build',
  Notify: 'pipeline-notify',
} as const;
