/**
 * lambda-dd-metrics: custom metrics from AWS Lambda as aggregated MONITORING lines on stdout.
 *
 *     import { metric, withMetrics } from 'lambda-dd-metrics';
 *     export const handler = withMetrics(async (event) => { metric.count('orders.placed', 1, { plan: 'pro' }); });
 */
import { defaultMetrics } from './default-instance.js';
import type { Metrics } from './metrics.js';

/** The process-wide instance: one buffer shared by every copy of this library loaded in the process. */
export const metric: Metrics = defaultMetrics();

export { Metrics, createMetrics } from './metrics.js';
export { withMetrics } from './with-metrics.js';
export { MetricsValidationError } from './errors.js';
export { CheckStatus, MetricType, RejectReason } from './constants.js';
export type { CheckStatusValue, MetricTypeName, RejectReasonName, TagsInput } from './types.js';
export type { EnvVars, Flushable, MetricsOptions, OutputFn, RejectionCounts } from './metrics-types.js';
export type { AsyncHandler, CallbackHandler, LambdaCallback, LambdaContextLike, WithMetricsOptions } from './handler-types.js';
