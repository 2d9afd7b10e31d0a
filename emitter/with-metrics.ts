/**
 * withMetrics: wraps a Lambda handler so the buffer is flushed after every invocation, whatever way it ends:
 * - success or throw (the error is re-thrown unchanged);
 * - timeout: an unref'd timer flushes shortly before context.getRemainingTimeInMillis() runs out, since Lambda stops
 *   the process at the deadline without running any more code;
 * - callback handlers: flushed before the callback is called, because with callbackWaitsForEmptyEventLoop=false
 *   Lambda freezes the process as soon as it is;
 * - work the handler left running: what it records after the flush keeps its own timestamps and is written at the
 *   start of the next invocation, or on 'beforeExit'.
 */
import { EmitterDefaults } from './constants.js';
import { defaultMetrics, flushBeforeExit } from './default-instance.js';
import type { AsyncHandler, CallbackHandler, LambdaCallback, LambdaContextLike, WithMetricsOptions } from './handler-types.js';
import type { Flushable } from './metrics-types.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Starts the invocation: writes leftovers and arms the deadline flush. Returns what ends it (safe to call twice). */
function startInvocation(metrics: Flushable, context: unknown, marginMs: number): () => void {
  metrics.flush();
  const remaining = (context as LambdaContextLike | undefined)?.getRemainingTimeInMillis;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (typeof remaining === 'function') {
    const delay = Math.max(0, remaining.call(context) - marginMs);
    timer = setTimeout(() => metrics.flush(), delay);
    timer.unref(); // never keep the process (or a test) alive for it
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (timer !== undefined) clearTimeout(timer);
    metrics.flush();
  };
}

// Async first: a handler with fewer parameters also fits the callback signature, a 3-parameter one never fits this.
export function withMetrics<E, R, C extends LambdaContextLike = LambdaContextLike>(
  handler: AsyncHandler<E, R, C>,
  options?: WithMetricsOptions,
): (event: E, context: C) => Promise<R>;
export function withMetrics<E, R, C extends LambdaContextLike = LambdaContextLike>(
  handler: CallbackHandler<E, R, C>,
  options?: WithMetricsOptions,
): CallbackHandler<E, R, C>;
export function withMetrics<E, R, C extends LambdaContextLike>(
  handler: AsyncHandler<E, R, C> | CallbackHandler<E, R, C>,
  options: WithMetricsOptions = {},
): CallbackHandler<E, R, C> | ((event: E, context: C) => Promise<R>) {
  const metrics = options.metrics ?? defaultMetrics();
  const marginMs = options.timeoutMarginMs ?? EmitterDefaults.timeoutMarginMs;
  flushBeforeExit(metrics);

  // Lambda's Node runtime tells the styles apart by the number of declared parameters; keep the user's.
  if (handler.length >= 3) {
    const callbackHandler = handler as CallbackHandler<E, R, C>;
    return function withMetricsCallback(event: E, context: C, callback: LambdaCallback<R>): void {
      const end = startInvocation(metrics, context, marginMs);
      const done: LambdaCallback<R> = (error, result) => {
        end();
        callback(error, result);
      };
      let returned: unknown;
      try {
        returned = callbackHandler(event, context, done);
      } catch (error) {
        end();
        throw error;
      }
      // A handler may declare the callback and still return a promise; then Lambda uses the promise.
      if (isThenable(returned)) {
        return Promise.resolve(returned).then(
          (result) => (end(), result),
          (error: unknown) => {
            end();
            throw error;
          },
        ) as unknown as void;
      }
    };
  }

  const asyncHandler = handler as AsyncHandler<E, R, C>;
  return async function withMetricsAsync(event: E, context: C): Promise<R> {
    const end = startInvocation(metrics, context, marginMs);
    try {
      return await asyncHandler(event, context);
    } finally {
      end();
    }
  };
}
