/**
 * The built forwarder (dist/forwarder, as deployed: `npm run build` writes it; `npm test` builds first) in a child
 * process, against moto and the local intake. Proves the lazy files the build splits off (scripts/lazy-chunks.mjs)
 * load from beside index.js and only on the path that needs them: an SSM-held key loads the SSM provider's file and
 * not the Secrets Manager one; a tag lookup loads the tagging clients' file; a delivery that succeeds never loads the
 * S3 failure sink's.
 */
import { childResult } from '../../support/child-result.js';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startIntake, type Intake } from '../../../intake/index.js';
import { awsClientConfig, createLambdaRole, MOTO_ACCOUNT, startMoto, type Moto } from '../../support/moto.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { API_KEY, FORWARDER_NAME } from './support.js';
import { platformNames } from '../../../forwarder/metric-names.js';

/** Platform metric names of the default naming (Datadog's enhanced metrics). */
const P = platformNames().platform;

const DIST = fileURLToPath(new URL('../../../dist/forwarder/', import.meta.url));
const BUNDLE = join(DIST, 'index.js');

let moto: Moto;
let intake: Intake;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  moto = await startMoto();
  const config = awsClientConfig(moto.endpoint);
  await new SSMClient(config).send(new PutParameterCommand({ Name: '/dd/api-key', Type: 'SecureString', Value: API_KEY }));
  await new LambdaClient(config).send(
    new CreateFunctionCommand({
      FunctionName: 'checkout-api',
      Runtime: 'nodejs24.x',
      Role: await createLambdaRole(moto.endpoint),
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array(Buffer.from('never run without Docker')) },
      MemorySize: 1024,
      Architectures: ['arm64'],
      Tags: { Team: 'Payments' },
    }),
  );
  // moto's first GetResources is slow (it loads every service model): pay it here, not in the forwarder's bounded wait.
  await new ResourceGroupsTaggingAPIClient(config).send(new GetResourcesCommand({}));
  // Real time: the child stamps points with its own clock, so the batch is a minute ago, inside Datadog's window.
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
}, 60_000);
afterAll(async () => {
  await intake?.stop();
  await moto?.stop();
});

/** Runs the bundle's handler on `event` in a fresh Node process; returns the lazy files it loaded. */
async function runBundle(event: unknown, env: Record<string, string>): Promise<{ lazyFiles: string[]; summary: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'forwarder-bundle-'));
  const script = join(dir, 'child.cjs');
  writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
  writeFileSync(
    script,
    `const { handler } = require(${JSON.stringify(BUNDLE)});
const event = require(${JSON.stringify(join(dir, 'event.json'))});
const context = { awsRequestId: 'bundle-test', functionName: '${FORWARDER_NAME}', getRemainingTimeInMillis: () => 60000 };
handler(event, context).then((summary) => {
  const lazyFiles = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(DIST)}) && f.includes('lazy-')).map((f) => f.slice(${DIST.length})).sort();
  process.stdout.write('\\nRESULT ' + JSON.stringify({ lazyFiles, summary }) + '\\n');
}, (error) => { console.error('handler failed:', error.message); process.exit(1); });
`,
  );
  return childResult<{ lazyFiles: string[]; summary: Record<string, unknown> }>([script], { env: { PATH: process.env.PATH ?? '', ...env }, what: 'bundle child' });
}

test('lazy files load from beside index.js, each only on the path that needs it', async () => {
  const minuteAgo = Math.floor((Date.now() - 60_000) / 1000);
  const report = 'REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: 99.50 ms\tBilled Duration: 100 ms\tMemory Size: 1024 MB\tMax Memory Used: 72 MB\t\n';
  const event = toAwslogsEvent(
    dataPayload([`MONITORING|${minuteAgo}|2|count|orders.placed|#tier:gold\n`, report], { startMs: minuteAgo * 1000, owner: MOTO_ACCOUNT, functionName: 'checkout-api' }),
  );
  const { lazyFiles, summary } = await runBundle(event, {
    DD_API_KEY_SSM_NAME: '/dd/api-key',
    DD_URL: intake.url,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_LAMBDA_FUNCTION_NAME: FORWARDER_NAME,
    FAILURE_BUCKET: 'never-needed',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });

  expect(lazyFiles).toEqual(['lazy-aws-lambda-powertools-parameters-ssm.js', 'lazy-function-tags-client.js']);
  expect(summary).toMatchObject({ functionTags: 4, payloads: { acked: 1, failed: 0, stored: 0 } });
  const tags = { functionname: 'checkout-api', team: 'payments', architecture: 'arm64', memorysize: '1024' };
  expect(intake.store.distributionTotals('orders.placed', tags).sum).toBe(2);
  // 1024 MB × 100 ms on arm64: 0.1 GB-s × $0.0000133334 + $0.0000002.
  expect(intake.store.distributionValues(P.EstimatedCost, tags)[0]).toBeCloseTo(0.00000153334, 15);
  expect(intake.store.requests('/api/v1/validate').map((r) => r.status)).toEqual([200]);
}, 60_000);
