/**
 * The handler with its AWS parts, end to end: the real local intake (intake/) for Datadog and a moto server for AWS
 * (real Lambda functions with tags and settings, a real Secrets Manager secret). What it proves:
 * - a function's AWS tags and settings (memorysize, architecture, runtime) reach its custom and platform metrics;
 * - a tagging failure (AccessDenied) still ships, counted as forwarder.tag_fetch_errors;
 * - estimated_cost equals hand-worked figures for an arm64 and an x86_64 function;
 * - the first batch after the forwarder's cold start waits for the function's first lookup (a share of its time), so it
 *   ships with the tags even when AWS answers slower than the 2-second bound of later lookups;
 * - the API key is checked once per cold start; a 403 stops the invocation with an error naming the setting, never
 *   the key; no answer only warns.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../../forwarder/handler.js';
import { ForwarderMetric, platformNames } from '../../../forwarder/metric-names.js';
import { FunctionTags } from '../../../forwarder/enrich/function-tags.js';
import { ApiKeyError } from '../../../forwarder/secrets/api-key.js';
import { awsClientConfig, createMotoFunction, MOTO_ACCOUNT, startMoto, type Moto } from '../../support/moto.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { T0 } from '../fixtures/lines.js';
import { startSlowAws, type SlowAws } from './slow-aws.js';
import { forwarderEnv, FORWARDER_NAME, intakePerTest, lambdaContext, MINUTE_MS, NOW_MS } from './support.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const VALIDATE = '/api/v1/validate';
let moto: Moto;
const local = intakePerTest();

/** The environment a deployed forwarder has, with moto as AWS (the SDK clients are built from this env). */
const awsEnv = () => ({ AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });

/** One invocation of `fn`: a custom count and its REPORT line (billed ms, memory MB as given). */
function invocationOf(fn: string, billedMs: number, memoryMb: number) {
  const report = `REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: ${billedMs - 0.5} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: 72 MB\t\n`;
  const custom = `MONITORING|${T0}|2|count|orders.placed|#tier:gold\n`;
  return toAwslogsEvent(dataPayload([custom, report], { functionName: fn, startMs: MINUTE_MS, owner: MOTO_ACCOUNT }));
}

beforeAll(async () => {
  moto = await startMoto();
  await createMotoFunction(moto.endpoint, 'checkout-api', { tags: { Team: 'Payments', CostCenter: 'cc-42' }, memory: 1024, arch: 'arm64' });
  await createMotoFunction(moto.endpoint, 'billing-worker', { tags: { Team: 'Billing' }, memory: 512, arch: 'x86_64' });
  // moto's first GetResources imports every service model it emulates (seconds here): pay that now, not inside the
  // forwarder's 2-second bound on a tag lookup (which would then ship without tags, as designed).
  await new ResourceGroupsTaggingAPIClient(awsClientConfig(moto.endpoint)).send(new GetResourcesCommand({}));
}, 60_000);
afterAll(async () => {
  await moto?.stop();
});

