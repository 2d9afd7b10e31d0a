/**
 * The shared moto launcher: it starts, the Docker-free patches hold (Lambda functions without Docker, tagging API
 * sees them, data.json answers, repeated Step Functions executions), reset forgets, stop stops.
 */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsClientConfig, createLambdaRole, MOTO_ACCOUNT, startMoto, type Moto } from './moto.js';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

async function createFunction(name: string, tags: Record<string, string>): Promise<void> {
  const lambda = new LambdaClient(awsClientConfig(moto.endpoint));
  const role = await createLambdaRole(moto.endpoint);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs24.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array(Buffer.from('not really a zip: moto without Docker never runs it')) },
      Tags: tags,
    }),
  );
}

/** Step Functions through its JSON protocol with fetch (the repository has no SFN client). moto reads the region and
 * service from the Authorization header and does not check the signature. */
async function stepFunctions(action: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AWSStepFunctions.${action}`,
      Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${action} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

test('answers on its own port and creates Lambda functions without Docker', async () => {
  expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await createFunction('launcher-check', { team: 'core' });
  // Patch 1: data.json used to answer 500 once a Lambda existed.
  const data = await fetch(`${moto.endpoint}/moto-api/data.json`);
  expect(data.status).toBe(200);
  await data.arrayBuffer();
});

test('the tagging API sees Docker-free Lambda functions (patch 4)', async () => {
  await createFunction('tagged-fn', { owner: 'Payments' });
  const tagging = new ResourceGroupsTaggingAPIClient(awsClientConfig(moto.endpoint));
  const out = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'] }));
  const arns = (out.ResourceTagMappingList ?? []).map((m) => m.ResourceARN);
  expect(arns).toContain(`arn:aws:lambda:us-east-1:${MOTO_ACCOUNT}:function:tagged-fn`);
});

test('Step Functions runs a second execution (patch 3) and executes it (config)', async () => {
  const definition = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
  const machine = await stepFunctions('CreateStateMachine', {
    name: 'launcher-check',
    definition: JSON.stringify(definition),
    roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/sfn`,
  });
  const arn = machine.stateMachineArn as string;
  await stepFunctions('StartExecution', { stateMachineArn: arn, name: 'first', input: '{}' });
  const second = await stepFunctions('StartExecution', { stateMachineArn: arn, name: 'second', input: '{}' });
  expect(second.executionArn).toEqual(expect.stringContaining(':second'));
});

test('reset forgets every resource', async () => {
  await createFunction('to-forget', {});
  await moto.reset();
  const tagging = new ResourceGroupsTaggingAPIClient(awsClientConfig(moto.endpoint));
  const out = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'] }));
  expect(out.ResourceTagMappingList ?? []).toHaveLength(0);
});

test('stop ends the server', async () => {
  const other = await startMoto();
  expect(other.endpoint).not.toBe(moto.endpoint);
  await other.stop();
  await expect(fetch(`${other.endpoint}/moto-api/`)).rejects.toThrow();
});

test('without moto (or python) it fails with one clear message naming the install command', async () => {
  const hint = 'pip install "moto[server]"';
  await expect(startMoto({ pythonFlags: ['-S'] })).rejects.toThrow(hint); // -S: site-packages (moto) not importable
  await expect(startMoto({ python: 'python3-that-does-not-exist' })).rejects.toThrow(hint);
});
