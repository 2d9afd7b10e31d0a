/**
 * The REAL forwarder, as deployed: the bundle `npm run build` writes to dist/forwarder/index.js, loaded with require
 * (it is CommonJS) and invoked as CloudWatch's subscription would invoke it, several batches at once.
 */
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { InvocationSummary } from '../forwarder/handler.js';
import { ACCOUNT, REGION } from './functions.js';

export const FORWARDER_BUNDLE = fileURLToPath(new URL('../dist/forwarder/index.js', import.meta.url));
export const FORWARDER_NAME = 'dd-forwarder';
const FORWARDER_TIMEOUT_MS = 120_000;

export type ForwarderHandler = (event: unknown, context: Context) => Promise<InvocationSummary>;

/**
 * Loads the bundle. The forwarder reads its settings from process.env on its first invocation, so the caller sets
 * DD_URL / DD_API_KEY / AWS_REGION first.
 */
export function loadForwarder(bundle: string = FORWARDER_BUNDLE): ForwarderHandler {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first (npm start does)`);
  const required = createRequire(import.meta.url)(bundle) as { handler?: ForwarderHandler };
  if (typeof required.handler !== 'function') throw new Error(`${bundle} exports no handler`);
  return required.handler;
}

export function forwarderContext(): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FORWARDER_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FORWARDER_NAME}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${FORWARDER_NAME}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, FORWARDER_TIMEOUT_MS - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface ForwardResult {
  summary?: InvocationSummary;
  /** Wall time of the invocation, ms. */
  wallMs: number;
  /** Attempts made: an invocation that throws is retried, as Lambda retries an asynchronous invoke (twice). */
  attempts: number;
  error?: string;
}

export async function forward(handler: ForwarderHandler, event: unknown, retryDelayMs = 200): Promise<ForwardResult> {
  const started = performance.now();
  let error: string | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const summary = await handler(event, forwarderContext());
      return { summary, wallMs: performance.now() - started, attempts: attempt };
    } catch (thrown) {
      error = `${(thrown as Error).name}: ${(thrown as Error).message}`;
      if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
    }
  }
  return { wallMs: performance.now() - started, attempts: 3, ...(error ? { error } : {}) };
}
