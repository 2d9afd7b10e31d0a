/**
 * A Lambda service in miniature: runs a real handler the way the Lambda runtime would and writes what CloudWatch
 * Logs would hold for it, one log stream per execution environment ("container").
 *
 * - Containers: an invocation takes an idle container of its function or starts a new one (a cold start: INIT_START
 *   and an Init Duration). A timed-out container is thrown away (Lambda resets the sandbox), so the next is cold.
 * - Output: the handlers' `metric` is the simulator's RecordingMetrics (see recording-metrics.ts); each write
 *   becomes one log event, raw as process.stdout.write leaves it, or behind the runtime's console prefix for a
 *   function that writes with console.log. START / END / REPORT (or the JSON format's platform records) around it.
 * - One handler at a time: the emitter's default instance is one buffer per process, as in Lambda where each
 *   container is its own process. Running two handlers here at once would let one flush the other's metrics, so
 *   invocations take turns (each is quick: the AWS services are in memory); executions still overlap between them.
 * - Faults: a planned timeout makes the next AWS call hang until the function's timeout (its buffered metrics are
 *   lost with the process, as in Lambda); a planned error makes that call fail so the handler throws.
 */
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseLine } from '../emitter/grammar.js';
import type { Expectations, MetricCall } from './expected.js';
import { ACCOUNT, REGION } from './functions.js';
import { consoleLine, endLine, initStartLine, invokeErrorLine, reportLine, startLine, timeoutLine } from './log-lines.js';
import type { Random } from './random.js';
import { RecordingMetrics } from './recording-metrics.js';
import type { CallFaults } from './sim-aws.js';
import type { FunctionSpec, InvocationOutcome, LogEvent, LogFormatName } from './types.js';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LambdaSimOptions {
  format: LogFormatName;
  random: Random;
  specs: Readonly<Record<string, FunctionSpec>>;
  expectations: Expectations;
  /** Keep each container busy for the simulated duration in real time (capped), so overlapping executions need more containers. */
  realTime: boolean;
  onInvocation?: (outcome: InvocationOutcome) => void;
}

export interface InvokeOptions {
  fault?: 'timeout' | 'error';
  /** Lines the function also logs with console.log after its handler ran (hand-written MONITORING lines). */
  consoleLines?: readonly string[];
}

/** The events of one log stream waiting for delivery: one subscription payload's worth. */
export interface StreamBatch {
  functionName: string;
  logGroup: string;
  logStream: string;
  events: LogEvent[];
}

interface Container {
  functionName: string;
  logStream: string;
  busy: boolean;
  invocations: number;
}

/** The invocation whose handler is running now. */
interface Running {
  requestId: string;
  spec: FunctionSpec;
  entries: Array<{ at: number; message: string }>;
  /** Metric calls still in the buffer, and those whose lines were written. */
  pending: MetricCall[];
  flushed: MetricCall[];
  monitoringLines: number;
  fault?: 'timeout' | 'error';
  /** Set when the function hung past its timeout: from then on nothing it writes reaches the log. */
  killed: boolean;
}

const REAL_TIME_CAP_MS = 1_500;

/** What a service answers when the simulator makes a call fail. */
const REFUSALS = {
  codebuild: ['AccountLimitExceededException', 'Cannot have more than 60 active builds for the account'],
  codecommit: ['ThrottlingException', 'Rate exceeded'],
  sns: ['ThrottledException', 'Rate exceeded'],
} as const;

export class LambdaSim {
  readonly metrics: RecordingMetrics;
  readonly faults: CallFaults;
  /** Writes made while no handler ran (nothing should; counted so a summary can say so). */
  strayWrites = 0;
  private readonly pools = new Map<string, Container[]>();
  private readonly streams = new Map<string, StreamBatch>();
  private turn: Promise<unknown> = Promise.resolve();
  private running: Running | undefined;
  private eventSeq = 0;

  constructor(private readonly options: LambdaSimOptions) {
    this.metrics = new RecordingMetrics(
      { output: (text) => this.capture(text, 'metrics'), errorOutput: (text) => this.capture(text, 'stderr') },
      (call) => this.running?.pending.push(call),
    );
    this.faults = { before: (service) => this.beforeCall(service) };
  }

