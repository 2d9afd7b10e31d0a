/**
 * The function tags cache stays bounded (issue 14): at most CacheBounds.maxFunctions functions (entries long past
 * their refresh time are dropped too, which only memory shows: test/forwarder/memory.test.ts). AWS is stubbed here (each `send` answers the
 * ARNs it is asked for): the behaviour needs thousands of functions, which moto would take minutes to create; the
 * real calls are tested against moto in function-tags.test.ts.
 */
import type { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { functionArn, type FunctionRef } from '../../../forwarder/enrich/function-tags-policy.js';
import { CacheBounds, FunctionTags } from '../../../forwarder/enrich/function-tags.js';

const ref = (n: number): FunctionRef => ({ name: `fn-${n}`, account: '123456789012', region: 'us-east-1' });

function stubbedSource(now: () => number) {
  const asked: string[] = [];
  const tagging = {
    send: async (command: GetResourcesCommand) => {
      const arns = command.input.ResourceARNList ?? [];
      asked.push(...arns);
      return { ResourceTagMappingList: arns.map((ResourceARN) => ({ ResourceARN, Tags: [{ Key: 'team', Value: 'a' }] })) };
    },
  };
  const lambda = { send: async (_command: GetFunctionConfigurationCommand) => ({ MemorySize: 128, Architectures: ['arm64'], Runtime: 'nodejs24.x' }) };
  const source = new FunctionTags({ tagging, lambda, now, random: () => 0 } as unknown as ConstructorParameters<typeof FunctionTags>[0]);
  return { source, asked };
}

test('a function pushed out by maxFunctions newer ones is asked for again; one still inside is not', async () => {
  const { source, asked } = stubbedSource(() => 1_000_000);
  await source.tagsForFunction(ref(0));
  await source.tagsForFunction(ref(1));
  for (let n = 2; n <= CacheBounds.maxFunctions; n++) await source.tagsFor([ref(n)]);
  asked.length = 0;
  expect(await source.tagsForFunction(ref(CacheBounds.maxFunctions))).toContain('team:a');
  expect(asked).toEqual([]); // the newest is cached
  await source.tagsForFunction(ref(0));
  expect(asked).toEqual([functionArn(ref(0))]); // the oldest was dropped
});
