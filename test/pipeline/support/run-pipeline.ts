/**
 * Runs the real state machine definition in-process (aws-local-stepfunctions) with the REAL Lambda handlers behind
 * every Task state. Each Task's local handler looks the handler up by the FunctionName the definition passes, so a
 * state wired to the wrong function fails here as it would in AWS. Waits and retry intervals are skipped.
 *
 * While it runs, stdout is captured per invocation: what each handler's metric.flush wrote.
 */
import type { Context } from 'aws-lambda';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { parseLine } from '../../../emitter/grammar.js';
import type { MonitoringPoint } from '../../../emitter/types.js';
import { handler as checkBuild } from '../../../pipeline/handlers/check-build.js';
import { handler as notify } from '../../../pipeline/handlers/notify.js';
import { handler as startBuild } from '../../../pipeline/handlers/start-build.js';
import { handler as whatChanged } from '../../../pipeline/handlers/what-changed.js';
import { PipelineFunction } from '../../../pipeline/constants.js';
import { definitionText, SAMPLE_SUBSTITUTIONS } from './definition.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Function ARN → (function name, handler): what the SAM template will deploy. */
const FUNCTIONS: Record<string, { name: string; handler: LambdaHandler }> = {
  [SAMPLE_SUBSTITUTIONS.WhatChangedFunctionArn]: { name: PipelineFunction.WhatChanged, handler: whatChanged as LambdaHandler },
  [SAMPLE_SUBSTITUTIONS.StartBuildFunctionArn]: { name: PipelineFunction.StartBuild, handler: startBuild as LambdaHandler },
  [SAMPLE_SUBSTITUTIONS.CheckBuildFunctionArn]: { name: PipelineFunction.CheckBuild, handler: checkBuild as LambdaHandler },
  [SAMPLE_SUBSTITUTIONS.NotifyFunctionArn]: { name: PipelineFunction.Notify, handler: notify as LambdaHandler },
};

export interface Invocation {
  state: string;
  functionName: string;
  requestId: string;
  event: unknown;
  /** Everything the handler wrote to stdout, split into lines. */
  stdout: string[];
  error?: string;
}

export interface PipelineRun {
  succeeded: boolean;
  output?: unknown;
  /** Error and Cause of the ExecutionFailed event. */
  error?: string;
  cause?: unknown;
  /** State names in the order they were entered. */
  path: string[];
  retries: string[];
  invocations: Invocation[];
  /** Every MONITORING line written during the run, parsed. */
  points: MonitoringPoint[];
}

export interface RunOptions {
  /** Substitutions to use instead of the sample ones (same keys). */
  substitutions?: Partial<Record<keyof typeof SAMPLE_SUBSTITUTIONS, string>>;
  /** Make the Lambda service refuse the first invocation of these states with this error (before the handler runs). */
  serviceErrorOnFirstCall?: Record<string, string>;
}

function lambdaContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/15/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function taskStateNames(definition: StateMachineDefinition): string[] {
  return Object.entries(definition.States).filter(([, state]) => state.Type === 'Task').map(([name]) => name);
}

function waitStateNames(definition: StateMachineDefinition): string[] {
  return Object.entries(definition.States).filter(([, state]) => state.Type === 'Wait').map(([name]) => name);
}

export function parsePoints(lines: readonly string[]): MonitoringPoint[] {
  const points: MonitoringPoint[] = [];
  for (const line of lines) {
    if (!line.startsWith('MONITORING|')) continue;
    const parsed = parseLine(line);
    if (!parsed.ok) throw new Error(`the emitter wrote a line the grammar rejects: ${line} (${parsed.detail})`);
    points.push(parsed.point);
  }
  return points;
}

export async function runPipeline(input: unknown, options: RunOptions = {}): Promise<PipelineRun> {
  const definition = JSON.parse(definitionText({ ...SAMPLE_SUBSTITUTIONS, ...options.substitutions })) as StateMachineDefinition;
  const invocations: Invocation[] = [];
  const refused = new Set<string>();
  let captured = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  });

  const invoke = (state: string) => async (taskInput: unknown) => {
    const { FunctionName, Payload } = taskInput as { FunctionName: string; Payload: unknown };
    const target = FUNCTIONS[FunctionName];
    if (!target) throw Object.assign(new Error(`Function not found: ${FunctionName}`), { name: 'Lambda.ResourceNotFoundException' });
    const serviceError = options.serviceErrorOnFirstCall?.[state];
    if (serviceError && !refused.has(state)) {
      refused.add(state);
      throw Object.assign(new Error('Rate exceeded'), { name: serviceError });
    }
    const requestId = randomUUID();
    const mark = captured.length;
    const invocation: Invocation = { state, functionName: target.name, requestId, event: Payload, stdout: [] };
    invocations.push(invocation);
    try {
      // lambda:invoke hands the state machine the invocation result with the function's answer under Payload.
      return { Payload: await target.handler(Payload, lambdaContext(target.name, requestId)), StatusCode: 200 };
    } catch (error) {
      invocation.error = (error as Error).name;
      throw error;
    } finally {
      invocation.stdout = captured.slice(mark).split('\n').filter((line) => line !== '');
    }
  };

  const machine = new StateMachine(definition);
  const tasks = taskStateNames(definition);
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(tasks.map((state) => [state, invoke(state)])) as never,
      waitTimeOverrides: Object.fromEntries(waitStateNames(definition).map((state) => [state, 0])),
      retryIntervalOverrides: Object.fromEntries(tasks.map((state) => [state, 0])),
    },
  });
  const run: PipelineRun = { succeeded: false, path: [], retries: [], invocations, points: [] };
  const events = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') run.path.push(event.state.name);
      if (event.type === 'StateRetried') run.retries.push(event.state.name);
      if (event.type === 'ExecutionFailed') {
        run.error = event.Error;
        run.cause = event.Cause;
      }
    }
  })();
  try {
    run.output = await execution.result;
    run.succeeded = true;
  } catch {
    run.succeeded = false;
  } finally {
    await events;
    write.mockRestore();
  }
  run.points = parsePoints(invocations.flatMap((i) => i.stdout));
  return run;
}

/** The points with this name whose tags include every one given. */
export function pointsOf(run: { points: MonitoringPoint[] }, name: string, tags: readonly string[] = []): MonitoringPoint[] {
  return run.points.filter((p) => p.name === name && tags.every((t) => p.tags.includes(t)));
}

export function sum(points: readonly MonitoringPoint[]): number {
  return points.reduce((total, p) => total + p.value, 0);
}
