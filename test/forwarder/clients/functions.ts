/**
 * Functions instrumented with the real clients, as a user would write them. Imported by run-function.ts only after
 * the Lambda environment is set (the clients read it when they load). Each invocation writes the same metrics, so the
 * expected totals in real-clients.test.ts are the per-invocation ones times the number of invocations.
 */
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricScope, Unit } from 'aws-embedded-metrics';
import { datadog, sendDistributionMetric } from 'datadog-lambda-js';
import { createMetrics } from '../../../emitter/index.js';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** datadog-lambda-js with DD_FLUSH_TO_LOG=true: points through process.stdout.write; and a user's console.log of one. */
const datadogLambda: Handler = datadog(async () => {
  sendDistributionMetric('checkout.latency', 120, 'route:pay');
  sendDistributionMetric('checkout.latency', 80, 'route:pay');
  sendDistributionMetric('cart.items', 3);
  console.log(JSON.stringify({ m: 'manual.point', v: 7, e: Math.floor(Date.now() / 1000), t: ['via:console'] }));
  return { statusCode: 200 };
}) as Handler;

/** Powertools Metrics through its middy middleware: default dimensions, the ColdStart metric, a value list. */
const powertools = new PowertoolsMetrics({ namespace: 'Shop', serviceName: 'checkout', defaultDimensions: { stage: 'prod' } });
const powertoolsHandler: Handler = middy(async () => {
  powertools.addMetric('OrdersPlaced', MetricUnit.Count, 2);
  powertools.addMetric('OrdersPlaced', MetricUnit.Count, 3);
  powertools.addMetric('PaymentLatency', MetricUnit.Milliseconds, 250);
  powertools.addMetric('MemoryHeadroom', MetricUnit.Percent, 40);
  return { statusCode: 200 };
}).use(logMetrics(powertools, { captureColdStartMetric: true })) as unknown as Handler;

/** aws-embedded-metrics' metricScope: console.log in text format, its own Console in JSON format. */
const embeddedMetrics: Handler = metricScope((metrics) => async () => {
  metrics.setNamespace('Payments');
  metrics.putDimensions({ Provider: 'stripe' });
  metrics.putMetric('ChargeLatency', 120, Unit.Milliseconds);
  metrics.putMetric('ChargeLatency', 80, Unit.Milliseconds);
  metrics.putMetric('Charges', 1, Unit.Count);
  metrics.setProperty('RequestId', 'a-property-not-a-tag');
  return { statusCode: 200 };
}) as Handler;

/** This project's emitter: a count and a gauge (the series path), MONITORING lines on stdout. */
const emitter = createMetrics();
const emitterHandler: Handler = async () => {
  emitter.count('orders.placed', 1, { plan: 'pro' });
  emitter.gauge('queue.depth', 42);
  emitter.flush();
  return { statusCode: 200 };
};

/** One function using every client at once: one batch mixing all dialects. */
const everything: Handler = async (event, context) => {
  await datadogLambda(event, context);
  await powertoolsHandler(event, context);
  await embeddedMetrics(event, context);
  await emitterHandler(event, context);
};

export const Functions = { datadogLambda, powertools: powertoolsHandler, embeddedMetrics, emitter: emitterHandler, everything } as const;
export type FunctionName = keyof typeof Functions;
