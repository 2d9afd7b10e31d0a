/**
 * Logs the way Lambda's Node.js runtime does, so a real metric client's output becomes the log events CloudWatch
 * would hold. Behaviour from the runtime interface client (aws/aws-lambda-nodejs-runtime-interface-client,
 * src/LogPatch.js), reimplemented:
 * - the console methods are replaced: each call is ONE log event. Text format: `<ISO time>\t<requestId>\t<LEVEL>\t`
 *   + util.format(args) + `\n` (newlines kept: the runtime frames each call on the telemetry fd). JSON format
 *   (AWS_LAMBDA_LOG_FORMAT=JSON): `{"timestamp","level","requestId","message"}`; a single argument is the message
 *   as it is (an object stays an object), several are util.format-ed.
 * - direct process.stdout.write output is not prefixed: Lambda makes one event of each line.
 * - the platform writes START / END / REPORT (text) or platform.start / platform.report (JSON) around each invocation
 *   (invoke); run() captures only what the function itself writes, for a caller that writes the platform's lines
 *   (the local runner's Lambda simulator).
 * Shared by the real-client tests (test/forwarder/clients/) and `npm start` (local/client-worker.ts).
 */
import { format } from 'node:util';

export type LogFormat = 'Text' | 'JSON';

export interface CapturedEvent {
  timestamp: number;
  message: string;
}

/**
 * The environment Lambda gives a Node.js 24 function (what the metric clients read when they load), with
 * datadog-lambda set to write its points to the log (DD_FLUSH_TO_LOG) and no tracer. Nothing of the caller's own
 * environment but PATH: a function never sees the forwarder's DD_API_KEY.
 */
export function lambdaFunctionEnv(functionName: string, logFormat: LogFormat, memoryMb = 1024, region = 'us-east-1'): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_FORMAT: logFormat,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    DD_FLUSH_TO_LOG: 'true',
    DD_TRACE_ENABLED: 'false',
  };
}

const LEVELS = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', log: 'INFO', warn: 'WARN', error: 'ERROR' } as const;
type ConsoleMethod = keyof typeof LEVELS;

export class LambdaRuntime {
  readonly events: CapturedEvent[] = [];
  private requestId = 'undefined';
  private stdoutRest = '';
  private readonly restores: Array<() => void> = [];

  constructor(private readonly logFormat: LogFormat) {}

  /** Replaces the console methods and process.stdout.write until uninstall(). */
  install(): void {
    for (const method of Object.keys(LEVELS) as ConsoleMethod[]) {
      const original = console[method];
      console[method] = (...args: unknown[]) => this.consoleEvent(LEVELS[method], args);
      this.restores.push(() => (console[method] = original));
    }
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      this.stdoutRest += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      let newline = this.stdoutRest.indexOf('\n');
      while (newline !== -1) {
        const line = this.stdoutRest.slice(0, newline);
        if (line !== '') this.events.push({ timestamp: Date.now(), message: `${line}\n` });
        this.stdoutRest = this.stdoutRest.slice(newline + 1);
        newline = this.stdoutRest.indexOf('\n');
      }
      return true;
    }) as typeof process.stdout.write;
    this.restores.push(() => (process.stdout.write = write));
  }

  uninstall(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  /** One invocation: the platform's lines around what `handler` logs. `coldStart` adds the init duration. */
  async invoke(requestId: string, coldStart: boolean, handler: () => Promise<unknown>): Promise<void> {
    this.platform('start', requestId, coldStart);
    try {
      await this.run(requestId, handler);
    } finally {
      this.platform('report', requestId, coldStart);
    }
  }

  /** One invocation's own output (console and stdout), without the platform's lines. */
  async run<T>(requestId: string, handler: () => Promise<T>): Promise<T> {
    this.requestId = requestId;
    return handler();
  }

  private consoleEvent(level: string, args: unknown[]): void {
    const timestamp = Date.now();
    const time = new Date(timestamp).toISOString();
    if (this.logFormat === 'Text') {
      this.events.push({ timestamp, message: `${time}\t${this.requestId}\t${level}\t${format(...args)}\n` });
      return;
    }
    const message = args.length === 1 ? args[0] : format(...args);
    this.events.push({ timestamp, message: JSON.stringify({ timestamp: time, level, requestId: this.requestId, message }) });
  }

  private platform(kind: 'start' | 'report', requestId: string, coldStart: boolean): void {
    const timestamp = Date.now();
    const metrics = { durationMs: 12.5, billedDurationMs: 13, memorySizeMB: 1024, maxMemoryUsedMB: 80, ...(coldStart ? { initDurationMs: 150.12 } : {}) };
    if (this.logFormat === 'JSON') {
      const record = kind === 'start' ? { requestId, version: '$LATEST' } : { requestId, status: 'success', metrics };
      this.events.push({ timestamp, message: JSON.stringify({ time: new Date(timestamp).toISOString(), type: `platform.${kind}`, record }) });
      return;
    }
    if (kind === 'start') {
      this.events.push({ timestamp, message: `START RequestId: ${requestId} Version: $LATEST\n` });
      return;
    }
    const init = coldStart ? `\tInit Duration: ${metrics.initDurationMs} ms` : '';
    this.events.push({ timestamp, message: `END RequestId: ${requestId}\n` });
    this.events.push({
      timestamp,
      message: `REPORT RequestId: ${requestId}\tDuration: ${metrics.durationMs} ms\tBilled Duration: ${metrics.billedDurationMs} ms\tMemory Size: ${metrics.memorySizeMB} MB\tMax Memory Used: ${metrics.maxMemoryUsedMB} MB${init}\t\n`,
    });
  }
}