  async invoke(functionName: string, event: unknown, handler: LambdaHandler, options: InvokeOptions = {}): Promise<unknown> {
    const spec = this.options.specs[functionName];
    if (!spec) throw Object.assign(new Error(`Function not found: ${functionName}`), { name: 'Lambda.ResourceNotFoundException' });
    const { random, format } = this.options;
    const container = this.acquire(functionName);
    const coldStart = container.invocations++ === 0;
    try {
      const requestId = randomUUID();
      const startedAt = Date.now();
      const run: Running = { requestId, spec, entries: [], pending: [], flushed: [], monitoringLines: 0, killed: false, ...(options.fault ? { fault: options.fault } : {}) };
      const outcome = await this.takeTurn(run, () => handler(event, this.context(functionName, container, requestId, spec, startedAt)));
      for (const line of options.consoleLines ?? []) run.entries.push({ at: Date.now(), message: consoleLine(format, Date.now(), requestId, 'INFO', line) });

      const status = run.killed ? 'timeout' : outcome.ok ? 'success' : 'error';
      const durationMs = status === 'timeout' ? spec.timeoutSeconds * 1000 + random.between(0.5, 40) : random.between(...spec.durationMs);
      const initDurationMs = coldStart ? random.between(...spec.initDurationMs) : undefined;
      if (this.options.realTime) await sleep(Math.min(durationMs, REAL_TIME_CAP_MS));
      const error = outcome.ok ? undefined : status === 'timeout' ? timedOut(spec) : outcome.error;

      const messages: Array<{ at: number; message: string | undefined }> = [];
      if (coldStart) messages.push({ at: startedAt - Math.ceil(initDurationMs ?? 0), message: initStartLine(format, startedAt, functionName) });
      messages.push({ at: startedAt, message: startLine(format, startedAt, requestId) }, ...run.entries);
      const endAt = startedAt + Math.ceil(durationMs);
      if (status === 'error' && error) messages.push({ at: endAt - 1, message: invokeErrorLine(format, endAt - 1, requestId, error) });
      if (status === 'timeout' && format === 'text') messages.push({ at: endAt, message: timeoutLine(endAt, requestId, spec.timeoutSeconds) });
      messages.push({ at: endAt, message: endLine(format, endAt, requestId) });
      messages.push({
        at: endAt,
        message: reportLine(format, endAt, {
          requestId,
          durationMs,
          memorySizeMb: spec.memoryMb,
          maxMemoryUsedMb: random.int(...spec.maxMemoryUsedMb),
          status,
          ...(initDurationMs !== undefined ? { initDurationMs } : {}),
          ...(status === 'timeout' ? { errorType: 'Sandbox.Timedout' } : status === 'error' && error ? { errorType: error.name } : {}),
        }),
      });
      const logged = messages.filter((m): m is { at: number; message: string } => m.message !== undefined);
      this.append(container, functionName, logged);

      const { expectations } = this.options;
      expectations.logEvents += logged.length;
      expectations.invocation(functionName, { coldStart, status });
      expectations.delivered(run.flushed);
      const handWritten = (options.consoleLines ?? []).map((line) => parseLine(line));
      expectations.lines(run.monitoringLines + handWritten.filter((p) => p.ok).length, handWritten.flatMap((p) => (p.ok ? [] : [p.reason])));
      expectations.delivered(handWritten.flatMap((p) => (p.ok ? [{ type: p.point.type, name: p.point.name, value: p.point.value, tags: p.point.tags }] : [])));
      if (status === 'timeout') this.retire(container);
      this.options.onInvocation?.({ functionName, requestId, coldStart, status, ...(error ? { errorType: error.name } : {}) });

      if (error) throw error;
      return outcome.ok ? outcome.result : undefined;
    } finally {
      container.busy = false;
    }
  }

  /**
   * A log event the running invocation wrote in another process (a client function's worker, client-runner.ts),
   * already framed as Lambda's runtime frames it; it lands between the invocation's START and END like any write.
   */
  log(message: string, at: number = Date.now()): void {
    const run = this.running;
    if (!run) this.strayWrites++;
    else if (!run.killed) run.entries.push({ at, message });
  }

