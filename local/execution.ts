/**
 * One execution of the build pipeline's REAL state machine definition, in-process (aws-local-stepfunctions), with the
 * REAL handlers behind its Task states, each invoked through the Lambda simulator. Waits last `waitMs` of real time.
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { functionArn, SUBSTITUTIONS, type PipelineFunctionName } from './functions.js';
import type { LambdaHandler, LambdaSim } from './lambda-sim.js';
import { handWrittenLines } from './scenarios.js';
import type { ExecutionPlan } from './types.js';

export const DEFINITION_PATH = fileURLToPath(new URL('../pipeline/build-pipeline.asl.json', import.meta.url));

/** The definition with its `${Name}` placeholders filled, as the SAM template's DefinitionSubstitutions fill them. */
export function loadDefinition(values: Readonly<Record<string, string>> = SUBSTITUTIONS): StateMachineDefinition {
  const text = readFileSync(DEFINITION_PATH, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}} in ${DEFINITION_PATH}`);
    return value;
  });
  return JSON.parse(text) as StateMachineDefinition;
}

export interface ExecutionResult {
  plan: ExecutionPlan;
  succeeded: boolean;
  /** The step the run failed at (the Fail state's Cause), when it failed. */
  failedStep?: string;
  error?: string;
  invocations: number;
  states: number;
}

export interface ExecutionDeps {
  sim: LambdaSim;
  handlers: Readonly<Record<PipelineFunctionName, LambdaHandler>>;
  definition: StateMachineDefinition;
  waitMs: number;
}

export async function runExecution(plan: ExecutionPlan, deps: ExecutionDeps): Promise<ExecutionResult> {
  const byArn = new Map(Object.entries(deps.handlers).map(([name, handler]) => [functionArn(name), { name, handler }]));
  const calls = new Map<string, number>();
  let invocations = 0;

  const invoke = (state: string) => async (taskInput: unknown) => {
    const { FunctionName, Payload } = taskInput as { FunctionName: string; Payload: unknown };
    const target = byArn.get(FunctionName);
    if (!target) throw Object.assign(new Error(`Function not found: ${FunctionName}`), { name: 'Lambda.ResourceNotFoundException' });
    const call = (calls.get(state) ?? 0) + 1;
    calls.set(state, call);
    invocations++;
    const fault = plan.fault && plan.fault.state === state && plan.fault.call === call ? plan.fault.kind : undefined;
    const consoleLines = plan.handWrittenLines && state === 'WhatChanged' && call === 1 ? handWrittenLines(plan, Date.now()) : undefined;
    const result = await deps.sim.invoke(target.name, Payload, target.handler, { ...(fault ? { fault } : {}), ...(consoleLines ? { consoleLines } : {}) });
    // lambda:invoke hands the state machine the function's answer under Payload.
    return { Payload: result, StatusCode: 200 };
  };

  const states = Object.entries(deps.definition.States);
  const tasks = states.filter(([, state]) => state.Type === 'Task').map(([name]) => name);
  const waits = states.filter(([, state]) => state.Type === 'Wait').map(([name]) => name);
  const machine = new StateMachine(deps.definition);
  const execution = machine.run(plan.input as never, {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(tasks.map((state) => [state, invoke(state)])) as never,
      waitTimeOverrides: Object.fromEntries(waits.map((state) => [state, deps.waitMs])),
      retryIntervalOverrides: Object.fromEntries(tasks.map((state) => [state, 0])),
    },
  });

  const result: ExecutionResult = { plan, succeeded: false, invocations: 0, states: 0 };
  const events = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') result.states++;
      if (event.type === 'ExecutionFailed') {
        result.error = event.Error;
        if (typeof event.Cause === 'string') result.failedStep = event.Cause;
      }
    }
  })();
  try {
    await execution.result;
    result.succeeded = true;
  } catch {
    result.succeeded = false;
  } finally {
    await events;
  }
  result.invocations = invocations;
  return result;
}
