/**
 * Types for the handler wrappers, written structurally: no dependency on @types/aws-lambda or @middy/core.
 */
import type { Flushable } from './metrics-types.js';

/** The parts of Lambda's context object the wrappers read. AWS's Context type fits it. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  callbackWaitsForEmptyEventLoop?: boolean;
}

export type LambdaCallback<R> = (error?: unknown, result?: R) => void;

export type AsyncHandler<E, R, C> = (event: E, context: C) => Promise<R> | R;
export type CallbackHandler<E, R, C> = (event: E, context: C, callback: LambdaCallback<R>) => void;

export interface WithMetricsOptions {
  /** The instance to flush (default: the shared `metric`). */
  metrics?: Flushable;
  /** Flush this many ms before the deadline context.getRemainingTimeInMillis() announces (default 50). */
  timeoutMarginMs?: number;
}

export interface MetricsMiddlewareOptions {
  /** The instance to flush (default: the shared `metric`). */
  metrics?: Flushable;
}

/**
 * A middy middleware object. Each hook returns undefined: middy treats any other return value as an early response.
 * The request parameter is `unknown` so the object fits every middy handler's event and context types.
 */
export interface MetricsMiddleware {
  before: (request: unknown) => void;
  after: (request: unknown) => void;
  onError: (request: unknown) => void;
}
