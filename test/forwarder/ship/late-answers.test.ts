/**
 * The handler against an intake that stores a payload on receipt and answers late (intake fault `late_answer`): the
 * case of issue 11 where a fixed 5 s request timer made the forwarder resend what Datadog already held.
 *
 * - With the default settings and a minute left, an answer after 7 s is waited for (the 20 s floor): the payload is
 *   received once and nothing is resent.
 * - When the answer does not come within the request's time limit, the resend may store the payload twice: it is
 *   counted in forwarder.ambiguous_resends{endpoint,cause:timeout}, and the intake shows what the count warns of.
 * - When no answer comes before the invocation runs out of time, the invocation fails so Lambda retries the batch
 *   (at least once): the error says that Datadog may already hold it, since the retry that resends it cannot count
 *   it (delivery.ts).
 *
 * Real time (the limit counts awake time, which a virtual clock cannot starve): about 30 s in all, mostly waiting.
 * Nothing asserts a duration. The limit test runs first: the 7 s answer of the other raises this process's patience (3 × the slowest
 * recent answer) for the rest of the file.
 */
import { startIntake, type Intake } from '../../../intake/index.js';
import { createHandler, DeliveryError } from '../../../forwarder/handler.js';
import { ForwarderMetric, platformNames } from '../../../forwarder/metric-names.js';
import { EndpointPath } from '../../../forwarder/ship/constants.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { realisticMinute } from '../handler/realistic-batch.js';
import { API_KEY, captureOutput, forwarderEnv, FORWARDER_NAME, lambdaContext, MINUTE_MS, NOW_MS } from '../handler/support.js';

const P = platformNames().platform;
const DIST = EndpointPath.distributions;
const own = { functionname: FORWARDER_NAME };

let intake: Intake;
let output: ReturnType<typeof captureOutput>;
beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS });
  output = captureOutput();
});
afterEach(async () => {
  output.restore();
  await intake.stop();
});

function batch() {
  const minute = realisticMinute(30, MINUTE_MS, 5);
  return { event: toAwslogsEvent(dataPayload(minute.messages)), truth: minute.truth };
}

const invocations = () => intake.store.distributionTotals(P.Invocations, { functionname: 'checkout-api' }).sum;

it('default settings, no answer within the 20 s limit: the payload is resent, may be stored twice, and the resend is counted', async () => {
  // Answered after 60 s (never, within this test): the forwarder gives up after 20 s of awake time.
  intake.faults.inject({ kind: 'late_answer', delayMs: 60_000, endpoint: DIST });
  const { event, truth } = batch();
  const handler = createHandler({ env: forwarderEnv(intake.url, { DD_FETCH_LAMBDA_TAGS: 'false' }), now: () => NOW_MS });
  const summary = await handler(event, lambdaContext(60_000));

  expect(summary.payloads).toMatchObject({ acked: summary.payloads.sent, failed: 0 });
  expect(summary.retries).toBe(1);
  // The intake kept the abandoned attempt as well: at least once, as the count says.
  expect(invocations()).toBe(2 * truth.invocations);
  expect(intake.store.distributionTotals(ForwarderMetric.AmbiguousResends, { ...own, endpoint: 'distributions', cause: 'timeout' }).sum).toBe(1);
}, 50_000);

it('default settings, a minute left, an answer after 7 s: received once, nothing resent', async () => {
  intake.faults.inject({ kind: 'late_answer', delayMs: 7_000, endpoint: DIST });
  const { event, truth } = batch();
  const handler = createHandler({ env: forwarderEnv(intake.url, { DD_FETCH_LAMBDA_TAGS: 'false' }), now: () => NOW_MS });
  const summary = await handler(event, lambdaContext(60_000));

  expect(summary.payloads).toMatchObject({ acked: summary.payloads.sent, failed: 0 });
  expect(summary.retries).toBe(0);
  expect(intake.store.requests(DIST)[0]).toMatchObject({ status: 202, fault: 'late_answer' });
  expect(invocations()).toBe(truth.invocations);
  expect(intake.store.distributionValues(ForwarderMetric.AmbiguousResends)).toEqual([]);
  expect(intake.store.distributionTotals(ForwarderMetric.Requests, { ...own, endpoint: 'distributions', status: 'timeout' }).sum).toBe(0);
}, 30_000);

it('no answer before the invocation runs out of time: Lambda retries the batch, and the error says it may be held', async () => {
  intake.faults.inject({ kind: 'late_answer', delayMs: 20_000, times: 100, endpoint: DIST });
  const { event, truth } = batch();
  const handler = createHandler({ env: forwarderEnv(intake.url, { DD_FETCH_LAMBDA_TAGS: 'false', FORWARDER_REQUEST_TIMEOUT_MS: '400' }), now: () => NOW_MS });
  const answer = await handler(event, lambdaContext(2_500)).catch((error: unknown) => error);

  expect(answer).toBeInstanceOf(DeliveryError);
  expect((answer as Error).message).toMatch(/may already be held by Datadog .*the retry may make Datadog count them twice/);
  // What the error warns of: the intake holds the batch already (once per abandoned attempt).
  expect(invocations()).toBeGreaterThanOrEqual(truth.invocations);
}, 30_000);
