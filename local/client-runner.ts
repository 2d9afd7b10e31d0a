/**
 * The client functions beside the pipeline: each a child process running the REAL client (client-worker.ts), invoked
 * through the Lambda simulator, which writes the platform's lines around what the worker's emulated runtime captured.
 * Each invocation's values are picked here (seeded) and counted here, before the function runs: the --once check
 * compares that count, and what each client documents it adds, with the intake (client-expected.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Context } from 'aws-lambda';
import { fileURLToPath } from 'node:url';
import { RejectReason } from '../emitter/constants.js';
import { parseSettings } from '../forwarder/config.js';
import { DEFAULT_EMF_NAMESPACE_RULE, emfMetricName, type EmfNamespaceRuleName } from '../forwarder/parse/dialects/emf-names.js';
import { ClientExpectations } from './client-expected.js';
import { ClientFunctionSpecs, type ClientEvent, type ClientFunctionName, type ClientFunctionSpec } from './client-specs.js';
import type { InvocationReply, WorkerReply, WorkerRequest } from './client-worker.js';
import { lambdaFunctionEnv } from './lambda-runtime.js';
import type { Expectations } from './expected.js';
import { REGION } from './functions.js';
import type { LambdaSim } from './lambda-sim.js';
import type { Random } from './random.js';
import type { LogFormatName } from './types.js';

const WORKER = fileURLToPath(new URL('./client-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Invocations of each client function per round of executions: a few, enough to show warm invocations too. */
export const CLIENT_INVOCATIONS_PER_ROUND = 3;

/** One function's process, as Lambda gives it: its own environment, the clients loaded once. */
class Worker {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, (reply: InvocationReply) => void>();
  private gone: Error | undefined;

  constructor(functionName: ClientFunctionName, logFormat: LogFormatName) {
    const spec = ClientFunctionSpecs[functionName];
    this.child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      // Only what Lambda sets (never the runner's DD_API_KEY: that is the forwarder's setting, not the function's).
      env: lambdaFunctionEnv(functionName, logFormat === 'json' ? 'JSON' : 'Text', spec.memoryMb, REGION),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) return resolve();
        this.waiting.get(reply.requestId)?.(reply);
        this.waiting.delete(reply.requestId);
      });
      this.child.once('exit', (code, signal) => {
        this.gone = new Error(`the ${functionName} worker exited (${signal ?? code})`);
        reject(this.gone);
        for (const [requestId, settle] of this.waiting) settle({ requestId, events: [], error: { name: 'WorkerExited', message: this.gone.message } });
        this.waiting.clear();
      });
    });
    this.ready.catch(() => undefined); // a failed start is reported by the invocation that waits for it
  }

  invoke(request: WorkerRequest): Promise<InvocationReply> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve) => {
      this.waiting.set(request.requestId, resolve);
      this.child.send(request);
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

export interface ClientRunnerOptions {
  sim: LambdaSim;
  logFormat: LogFormatName;
  /** Its own seeded source: the pipeline's scenarios do not shift with the client functions. */
  random: Random;
  /** The run's expectations: the client functions' metric lines and rejections join the forwarder's totals. */
  expectations: Expectations;
  progress: (line: string) => void;
}

export class ClientFunctions {
  readonly expected = new ClientExpectations();
  private readonly workers = new Map<ClientFunctionName, Worker>();
  private readonly invoked = new Map<ClientFunctionName, number>();
  private readonly emfRule: EmfNamespaceRuleName;

  /** Construct after the forwarder's environment is set: its EMF_NAMESPACE_RULE names the EMF metrics. */
  constructor(private readonly options: ClientRunnerOptions) {
    this.emfRule = parseSettings(process.env).emfNamespaceRule ?? DEFAULT_EMF_NAMESPACE_RULE;
  }

  /** Each client function `count` times, one invocation at a time per function (one warm container each). */
  async round(count: number = CLIENT_INVOCATIONS_PER_ROUND): Promise<void> {
    const names = Object.keys(ClientFunctionSpecs) as ClientFunctionName[];
    await Promise.all(names.map(async (name) => {
      for (let i = 0; i < count; i++) await this.invokeOne(name);
    }));
    this.options.progress(`  client functions: ${count} invocations each of ${names.map((n) => ClientFunctionSpecs[n].client).join(', ')}`);
  }

  stop(): void {
    for (const worker of this.workers.values()) worker.stop();
  }

  private async invokeOne(name: ClientFunctionName): Promise<void> {
    const { sim, random, progress } = this.options;
    const spec = ClientFunctionSpecs[name];
    const event: ClientEvent = { values: Object.fromEntries(spec.metrics.map((m) => [m.name, Array.from({ length: random.int(...m.perInvocation) }, () => random.int(...m.range))])) };
    const worker = this.worker(name);
    try {
      await worker.ready; // loading the clients is the worker's own cold start, outside the simulator's turn
      await sim.invoke(name, event, async (_event, context: Context) => {
        const reply = await worker.invoke({ requestId: context.awsRequestId, event, context: contextFields(context), remainingMs: context.getRemainingTimeInMillis() });
        for (const logged of reply.events) sim.log(logged.message, logged.timestamp);
        if (reply.error) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
      });
    } catch (error) {
      this.expected.failures++;
      progress(`  ! ${name} (${spec.client}) failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return;
    }
    const coldStart = (this.invoked.get(name) ?? 0) === 0;
    this.invoked.set(name, (this.invoked.get(name) ?? 0) + 1);
    this.count(name, spec, event, coldStart);
  }

  /** What the intake must now hold more of: the values asked for, and what the client writes on its own. */
  private count(name: ClientFunctionName, spec: ClientFunctionSpec, event: ClientEvent, coldStart: boolean): void {
    const datadogName = (metric: string) => (spec.namespace === undefined ? metric : emfMetricName(this.emfRule, spec.namespace, metric));
    let values = 0;
    for (const [metric, written] of Object.entries(event.values)) {
      this.expected.add(datadogName(metric), name, written);
      values += written.length;
    }
    const coldStartObject = coldStart && spec.coldStartMetric !== undefined;
    if (coldStartObject) this.expected.add(datadogName(spec.coldStartMetric as string), name, [1]);
    const lines = (spec.lines === 'per-value' ? values : 1) + (coldStartObject ? 1 : 0);
    this.options.expectations.lines(lines, Array.from({ length: spec.reservedLinesPerInvocation ?? 0 }, () => RejectReason.ReservedName));
  }

  private worker(name: ClientFunctionName): Worker {
    let worker = this.workers.get(name);
    if (!worker) {
      worker = new Worker(name, this.options.logFormat);
      this.workers.set(name, worker);
    }
    return worker;
  }
}

function contextFields(context: Context): WorkerRequest['context'] {
  const { functionName, functionVersion, invokedFunctionArn, memoryLimitInMB, logGroupName, logStreamName } = context;
  return { functionName, functionVersion, invokedFunctionArn, memoryLimitInMB, logGroupName, logStreamName };
}
