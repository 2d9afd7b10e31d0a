/**
 * Function tags against moto: real Lambda functions (Docker-free) with tags and settings, read through the Resource
 * Groups Tagging API and GetFunctionConfiguration. The clock is injected to step past the cache TTL.
 */
import { LambdaClient, TagResourceCommand } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { functionArn, type FunctionRef } from '../../../forwarder/enrich/function-tags-policy.js';
import { FunctionTags } from '../../../forwarder/enrich/function-tags.js';
import { awsClientConfig, createMotoFunction, MOTO_ACCOUNT, MOTO_REGION, startMoto, type Moto } from '../../support/moto.js';

let moto: Moto;
let lambda: LambdaClient;
let tagging: ResourceGroupsTaggingAPIClient;

// moto's first GetResources imports the models of every AWS service it emulates (seconds on this machine): the
// fetch time limit is raised so these tests see answers, not the time limit (function-tags-faults tests that one).
const policy = { fetchTimeoutMs: 60_000 };

const ref = (name: string): FunctionRef => ({ name, account: MOTO_ACCOUNT, region: MOTO_REGION });

beforeAll(async () => {
  moto = await startMoto();
  lambda = new LambdaClient(awsClientConfig(moto.endpoint));
  tagging = new ResourceGroupsTaggingAPIClient(awsClientConfig(moto.endpoint));
  await createMotoFunction(moto.endpoint, 'Checkout', { tags: { Team: 'Payments', Env: 'Prod' }, memory: 1024, arch: 'arm64' });
  await createMotoFunction(moto.endpoint, 'search', { tags: { team: 'discovery' }, memory: 256, arch: 'x86_64' });
  await createMotoFunction(moto.endpoint, 'untagged', { memory: 128, arch: 'x86_64' });
});
afterAll(async () => {
  await moto?.stop();
});

test('tags and settings of several functions in one call, lowercased and normalised', async () => {
  const source = new FunctionTags({ tagging, lambda, policy });
  const byArn = await source.tagsFor([ref('Checkout'), ref('search'), ref('untagged')]);
  expect(byArn.get(functionArn(ref('Checkout')))).toEqual(['architecture:arm64', 'env:prod', 'memorysize:1024', 'runtime:nodejs24.x', 'team:payments']);
  expect(byArn.get(functionArn(ref('search')))).toEqual(['architecture:x86_64', 'memorysize:256', 'runtime:nodejs24.x', 'team:discovery']);
  expect(byArn.get(functionArn(ref('untagged')))).toEqual(['architecture:x86_64', 'memorysize:128', 'runtime:nodejs24.x']);
  expect(source.errorCounts()).toEqual({ throttled: 0, access_denied: 0, timeout: 0, other: 0 });
});

test('only the functions asked for are returned, even though moto answers GetResources with every tagged resource', async () => {
  const source = new FunctionTags({ tagging, lambda, policy });
  const byArn = await source.tagsFor([ref('search')]);
  expect([...byArn.keys()]).toEqual([functionArn(ref('search'))]);
});

test('a function that does not exist has no tags and is not an error', async () => {
  const source = new FunctionTags({ tagging, lambda, policy });
  expect(await source.tagsForFunction(ref('ghost'))).toEqual([]);
  expect(source.errorCounts().other).toBe(0);
});

test('answers are cached for the TTL (+ jitter) and refreshed after it', async () => {
  await createMotoFunction(moto.endpoint, 'retagged', { tags: { team: 'old' }, memory: 512, arch: 'arm64' });
  let now = 1_000_000;
  const source = new FunctionTags({ tagging, lambda, now: () => now, random: () => 0.5, policy: { ...policy, ttlMs: 60_000 } });
  expect(await source.tagsForFunction(ref('retagged'))).toContain('team:old');

  await lambda.send(new TagResourceCommand({ Resource: functionArn(ref('retagged')), Tags: { team: 'new' } }));
  now += 60_000; // inside TTL + jitter (60 s + 3 s)
  expect(await source.tagsForFunction(ref('retagged'))).toContain('team:old');
  now += 3_001; // past it
  const refreshed = await source.tagsForFunction(ref('retagged'));
  expect(refreshed).toContain('team:new');
  expect(refreshed).not.toContain('team:old');
});