describe('per-function tags from AWS', () => {
  it("reach the function's custom and platform metrics; estimated_cost matches hand-worked arm64 and x86_64 figures", async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url, awsEnv()), now: () => NOW_MS });
    const arm = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());
    const x86 = await handler(invocationOf('billing-worker', 250, 512), lambdaContext());
    expect([arm.functionTags, x86.functionTags]).toEqual([5, 4]); // team, costcenter + memorysize, architecture, runtime

    const { store } = local.intake;
    const checkout = { functionname: 'checkout-api', team: 'payments', costcenter: 'cc-42', memorysize: '1024', architecture: 'arm64', runtime: 'nodejs24.x' };
    const billing = { functionname: 'billing-worker', team: 'billing', memorysize: '512', architecture: 'x86_64', runtime: 'nodejs24.x' };
    expect(store.distributionTotals('orders.placed', { ...checkout, tier: 'gold' }).sum).toBe(2);
    expect(store.distributionTotals('orders.placed', { ...billing, tier: 'gold' }).sum).toBe(2);
    expect(store.distributionTotals(P.Invocations, checkout).sum).toBe(1);
    expect(store.distributionTotals(P.Invocations, billing).sum).toBe(1);
    expect(store.distributionValues(P.Duration, { ...checkout, cold_start: 'false' })).toEqual([0.0995]); // seconds
    // Tags stay with their own function.
    expect(store.distributionTotals(P.Invocations, { functionname: 'billing-worker', team: 'payments' }).count).toBe(0);

    // 1024 MB × 100 ms = 0.1 GB-s × $0.0000133334 (arm64) + $0.0000002 = $0.00000153334
    const [armCost] = store.distributionValues(P.EstimatedCost, checkout);
    expect(armCost).toBeCloseTo(0.00000153334, 15);
    // 512 MB × 250 ms = 0.125 GB-s × $0.0000166667 (x86_64) + $0.0000002 = $0.0000022833375
    const [x86Cost] = store.distributionValues(P.EstimatedCost, billing);
    expect(x86Cost).toBeCloseTo(0.0000022833375, 15);
    expect(store.distributionValues(P.EstimatedCost)).toHaveLength(2);

    expect(store.distributionTotals(ForwarderMetric.TagFetchErrors).count).toBe(0);
    expect(local.output.lines().find((line) => line.message === 'Forwarder started')).toMatchObject({ functionTags: 'on' });
  });

  it('DD_FETCH_LAMBDA_TAGS=false: no lookup, metrics ship with the forwarder tags and DD_TAGS only', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url, { ...awsEnv(), DD_FETCH_LAMBDA_TAGS: 'false' }), now: () => NOW_MS });
    const summary = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());
    expect(summary.functionTags).toBe(0);
    expect(local.intake.store.distributionTotals(P.Invocations, { functionname: 'checkout-api', env: 'test' }).sum).toBe(1);
    expect(local.intake.store.distributionTotals(P.Invocations, { team: 'payments' }).count).toBe(0);
    // Architecture unknown: priced as x86_64, 0.1 GB-s × $0.0000166667 + $0.0000002.
    expect(local.intake.store.distributionValues(P.EstimatedCost)[0]).toBeCloseTo(0.00000186667, 15);
    expect(local.output.lines().find((line) => line.message === 'Forwarder started')).toMatchObject({ functionTags: 'off: DD_FETCH_LAMBDA_TAGS is false' });
  });

  it('no AWS credentials in the environment (a local run): no lookup is tried, the batch ships without tags', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url, { AWS_ENDPOINT_URL: moto.endpoint }), now: () => NOW_MS });
    const summary = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());
    expect(summary).toMatchObject({ functionTags: 0, payloads: { acked: 1, failed: 0 } });
    const started = local.output.lines().find((line) => line.message === 'Forwarder started');
    expect(String(started?.functionTags)).toMatch(/^off: no AWS credentials/);
  });

  it('a bad DD_FETCH_LAMBDA_TAGS is a configuration error naming the setting', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url, { DD_FETCH_LAMBDA_TAGS: 'sometimes' }), now: () => NOW_MS });
    await expect(handler(invocationOf('checkout-api', 100, 1024), lambdaContext())).rejects.toThrow(/DD_FETCH_LAMBDA_TAGS must be true or false/);
    expect(local.intake.store.requests()).toEqual([]);
  });

  it('tagging AccessDenied: still ships, with the settings tags that could be read, and counts the error', async () => {
    // moto does not refuse a call for want of a permission (it checks no IAM policy per call), so the denial comes
    // from aws-sdk-client-mock on the tagging client; GetFunctionConfiguration still goes to moto.
    const tagging = new ResourceGroupsTaggingAPIClient(awsClientConfig(moto.endpoint));
    const denied = mockClient(tagging);
    denied.on(GetResourcesCommand).rejects(Object.assign(new Error('User is not authorized to perform: tag:GetResources'), { name: 'AccessDeniedException' }));
    try {
      const functionTags = new FunctionTags({ tagging, lambda: new LambdaClient(awsClientConfig(moto.endpoint)) });
      const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS, functionTags });
      const summary = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());

      expect(summary).toMatchObject({ functionTags: 3, payloads: { acked: 1, failed: 0 } });
      const settingsOnly = { functionname: 'checkout-api', architecture: 'arm64', memorysize: '1024' };
      expect(local.intake.store.distributionTotals(P.Invocations, settingsOnly).sum).toBe(1);
      expect(local.intake.store.distributionTotals('orders.placed', settingsOnly).sum).toBe(2);
      expect(local.intake.store.distributionTotals(P.Invocations, { team: 'payments' }).count).toBe(0);
      // Priced as arm64: the settings lookup succeeded.
      expect(local.intake.store.distributionValues(P.EstimatedCost)[0]).toBeCloseTo(0.00000153334, 15);
      const own = { functionname: FORWARDER_NAME, reason: 'access_denied' };
      expect(local.intake.store.distributionTotals(ForwarderMetric.TagFetchErrors, own).sum).toBe(1);
      expect(denied.commandCalls(GetResourcesCommand)).toHaveLength(1);
    } finally {
      denied.restore();
    }
  });
});

