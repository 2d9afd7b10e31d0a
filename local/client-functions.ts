/**
 * The client functions' handlers, written as a user would write them with each REAL client. Loaded only inside a
 * client worker (client-worker.ts), after its Lambda environment is set and the console is patched: the clients read
 * both when they load. Each handler writes every value of `event.values` (the runner picks them) with its client.
 */
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricScope, Unit } from 'aws-embedded-metrics';
import { datadog, sendDistributionMetric } from 'datadog-lambda-js';
import { ClientFunction, ClientFunctionSpecs, type ClientEvent, type ClientFunctionName, type ClientMetricSpec } from './client-specs.js';

export type ClientHandler = (event: ClientEvent, context: Context) => Promise<unknown>;

const unitOf = (metrics: readonly ClientMetricSpec[], name: string): ClientMetricSpec['unit'] => metrics.find((m) => m.name === name)?.unit ?? 'Count';

/** datadog-lambda-js: a distribution point per value, written to stdout (DD_FLUSH_TO_LOG=true) when the wrapper flushes. */
function datadogLambda(): ClientHandler {
  return datadog(async (event: ClientEvent) => {
    for (const [name, values] of Object.entries(event.values)) for (const value of values) sendDistributionMetric(name, value, 'route:checkout');
    return { statusCode: 200 };
  }) as ClientHandler;
}

/** Powertools Metrics through its middy middleware: a service dimension, a default dimension, the ColdStart metric. */
function powertools(): ClientHandler {
  const spec = ClientFunctionSpecs[ClientFunction.Powertools];
  const metrics = new PowertoolsMetrics({ namespace: spec.namespace, serviceName: 'orders', defaultDimensions: { stage: 'local' } });
  return middy(async (event: ClientEvent) => {
    for (const [name, values] of Object.entries(event.values)) {
      const unit = unitOf(spec.metrics, name) === 'Milliseconds' ? MetricUnit.Milliseconds : MetricUnit.Count;
      for (const value of values) metrics.addMetric(name, unit, value);
    }
    return { statusCode: 200 };
  }).use(logMetrics(metrics, { captureColdStartMetric: true })) as unknown as ClientHandler;
}

/** aws-embedded-metrics' metricScope: one EMF object per invocation (console.log in text format, stdout in JSON). */
function embeddedMetrics(): ClientHandler {
  const spec = ClientFunctionSpecs[ClientFunction.EmbeddedMetrics];
  return metricScope((metrics) => async (event: ClientEvent) => {
    metrics.setNamespace(spec.namespace ?? 'aws-embedded-metrics');
    metrics.putDimensions({ Provider: 'stripe' });
    for (const [name, values] of Object.entries(event.values)) {
      const unit = unitOf(spec.metrics, name) === 'Milliseconds' ? Unit.Milliseconds : Unit.Count;
      for (const value of values) metrics.putMetric(name, value, unit);
    }
    return { statusCode: 200 };
  }) as unknown as ClientHandler;
}

/** Each function's handler, made when its worker loads it (one client per process, as one per Lambda function). */
export const ClientHandlers: Record<ClientFunctionName, () => ClientHandler> = {
  [ClientFunction.DatadogLambda]: datadogLambda,
  [ClientFunction.Powertools]: powertools,
  [ClientFunction.EmbeddedMetrics]: embeddedMetrics,
};
