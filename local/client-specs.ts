/**
 * The functions `npm start` runs beside the pipeline, one per metric client Lambda developers already use, each
 * instrumented with the REAL client (client-functions.ts, run in a child process per function: client-worker.ts).
 * Shared by the runner (what to ask each function to write, what the intake must then hold) and the functions.
 * Plain data: importing this loads no client.
 */
import type { FunctionSpec } from './types.js';

export const ClientFunction = {
  DatadogLambda: 'client-datadog-lambda',
  Powertools: 'client-powertools',
  EmbeddedMetrics: 'client-embedded-metrics',
} as const;
export type ClientFunctionName = (typeof ClientFunction)[keyof typeof ClientFunction];

/** What one invocation writes: each value of each of the function's metrics, under the name its code gives the client. */
export interface ClientEvent {
  values: Record<string, number[]>;
}

/** A metric a client function writes: its name in the code, how many values an invocation writes, their range. */
export interface ClientMetricSpec {
  name: string;
  /** The unit an EMF client is given (values keep it: the forwarder converts nothing). */
  unit?: 'Count' | 'Milliseconds';
  perInvocation: readonly [number, number];
  range: readonly [number, number];
}

export interface ClientFunctionSpec extends FunctionSpec {
  /** The client package, for the progress line. */
  client: string;
  /** EMF clients: the CloudWatch namespace (the Datadog name follows EMF_NAMESPACE_RULE). */
  namespace?: string;
  metrics: readonly ClientMetricSpec[];
  /**
   * Metric lines the client writes: one per value (datadog-lambda: a `{"m","v","e","t"}` line per point) or one
   * EMF object per flush (once per invocation: every value of every metric in one object).
   */
  lines: 'per-value' | 'per-invocation';
  /** Powertools (captureColdStartMetric): a `ColdStart` metric of 1, in an EMF object of its own, once per process. */
  coldStartMetric?: string;
  /**
   * datadog-lambda-js also writes `aws.lambda.enhanced.invocations` each invocation (DD_ENHANCED_METRICS is on by
   * default): a name the forwarder owns (it counts invocations from REPORT), so each is rejected as reserved_name.
   */
  reservedLinesPerInvocation?: number;
}

/** Sizes of a small Node.js function on nodejs24.x; the clients add a little to the cold start. */
const SMALL = { memoryMb: 512, timeoutSeconds: 10, durationMs: [20, 180], initDurationMs: [260, 640], maxMemoryUsedMb: [92, 118], metricOutput: 'stdout' } as const;

export const ClientFunctionSpecs: Record<ClientFunctionName, ClientFunctionSpec> = {
  [ClientFunction.DatadogLambda]: {
    ...SMALL,
    client: 'datadog-lambda-js (DD_FLUSH_TO_LOG=true)',
    metrics: [
      { name: 'shop.checkout.latency', perInvocation: [1, 3], range: [40, 900] },
      { name: 'shop.cart.items', perInvocation: [1, 1], range: [1, 12] },
    ],
    lines: 'per-value',
    reservedLinesPerInvocation: 1,
  },
  [ClientFunction.Powertools]: {
    ...SMALL,
    client: '@aws-lambda-powertools/metrics',
    namespace: 'Shop/Orders',
    metrics: [
      { name: 'OrdersPlaced', unit: 'Count', perInvocation: [1, 3], range: [1, 5] },
      { name: 'PaymentLatency', unit: 'Milliseconds', perInvocation: [1, 1], range: [80, 600] },
    ],
    lines: 'per-invocation',
    coldStartMetric: 'ColdStart',
  },
  [ClientFunction.EmbeddedMetrics]: {
    ...SMALL,
    client: 'aws-embedded-metrics',
    namespace: 'Shop/Payments',
    metrics: [
      { name: 'ChargeLatency', unit: 'Milliseconds', perInvocation: [1, 3], range: [60, 700] },
      { name: 'Charges', unit: 'Count', perInvocation: [1, 1], range: [1, 3] },
    ],
    lines: 'per-invocation',
  },
};