describe('PLATFORM_METRIC_NAMING', () => {
  it('aws_lambda: the same batch under aws.lambda.* in milliseconds; METRIC_PREFIX replaces only the prefix', async () => {
    const legacy = createHandler({ env: forwarderEnv(local.intake.url, { PLATFORM_METRIC_NAMING: 'aws_lambda' }), now: () => NOW_MS, functionTags: false });
    await legacy(invocationOf('checkout-api', 100, 1024), lambdaContext());
    const prefixed = createHandler({ env: forwarderEnv(local.intake.url, { METRIC_PREFIX: 'acme.lambda' }), now: () => NOW_MS, functionTags: false });
    await prefixed(invocationOf('checkout-api', 100, 1024), lambdaContext());
    const { store } = local.intake;
    expect(store.distributionValues('aws.lambda.duration')).toEqual([99.5]);
    expect(store.distributionValues('aws.lambda.memory_size')).toEqual([1024]);
    expect(store.distributionValues('acme.lambda.duration')).toEqual([0.0995]);
    expect(store.distributionValues('acme.lambda.memorysize')).toEqual([1024]);
    expect(store.distributionValues(P.Duration)).toEqual([]);
  });
});

describe("the first batch after the forwarder's cold start", () => {
  // GetResources held 2.3 s: longer than the 2-second bound on later lookups, shorter than the SDK's own 3-second
  // request timeout (aws/settings.ts), so only the forwarder's patience decides.
  const DELAY_MS = 2_300;
  let slow: SlowAws;
  beforeAll(async () => {
    slow = await startSlowAws(moto.endpoint, DELAY_MS);
  });
  afterAll(async () => {
    await slow?.stop();
  });
  const slowEnv = () => forwarderEnv(local.intake.url, { ...awsEnv(), AWS_ENDPOINT_URL: slow.endpoint });
  const team = { functionname: 'checkout-api', team: 'payments', costcenter: 'cc-42' };

  it('ships with the function tags on every point though AWS answers slowly: the first lookup is waited for', async () => {
    const handler = createHandler({ env: slowEnv(), now: () => NOW_MS });
    const callsBefore = slow.getResourcesCalls();
    const summary = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext(60_000));
    expect(summary.functionTags).toBe(5);
    const { store } = local.intake;
    for (const metric of [P.Invocations, P.Duration, P.BilledDuration, P.MaxMemoryUsed, P.MemorySize, P.EstimatedCost, 'orders.placed']) {
      expect([metric, store.distributionTotals(metric, team).count]).toEqual([metric, store.distributionTotals(metric).count]);
    }
    expect(store.distributionTotals(P.Invocations, team).sum).toBe(1);
    expect(store.distributionTotals(ForwarderMetric.TagFetchErrors).count).toBe(0);
    expect(slow.getResourcesCalls() - callsBefore).toBe(1);
  });

  it('waits only a share of the time left: with 9 s left it ships after 2 s without the tags, counted, and the next batch has them', async () => {
    const handler = createHandler({ env: slowEnv(), now: () => NOW_MS });
    const callsBefore = slow.getResourcesCalls();
    // (9 s − the 1 s safety margin) × 25 % = 2 s, less than the 2.3 s the answer takes.
    const first = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext(9_000));
    expect(first.functionTags).toBe(3); // the settings (GetFunctionConfiguration) answered at once; the tags did not
    const { store } = local.intake;
    expect(store.distributionTotals(P.Invocations, team).count).toBe(0);
    expect(store.distributionTotals(ForwarderMetric.TagFetchErrors, { reason: 'timeout' }).sum).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, DELAY_MS)); // the lookup completes in the background
    const second = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext(9_000));
    expect(second.functionTags).toBe(5);
    expect(store.distributionTotals(P.Invocations, team).sum).toBe(1);
    expect(slow.getResourcesCalls() - callsBefore).toBe(1); // one lookup, its answer cached
  });
});

