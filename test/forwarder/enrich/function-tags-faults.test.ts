/**
 * Function tags when AWS misbehaves. moto cannot answer with a throttle, an AccessDenied or a slow response, so the
 * SDK clients are stubbed with aws-sdk-client-mock here (the happy path runs against moto in function-tags.test.ts).
 * The clock is injected; nothing waits on wall-clock time except the fetch time limit test (50 ms limit).
 */
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { functionArn, type FunctionRef } from '../../../forwarder/enrich/function-tags-policy.js';
import { FunctionTags } from '../../../forwarder/enrich/function-tags.js';

const REF: FunctionRef = { name: 'checkout', account: '123456789012', region: 'us-east-1' };
const ARN = functionArn(REF);
const awsError = (name: string) => Object.assign(new Error(`${name} from AWS`), { name, $metadata: {} });

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const lambda = mockClient(LambdaClient);
let now: number;

function source(): FunctionTags {
  return new FunctionTags({
    tagging: new ResourceGroupsTaggingAPIClient({ region: 'us-east-1' }),
    lambda: new LambdaClient({ region: 'us-east-1' }),
    now: () => now,
    random: () => 0,
  });
}

beforeEach(() => {
  now = 5_000_000;
  tagging.reset();
  lambda.reset();
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'team', Value: 'pay' }] }] });
  lambda.on(GetFunctionConfigurationCommand).resolves({ MemorySize: 512, Architectures: ['arm64'], Runtime: 'nodejs24.x' });
});

test('a throttle keeps the tags already known, is counted, and backs off before asking again', async () => {
  const tags = source();
  const before = await tags.tagsForFunction(REF);
  expect(before).toContain('team:pay');

  now += 300_000; // TTL over
  tagging.on(GetResourcesCommand).rejects(awsError('ThrottlingException'));
  expect(await tags.tagsForFunction(REF)).toEqual(before);
  expect(tags.errorCounts().throttled).toBe(1);
  const callsAfterThrottle = tagging.commandCalls(GetResourcesCommand).length;

  now += 14_999; // inside the first back-off (15 s)
  await tags.tagsForFunction(REF);
  expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(callsAfterThrottle);

  now += 1; // back-off over: asks again, and a success clears the error streak
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'team', Value: 'new' }] }] });
  expect(await tags.tagsForFunction(REF)).toContain('team:new');
  expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(callsAfterThrottle + 1);
});

test('access denied on the tagging API: settings tags still arrive, and the tagging API is left alone for the maximum wait', async () => {
  tagging.on(GetResourcesCommand).rejects(awsError('AccessDeniedException'));
  const tags = source();
  expect(await tags.tagsForFunction(REF)).toEqual(['architecture:arm64', 'memorysize:512', 'runtime:nodejs24.x']);
  expect(tags.takeErrorCounts()).toEqual({ throttled: 0, access_denied: 1, timeout: 0, other: 0 });
  expect(tags.errorCounts().access_denied).toBe(0); // taken

  now += 299_999;
  await tags.tagsForFunction(REF);
  expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
});

test('any other error, on both sources, gives no tags and no exception', async () => {
  tagging.on(GetResourcesCommand).rejects(new Error('socket hang up'));
  lambda.on(GetFunctionConfigurationCommand).rejects(awsError('ServiceException'));
  const tags = source();
  await expect(tags.tagsForFunction(REF)).resolves.toEqual([]);
  expect(tags.errorCounts().other).toBe(2);
});

test('a slow fetch is waited for at most fetchTimeoutMs; it still fills the cache for the next call', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  tagging.on(GetResourcesCommand).callsFake(async () => {
    await gate;
    return { ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'team', Value: 'slow' }] }] };
  });
  const tags = new FunctionTags({
    tagging: new ResourceGroupsTaggingAPIClient({ region: 'us-east-1' }),
    lambda: new LambdaClient({ region: 'us-east-1' }),
    now: () => now,
    policy: { fetchTimeoutMs: 50 },
  });
  const first = await tags.tagsForFunction(REF); // the gate is still shut: returns on the time limit
  expect(first).not.toContain('team:slow');
  expect(tags.errorCounts().timeout).toBe(1);

  release();
  const second = await tags.tagsForFunction(REF); // waits on the same in-flight fetch, does not start another
  expect(second).toContain('team:slow');
  expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
});

test('concurrent calls for the same function ask AWS once', async () => {
  const tags = source();
  await Promise.all([tags.tagsForFunction(REF), tags.tagsForFunction(REF), tags.tagsFor([REF, REF])]);
  expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
  expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(1);
});

test('more than 100 functions are asked for in batches of 100 ARNs', async () => {
  const refs = Array.from({ length: 250 }, (_, i) => ({ ...REF, name: `fn-${i}` }));
  await source().tagsFor(refs);
  const batches = tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input.ResourceARNList?.length);
  expect(batches).toEqual([100, 100, 50]);
});
