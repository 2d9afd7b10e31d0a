/**
 * Child process: one client function's execution environment. `npm start` forks one per client function
 * (client-runner.ts) with that function's Lambda environment, as Lambda runs each function in its own process: the
 * clients read the environment once when they load, and Powertools' ColdStart metric is once per process.
 *
 * The console and stdout are patched the way Lambda's Node.js runtime patches them (lambda-runtime.ts) BEFORE the
 * clients load; each invocation's captured log events go back to the runner, which writes them into the simulated
 * log stream between the platform's own lines. Messages: WorkerRequest in, WorkerReply out (IPC, not stdout).
 */
import type { Context } from 'aws-lambda';
import type { ClientEvent, ClientFunctionName } from './client-specs.js';
import { LambdaRuntime, type CapturedEvent } from './lambda-runtime.js';

export interface WorkerRequest {
  requestId: string;
  event: ClientEvent;
  context: Pick<Context, 'functionName' | 'functionVersion' | 'invokedFunctionArn' | 'memoryLimitInMB' | 'logGroupName' | 'logStreamName'>;
  /** Milliseconds until the function's timeout. */
  remainingMs: number;
}

/** Sent once the clients are loaded; then one InvocationReply per request, in order. */
export type WorkerReply = { ready: true } | InvocationReply;

export interface InvocationReply {
  requestId: string;
  events: CapturedEvent[];
  error?: { name: string; message: string };
}

/** Runs as a worker only when forked with an IPC channel (never when imported for its types). */
async function serve(send: (reply: WorkerReply) => void): Promise<void> {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME as ClientFunctionName;
  const runtime = new LambdaRuntime(process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON' ? 'JSON' : 'Text');
  runtime.install();
  // Loaded after the console is patched, as in Lambda (the runtime patches it before it loads the handler).
  const { ClientHandlers } = await import('./client-functions.js');
  const handler = ClientHandlers[functionName]();
  let queue = Promise.resolve();
  process.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      const started = Date.now();
      const context = { ...request.context, awsRequestId: request.requestId, callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => Math.max(0, request.remainingMs - (Date.now() - started)) };
      let error: InvocationReply['error'];
      try {
        await runtime.run(request.requestId, () => handler(request.event, context as unknown as Context));
      } catch (thrown) {
        error = thrown instanceof Error ? { name: thrown.name, message: thrown.message } : { name: 'Error', message: String(thrown) };
      }
      send({ requestId: request.requestId, events: runtime.events.splice(0), ...(error ? { error } : {}) });
    });
  });
  // A terminal's Ctrl-C reaches the whole process group: the runner decides when to stop (it disconnects).
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}

if (process.send) {
  const send = process.send.bind(process);
  void serve((reply) => void send(reply));
}