describe('API key check at cold start', () => {
  it('validates once across several invocations of one forwarder', async () => {
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS, functionTags: false });
    for (let i = 0; i < 3; i++) await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());
    expect(local.intake.store.requests(VALIDATE).map((r) => [r.status, r.apiKey])).toEqual([[200, 'valid']]);
    expect(local.intake.store.distributionTotals(P.Invocations).sum).toBe(3);
  });

  it('no answer (503) only warns and ships; the next invocation asks again, then never again', async () => {
    local.intake.faults.inject({ kind: 'status', status: 503, endpoint: VALIDATE });
    const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS, functionTags: false });
    for (let i = 0; i < 3; i++) await handler(invocationOf('checkout-api', 100, 1024), lambdaContext());
    expect(local.intake.store.requests(VALIDATE).map((r) => r.status)).toEqual([503, 200]);
    expect(local.intake.store.distributionTotals(P.Invocations).sum).toBe(3);
    const warnings = local.output.lines().filter((line) => line.level === 'WARN' && String(line.message).includes('Could not validate'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ setting: 'DD_API_KEY', detail: expect.stringContaining('503') });
  });

  it('a key Datadog refuses (403): the invocation throws an error naming DD_API_KEY, nothing is shipped, the key is never printed', async () => {
    const wrongKey = '00000000000000000000000000000bad';
    const handler = createHandler({ env: forwarderEnv(local.intake.url, { DD_API_KEY: wrongKey }), now: () => NOW_MS, functionTags: false });
    const errors: unknown[] = [];
    for (let i = 0; i < 2; i++) await handler(invocationOf('checkout-api', 100, 1024), lambdaContext()).catch((error: unknown) => errors.push(error));

    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ApiKeyError);
      expect((error as Error).message).toMatch(/API key from DD_API_KEY is not valid.*403/);
    }
    // Asked once: the definite answer is remembered for the cold start. Nothing else was sent.
    expect(local.intake.store.requests().map((r) => [r.path, r.status, r.apiKey])).toEqual([[VALIDATE, 403, 'invalid']]);
    const text = local.output.text() + errors.map((e) => `${String(e)} ${(e as Error).stack} ${JSON.stringify(e)}`).join('\n');
    expect(text).not.toContain(wrongKey);
    expect(local.output.lines().some((line) => line.level === 'ERROR' && line.setting === 'DD_API_KEY')).toBe(true);
  });

  it('a refused key read from Secrets Manager names DD_API_KEY_SECRET_ARN, without printing the key', async () => {
    const wrongKey = '11111111111111111111111111111bad';
    const secrets = new SecretsManagerClient(awsClientConfig(moto.endpoint));
    const { ARN } = await secrets.send(new CreateSecretCommand({ Name: 'dd/wrong-key', SecretString: JSON.stringify({ DD_API_KEY: wrongKey }) }));
    // The default Secrets Manager client reads its endpoint and credentials from process.env (as in Lambda).
    const saved = { ...process.env };
    Object.assign(process.env, awsEnv(), { AWS_REGION: 'us-east-1' });
    try {
      const env = forwarderEnv(local.intake.url, { DD_API_KEY: '', DD_API_KEY_SECRET_ARN: ARN as string });
      const handler = createHandler({ env, now: () => NOW_MS, functionTags: false });
      const error = await handler(invocationOf('checkout-api', 100, 1024), lambdaContext()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiKeyError);
      expect((error as Error).message).toContain('API key from DD_API_KEY_SECRET_ARN is not valid');
      expect((error as Error).message).not.toContain(wrongKey);
      expect(local.output.text()).not.toContain(wrongKey);
      expect(local.intake.store.requests(VALIDATE).map((r) => r.status)).toEqual([403]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
