/**
 * The forwarder as a Kinesis consumer, against the local intake's faults, played the way Lambda's event source mapping
 * plays a batch (sources/kinesis-event.ts: checkpoint before the lowest sequence number listed, deliver the rest
 * again). Every story ends with the intake holding exactly what the functions wrote: nothing lost, nothing twice.
 *
 * The rule under test (README, "What the forwarder guarantees"): the points of all records are shipped together; when
 * nothing is acknowledged nor kept, every data record is listed so the batch comes again; when anything was
 * acknowledged, nothing is listed (a redelivery would count it twice) and what was not goes to the failure store.
 * Retry waits run on a virtual clock; the tests assert counts, never wall-clock durations.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../forwarder/config.js';
import { createHandler, type HandlerDeps } from '../../forwarder/handler.js';
import { shipOptionsFor } from '../../forwarder/lambda-context.js';
import { ForwarderMetric } from '../../forwarder/metric-names.js';
import { ship } from '../../forwarder/ship/ship.js';
import type { FailureSink, Payload } from '../../forwarder/ship/types.js';
import { controlPayload, dataPayload } from './fixtures/awslogs.js';
import { Monitoring } from './fixtures/lines.js';
import { realisticMinute } from './handler/realistic-batch.js';
import { forwarderEnv, FORWARDER_NAME, intakePerTest, lambdaContext, MINUTE_MS, NOW_MS } from './handler/support.js';
import { deliverLikeLambda, kinesisEvent, sequenceNumber } from './sources/kinesis-event.js';

const local = intakePerTest();
const DIST = '/api/v1/distribution_points';
const SERIES = '/api/v2/series';
const CHECKS = '/api/v1/check_run';

/**
 * A batch as an account-wide subscription writes it: a control message, two records of one function's minute, one
 * record of another function with a gauge and a check (so all three endpoints are used), in sequence order.
 */
function accountBatch() {
  const checkout = realisticMinute(30, MINUTE_MS, 3);
  const billing = realisticMinute(20, MINUTE_MS, 5);
  const half = checkout.messages.length / 2;
  const extra = [Monitoring.json, Monitoring.check].map((message, i) => ({ message, timestamp: MINUTE_MS + 30_000 + i }));
  const payloads = [
    controlPayload(),
    dataPayload(checkout.messages.slice(0, half), { functionName: 'checkout-api' }),
    dataPayload(checkout.messages.slice(half), { functionName: 'checkout-api' }),
    dataPayload([...billing.messages, ...extra], { functionName: 'billing-api' }),
  ];
  return {
    event: kinesisEvent(payloads),
    truth: { ordersPlaced: checkout.truth.ordersPlaced + billing.truth.ordersPlaced, latencies: checkout.truth.invocations + billing.truth.invocations },
  };
}
const DATA_RECORDS = [1, 2, 3].map(sequenceNumber);

/** Exactly what the functions wrote: every count once, every histogram value once, the check run once. */
function expectExact(truth: ReturnType<typeof accountBatch>['truth']): void {
  const { store } = local.intake;
  expect(store.distributionTotals('orders.placed', { env: 'prod' }).sum).toBe(truth.ordersPlaced);
  expect(store.distributionValues('checkout.latency', { env: 'prod' })).toHaveLength(truth.latencies);
  expect(store.seriesValues('queue.depth').map((p) => p.value)).toEqual([42]);
  expect(store.checkRuns('payments.provider_up')).toHaveLength(1);
}

/** A virtual clock: sleep() advances it at once; the context's remaining time is the budget less it. */
function virtualTime(budgetMs = 60_000) {
  let elapsed = 0;
  const startedAt = Date.now();
  return {
    context: (): Context => lambdaContext(() => budgetMs - elapsed - (Date.now() - startedAt)),
    sleep: async (ms: number) => void (elapsed += ms),
  };
}

/** A durable failure store kept in memory (the S3 one is tested against moto in failures/store-replay.test.ts). */
function memoryStore(): FailureSink & { kept: Payload[] } {
  const kept: Payload[] = [];
  return { durable: true, kept, store: async (payloads) => (kept.push(...payloads), { stored: payloads.length }) };
}

/** What the replay Lambda does with a kept payload: send it as it is. */
async function replay(store: { kept: Payload[] }): Promise<void> {
  const config = await loadConfig(forwarderEnv(local.intake.url));
  const report = await ship(store.kept.splice(0), shipOptionsFor(config, lambdaContext(), {}));
  expect(report.failed).toEqual([]);
}

/** One forwarder instance as the mapping invokes it (a fresh clock per invocation). */
function instance(deps: Partial<HandlerDeps> & { env?: Record<string, string>; url?: string } = {}) {
  const { env, url, ...rest } = deps;
  const clock = virtualTime();
  const handler = createHandler({ env: forwarderEnv(url ?? local.intake.url, env), now: () => NOW_MS, sleep: clock.sleep, random: () => 0.5, ...rest });
  return (event: Parameters<typeof handler>[0] & { Records: unknown }) => handler(event, clock.context());
}

