/**
 * Child process: one invocation of a function that uses every real metric client the forwarder reads, under the
 * emulated Lambda runtime (local/lambda-runtime.ts), written as the log events CloudWatch would hold.
 *     node --import tsx client-logs.ts <Text|JSON> <out.json>
 * The Lambda environment (AWS_LAMBDA_LOG_FORMAT, DD_FLUSH_TO_LOG, …) comes from the parent; the clients read it when
 * they load, so they are imported after the console is patched, as Lambda's runtime does.
 * What each writes is chosen to exercise `parse`: a `key: value` tag (datadog-lambda-js), a dimension value with a
 * space (Powertools, aws-embedded-metrics), a name reserved for the forwarder, and a sum with float noise (the emitter
 * adds 0.1 and 0.2 into one count line).
 */
import { writeFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { LambdaRuntime, type LogFormat } from '../../local/lambda-runtime.js';

const [logFormat, out] = process.argv.slice(2) as [LogFormat, string];
const runtime = new LambdaRuntime(logFormat);
runtime.install();
try {
  const { datadog, sendDistributionMetric } = await import('datadog-lambda-js');
  const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
  const { metricScope, Unit } = await import('aws-embedded-metrics');
  const { createMetrics } = await import('../../emitter/index.js');

  const datadogLambda = datadog(async () => {
    sendDistributionMetric('checkout.latency', 120, 'team: payments');
    sendDistributionMetric('forwarder.batches', 1);
  });
  const powertools = new Metrics({ namespace: 'Shop', serviceName: 'checkout' });
  const embedded = metricScope((metrics) => async () => {
    metrics.setNamespace('Payments');
    metrics.putDimensions({ Provider: 'stripe inc' });
    metrics.putMetric('Charges', 1, Unit.Count);
  });
  const emitter = createMetrics();

  const requestId = '0f3c5e8a-7b1d-4c2e-9f6a-000000000001';
  const context = {
    awsRequestId: requestId,
    functionName: 'checkout',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:checkout',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/checkout',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
  } as unknown as Context;
  await runtime.invoke(requestId, true, async () => {
    await datadogLambda({}, context);
    powertools.addDimension('team', 'Payments Team');
    powertools.addMetric('OrdersPlaced', MetricUnit.Count, 2);
    powertools.publishStoredMetrics();
    await embedded();
    emitter.count('orders.total', 0.1);
    emitter.count('orders.total', 0.2);
    emitter.flush();
  });
} finally {
  runtime.uninstall();
}
writeFileSync(out, JSON.stringify(runtime.events));
