/**
 * The data the state machine passes between its states (build-pipeline.asl.json). Each Lambda receives a part of it
 * as its event and returns one of the result shapes below; the state machine stores results under the run's keys.
 */
import type { BuildKind, BuildPhase, PipelineFunction, RunOutcome, Step } from './constants.js';

export type StepName = (typeof Step)[keyof typeof Step];
export type BuildKindName = (typeof BuildKind)[keyof typeof BuildKind];
export type BuildPhaseName = (typeof BuildPhase)[keyof typeof BuildPhase];
export type RunOutcomeName = (typeof RunOutcome)[keyof typeof RunOutcome];
export type PipelineFunctionName = (typeof PipelineFunction)[keyof typeof PipelineFunction];

/** What starts an execution: mapped from the CodeCommit push event by the trigger (trigger.json). */
export interface RunInput {
  repository: string;
  branch: string;
  commitId: string;
}

/** WhatChanged's result, stored at `$.changes`. */
export interface Changes {
  hasDocker: boolean;
  /** The first parent of the commit; null for a repository's first commit. */
  parentCommitId: string | null;
  /** Changed paths that are builder-image inputs (at most MAX_REPORTED_PATHS). */
  dockerInputsChanged: string[];
}

/** StartBuild's event. */
export interface StartBuildEvent extends RunInput {
  kind: BuildKindName;
  projectName: string;
}

/** One build as the state machine tracks it, stored at `$.dockerBuild` or `$.siteBuild`. */
export interface BuildRecord {
  kind: BuildKindName;
  projectName: string;
  buildId: string;
  /** CodeBuild's status as last seen. */
  status: string;
  phase: BuildPhaseName;
  /** BatchGetBuilds calls so far: the state machine gives up when it reaches the configured maximum. */
  polls: number;
  /** Set once the build has ended; null until then (always present: the state machine's ResultSelector reads it). */
  durationSeconds: number | null;
}

/** CheckBuild's event. */
export interface CheckBuildEvent {
  repository: string;
  branch: string;
  build: BuildRecord;
}

/** An error as a Catch records it at `$.error`. */
export interface CaughtError {
  Error: string;
  Cause?: string;
}

/** When the execution started and how long it may poll; from the state machine's DefinitionSubstitutions. */
export interface ExecutionSettings {
  /** ISO time ($$.Execution.StartTime). */
  startedAt: string;
  /** CheckBuild calls per build before the run gives up. */
  maxPolls: number;
  /** Seconds between two polls. */
  pollSeconds: number;
}

/** The whole run as the state machine holds it; Notify receives it. Later keys appear as steps complete. */
export interface RunState extends RunInput {
  /** Added by the first state (Configure), before anything can fail. */
  execution: ExecutionSettings;
  changes?: Changes;
  dockerBuild?: BuildRecord;
  siteBuild?: BuildRecord;
  /** Set by the failure states: which step failed. */
  failedStep?: StepName;
  /** Set by a Catch: the error that failed the step (absent when a build ended badly or polling gave up). */
  error?: CaughtError;
}

/** Notify's event: the state machine says how the run ended. */
export interface NotifyEvent {
  outcome: RunOutcomeName;
  run: RunState;
}

export interface NotifyResult {
  messageId: string;
  message: string;
}

/** The subset of the emitter's `metric` the pipeline uses (structural, so logic can be tested with any recorder). */
export interface PipelineMetrics {
  count(name: string, value?: number, tags?: Record<string, string>): void;
  histogram(name: string, value: number, tags?: Record<string, string>): void;
  check(name: string, status: 0 | 1 | 2 | 3, tags?: Record<string, string>): void;
}
