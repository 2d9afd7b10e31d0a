/**
 * middy middleware: `middy(handler).use(metricsMiddleware())`. Typed structurally; nothing here imports @middy/core,
 * which stays an optional peer.
 *
 * - before: writes what earlier invocations left behind (metrics recorded after their flush);
 * - after: flushes after success;
 * - onError: flushes after a throw, and after middy's timeoutEarlyInMillis raises its TimeoutError shortly before
 *   Lambda's deadline. It returns nothing, so middy re-throws the original error.
 */
import { defaultMetrics } from './default-instance.js';
import type { MetricsMiddleware, MetricsMiddlewareOptions } from './handler-types.js';

export type { MetricsMiddleware, MetricsMiddlewareOptions } from './handler-types.js';

export function metricsMiddleware(options: MetricsMiddlewareOptions = {}): MetricsMiddleware {
  const metrics = options.metrics ?? defaultMetrics();
  const flush = (): void => {
    metrics.flush();
  };
  return { before: flush, after: flush, onError: flush };
}
