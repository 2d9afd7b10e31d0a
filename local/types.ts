/** The plain data the local runner passes between its parts. */
import type { Difference } from '@aws-sdk/client-codecommit';

export type LogFormatName = 'text' | 'json';

/** How one simulated Lambda function behaves: its configuration and the ranges its invocations fall in. */
export interface FunctionSpec {
  memoryMb: number;
  timeoutSeconds: number;
  /** Handler duration range, ms (a warm invocation). */
  durationMs: readonly [number, number];
  initDurationMs: readonly [number, number];
  maxMemoryUsedMb: readonly [number, number];
  /**
   * How the function's metric lines reach the log: `stdout` (process.stdout.write, raw: the emitter's default) or
   * `console` (as if the function had passed `output: console.log`, so each line gets the runtime's prefix).
   */
  metricOutput: 'stdout' | 'console';
}

/** A simulated CodeBuild build: the IN_PROGRESS polls before its final status, and how long it took. */
export interface BuildPlan {
  runningPolls: number;
  finalStatus: 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'STOPPED' | 'TIMED_OUT';
  seconds: number;
}

/** A Lambda-level fault planned for one Task state of one execution. */
export interface FaultPlan {
  state: string;
  /** Which call of that state within the execution (1 = the first). */
  call: number;
  /** timeout: the function hangs past its timeout; error: the AWS call it makes throws and the handler fails. */
  kind: 'timeout' | 'error';
}

export interface ExecutionPlan {
  /** 1-based. */
  index: number;
  /** What this execution is meant to show, for the progress line. */
  role: string;
  input: { repository: string; branch: string; commitId: string };
  /** The pushed commit: its parents and what changed against the first one. */
  commit: { parents: string[]; differences: Difference[] };
  builds: { docker: BuildPlan; site: BuildPlan };
  fault?: FaultPlan;
  /** Hand-written MONITORING lines (some wrong) the first WhatChanged invocation also logs, with console.log. */
  handWrittenLines: boolean;
}

export interface LogEvent {
  id: string;
  /** Epoch ms. */
  timestamp: number;
  message: string;
}

/** What one simulated invocation did, as the runner reports it. */
export interface InvocationOutcome {
  functionName: string;
  requestId: string;
  coldStart: boolean;
  status: 'success' | 'error' | 'timeout';
  errorType?: string;
}