const selfTotal = (metric: string, tags: Record<string, string> = {}) => local.intake.store.distributionTotals(metric, { functionname: FORWARDER_NAME, ...tags }).sum;

it('all delivered: one invocation, nothing listed, exact; the control message is passed over', async () => {
  const { event, truth } = accountBatch();
  const run = await deliverLikeLambda(instance(), event);
  expect(run.answers).toEqual([[]]);
  expectExact(truth);
  expect(selfTotal(ForwarderMetric.Batches)).toBe(3);
});

it('a poison record (bad base64, gzip, JSON) is counted and passed over: it never holds the shard', async () => {
  const { event, truth } = accountBatch();
  const poison = kinesisEvent(['%%% not base64 %%%', Buffer.from('not gzip').toString('base64'), gzipSync('{"messageType":"DATA_MESS').toString('base64')], 4);
  const run = await deliverLikeLambda(instance(), { Records: [...event.Records, ...poison.Records] });
  expect(run.answers).toEqual([[]]);
  expectExact(truth);
  for (const reason of ['bad_base64', 'bad_gzip', 'bad_json']) expect(selfTotal(ForwarderMetric.Rejected, { reason })).toBe(1);
});

it('intake down, no failure store: every data record is listed, the mapping delivers them again once it is up: exact', async () => {
  const { event, truth } = accountBatch();
  local.intake.faults.down();
  const run = await deliverLikeLambda(instance({ env: { FORWARDER_MAX_ATTEMPTS: '2' } }), event, { between: () => local.intake.faults.up() });
  expect(run.answers).toEqual([DATA_RECORDS, []]);
  // The redelivery starts at the lowest listed record: the control message before it is checkpointed, not sent again.
  expect(run.invocations[1]).toEqual(DATA_RECORDS);
  expectExact(truth);
});

it('intake down, with a failure store: everything is kept and nothing listed; the replay sends it: exact', async () => {
  const { event, truth } = accountBatch();
  const store = memoryStore();
  local.intake.faults.down();
  const run = await deliverLikeLambda(instance({ failureSink: store, env: { FORWARDER_MAX_ATTEMPTS: '2' } }), event);
  expect(run.answers).toEqual([[]]);
  expect(store.kept.map((p) => p.kind).sort()).toEqual(['checks', 'distributions', 'distributions', 'series']); // data + self metrics
  local.intake.faults.up();
  await replay(store);
  expectExact(truth);
});

it('5xx and 429 mid-batch: retried inside the invocation, nothing listed, nothing twice', async () => {
  const { event, truth } = accountBatch();
  local.intake.faults.inject({ kind: 'status', status: 503, endpoint: DIST });
  local.intake.faults.inject({ kind: 'status', status: 429, rateLimitResetSeconds: 1, endpoint: SERIES });
  local.intake.faults.inject({ kind: 'status', status: 500, endpoint: CHECKS });
  const run = await deliverLikeLambda(instance(), event);
  expect(run.answers).toEqual([[]]);
  expect(local.intake.store.requests(SERIES).map((r) => r.status)).toEqual([429, 202]);
  expectExact(truth);
});

it('a partial acknowledgement across endpoints: nothing listed (a redelivery would double what was acknowledged); the rest is kept and replayed: exact', async () => {
  const { event, truth } = accountBatch();
  const store = memoryStore();
  for (const endpoint of [SERIES, CHECKS]) local.intake.faults.inject({ kind: 'status', status: 503, times: 10, endpoint });
  const run = await deliverLikeLambda(instance({ failureSink: store, env: { FORWARDER_MAX_ATTEMPTS: '2' } }), event);
  expect(run.answers).toEqual([[]]);
  expect(store.kept.map((p) => p.kind).sort()).toEqual(['checks', 'series']);
  local.intake.faults.clear();
  await replay(store);
  expectExact(truth);
});

describe('a timeout', () => {
  // An endpoint that takes connections and never answers: every request times out and none was stored anywhere.
  let blackHole: Server;
  const sockets: Socket[] = [];
  beforeEach(async () => {
    blackHole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('nothing answered before the deadline: listed, redelivered to another instance: exact', async () => {
    const { event, truth } = accountBatch();
    const port = (blackHole.address() as { port: number }).port;
    const stalled = instance({ url: `http://127.0.0.1:${port}`, env: { FORWARDER_REQUEST_TIMEOUT_MS: '200', FORWARDER_MAX_ATTEMPTS: '2' } });
    const healthy = instance();
    let invocation = 0;
    const run = await deliverLikeLambda((batch) => (invocation++ === 0 ? stalled(batch) : healthy(batch)), event);
    expect(run.answers).toEqual([DATA_RECORDS, []]);
    expectExact(truth);
  });
});