  /** Takes every log event waiting for delivery, one batch per log stream (as a subscription delivers them). */
  takeBatches(): StreamBatch[] {
    const batches = [...this.streams.values()].filter((b) => b.events.length > 0);
    this.streams.clear();
    return batches;
  }

  /** Containers started so far, per function. */
  containerCounts(): Record<string, number> {
    return Object.fromEntries([...this.pools].map(([name, pool]) => [name, pool.length]));
  }

  private acquire(functionName: string): Container {
    const pool = this.pools.get(functionName) ?? [];
    this.pools.set(functionName, pool);
    let container = pool.find((c) => !c.busy);
    if (!container) {
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
      container = { functionName, logStream: `${day}/[$LATEST]${this.options.random.hex(32)}`, busy: false, invocations: 0 };
      pool.push(container);
    }
    container.busy = true;
    return container;
  }

  /** A timed-out sandbox is reset: its next invocation starts cold, in a fresh container. */
  private retire(container: Container): void {
    const pool = this.pools.get(container.functionName) ?? [];
    const at = pool.indexOf(container);
    if (at >= 0) pool.splice(at, 1);
  }

  /** Runs `work` when no other handler runs, with `run` as the invocation whose writes are captured. Never throws. */
  private takeTurn(run: Running, work: () => Promise<unknown>): Promise<{ ok: true; result: unknown } | { ok: false; error: Error }> {
    const task = async () => {
      this.running = run;
      try {
        return { ok: true as const, result: await work() };
      } catch (error) {
        return { ok: false as const, error: error instanceof Error ? error : new Error(String(error)) };
      } finally {
        this.running = undefined;
      }
    };
    const result = this.turn.then(task, task);
    this.turn = result;
    return result;
  }

  private capture(text: string, channel: 'metrics' | 'stderr'): void {
    const run = this.running;
    if (!run) {
      this.strayWrites++;
      return;
    }
    if (run.killed) return; // the process is gone: what it still had buffered never reaches the log
    const at = Date.now();
    if (channel === 'metrics') {
      run.monitoringLines += text.split('\n').filter((line) => line.startsWith('MONITORING|')).length;
      run.flushed.push(...run.pending.splice(0));
    }
    const viaConsole = channel === 'metrics' && run.spec.metricOutput === 'console';
    // Node's runtime writes a multi-line console message as one event, with \r in place of \n (text format).
    const message = viaConsole
      ? consoleLine(this.options.format, at, run.requestId, 'INFO', this.options.format === 'text' ? text.replace(/\n$/, '').replaceAll('\n', '\r') : text.replace(/\n$/, ''))
      : text;
    run.entries.push({ at, message });
  }

  private async beforeCall(service: keyof typeof REFUSALS): Promise<void> {
    const run = this.running;
    if (!run?.fault) return;
    if (run.fault === 'error') {
      const [name, message] = REFUSALS[service];
      throw Object.assign(new Error(message), { name });
    }
    // The call never answers; Lambda stops the function at its timeout.
    run.killed = true;
    await sleep(1);
    throw timedOut(run.spec);
  }

  private append(container: Container, functionName: string, messages: Array<{ at: number; message: string }>): void {
    const key = container.logStream;
    let batch = this.streams.get(key);
    if (!batch) {
      batch = { functionName, logGroup: `/aws/lambda/${functionName}`, logStream: container.logStream, events: [] };
      this.streams.set(key, batch);
    }
    for (const { at, message } of messages) batch.events.push({ id: this.nextEventId(at), timestamp: at, message });
  }

  /** CloudWatch event ids are 56-digit decimal strings, unique per event. */
  private nextEventId(at: number): string {
    return `${String(at).padStart(20, '0')}${String(this.eventSeq++).padStart(36, '0')}`;
  }

  private context(functionName: string, container: Container, requestId: string, spec: FunctionSpec, startedAt: number): Context {
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: container.logStream,
      getRemainingTimeInMillis: () => Math.max(0, spec.timeoutSeconds * 1000 - (Date.now() - startedAt)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}

/** Step Functions reports a Lambda function that ran out of time as `Sandbox.Timedout`. */
function timedOut(spec: FunctionSpec): Error {
  return Object.assign(new Error(`Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`), { name: 'Sandbox.Timedout' });
}
