/**
 * The metric clients Lambda developers already use, run for real (datadog-lambda-js 12, @aws-lambda-powertools/metrics
 * 2, aws-embedded-metrics 4, and this project's emitter), logging the way Lambda's Node.js runtime does in both log
 * formats (local/lambda-runtime.ts), their log events delivered as CloudWatch subscription batches to the built forwarder,
 * and every total read back from the local intake exactly. One function uses all clients at once (one batch mixing
 * every dialect). EMF names follow the default EMF_NAMESPACE_RULE (`integration`).
 */
import { startIntake, type Intake } from '../../../intake/index.js';
import { platformNames } from '../../../forwarder/metric-names.js';
import type { LogFormat } from '../../../local/lambda-runtime.js';
import { API_KEY, forwardWithBundle, runFunction, subscriptionEvent } from './support.js';

const INVOCATIONS = 2;
const P = platformNames().platform;
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** Every value each client writes per invocation (functions.ts), times INVOCATIONS; `once`: the cold start only. */
function expectedFrom(fn: string): Array<{ metric: string; tags: Record<string, string>; values: number[] }> {
  const times = (values: number[]) => Array.from({ length: INVOCATIONS }, () => values).flat();
  const own = { functionname: fn.toLowerCase() };
  const datadogLambda = [
    { metric: 'checkout.latency', tags: { ...own, route: 'pay' }, values: times([120, 80]) },
    { metric: 'cart.items', tags: own, values: times([3]) },
    { metric: 'manual.point', tags: { ...own, via: 'console' }, values: times([7]) },
  ];
  const powertools = [
    { metric: 'shop.orders_placed', tags: { ...own, service: 'checkout', stage: 'prod' }, values: times([2, 3]) },
    { metric: 'shop.payment_latency', tags: { ...own, service: 'checkout', stage: 'prod' }, values: times([250]) },
    { metric: 'shop.memory_headroom', tags: { ...own, service: 'checkout', stage: 'prod' }, values: times([40]) },
    { metric: 'shop.cold_start', tags: { ...own, service: 'checkout', stage: 'prod', function_name: fn.toLowerCase() }, values: [1] },
  ];
  const embedded = [
    { metric: 'payments.charge_latency', tags: { ...own, provider: 'stripe', servicetype: 'aws::lambda::function', loggroup: fn.toLowerCase() }, values: times([120, 80]) },
    { metric: 'payments.charges', tags: { ...own, provider: 'stripe' }, values: times([1]) },
  ];
  switch (fn) {
    case 'datadogLambda':
      return datadogLambda;
    case 'powertools':
      return powertools;
    case 'embeddedMetrics':
      return embedded;
    case 'emitter':
      return [];
    default:
      return [...datadogLambda, ...powertools, ...embedded];
  }
}

const FUNCTIONS = ['datadogLambda', 'powertools', 'embeddedMetrics', 'emitter', 'everything'] as const;

let intake: Intake;
beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
});
afterEach(async () => {
  await intake.stop();
});

describe.each(['Text', 'JSON'] as LogFormat[])('%s log format', (logFormat) => {
  it('every metric of every client arrives with its values and tags, and nothing else is lost', async () => {
    const events = [];
    for (const fn of FUNCTIONS) events.push(subscriptionEvent(fn, await runFunction(fn, logFormat, INVOCATIONS)));
    await forwardWithBundle(events, intake.url);
    const store = intake.store;

    for (const fn of FUNCTIONS) {
      for (const { metric, tags, values } of expectedFrom(fn)) {
        expect([fn, metric, sorted(store.distributionValues(metric, tags))]).toEqual([fn, metric, sorted(values)]);
        expect(store.kindOf(metric)).toBe('distribution');
      }
      // The platform's own lines, read beside the clients' output.
      expect([fn, store.distributionTotals(P.Invocations, { functionname: fn.toLowerCase() }).sum]).toEqual([fn, INVOCATIONS]);
    }
    // The emitter's count (pre-summed distribution) and gauge (a series: last value) in both functions that use it.
    for (const fn of ['emitter', 'everything']) {
      expect(store.distributionTotals('orders.placed', { functionname: fn.toLowerCase(), plan: 'pro' }).sum).toBe(INVOCATIONS);
      expect(store.seriesValues('queue.depth', { functionname: fn.toLowerCase() }).map((p) => p.value)).toEqual(expect.arrayContaining([42]));
    }
    // EMF properties are not tags; the dimension sets are.
    expect(store.metrics().every((m) => !JSON.stringify(m).includes('a-property-not-a-tag'))).toBe(true);

    // datadog-lambda-js writes its own aws.lambda.enhanced.invocations line each invocation: a name the forwarder
    // owns (it counts invocations from REPORT), so each is rejected and counted, never sent twice.
    expect(store.distributionValues('forwarder.rejected', { reason: 'reserved_name', dialect: 'datadog_lambda' }).reduce((a, b) => a + b, 0)).toBe(2 * INVOCATIONS);
    expect(store.distributionValues('forwarder.rejected').reduce((a, b) => a + b, 0)).toBe(2 * INVOCATIONS);
    expect(store.distributionTotals(P.Invocations, { functionname: 'datadoglambda' }).count).toBe(INVOCATIONS);
  }, 120_000);
});
