/**
 * The two AWS reads behind function tags. Each throws the SDK's error as it is; the caller classifies it.
 *
 * - Resource tags: GetResources with ResourceARNList (up to 100 ARNs a call; AWS allows no resource-type filter and no
 *   pagination beside an ARN list, and leaves out ARNs it does not know). moto ignores the ARN list and answers with
 *   every tagged resource, so the answer is filtered to the ARNs asked for either way.
 * - Settings: GetFunctionConfiguration, one call per function (memory size, architecture, runtime).
 */
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { FunctionSettings } from '../enrich/function-tags-policy.js';

export const MAX_ARNS_PER_GET_RESOURCES = 100;

/** Tags by ARN for every ARN asked for: `{}` for one AWS did not return (no tags, or not visible to us). */
export async function fetchResourceTags(
  client: Pick<ResourceGroupsTaggingAPIClient, 'send'>,
  arns: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const wanted = new Set(arns);
  const found = new Map<string, Record<string, string>>();
  for (let start = 0; start < arns.length; start += MAX_ARNS_PER_GET_RESOURCES) {
    const batch = arns.slice(start, start + MAX_ARNS_PER_GET_RESOURCES);
    const out = await client.send(new GetResourcesCommand({ ResourceARNList: batch }));
    for (const mapping of out.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN || !wanted.has(mapping.ResourceARN)) continue;
      const tags: Record<string, string> = {};
      for (const tag of mapping.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      found.set(mapping.ResourceARN, tags);
    }
  }
  for (const arn of arns) if (!found.has(arn)) found.set(arn, {});
  return found;
}

/** The function's settings, or undefined when the function does not exist (any other error is thrown). */
export async function fetchFunctionSettings(client: Pick<LambdaClient, 'send'>, arn: string): Promise<FunctionSettings | undefined> {
  try {
    const out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
    return {
      ...(out.MemorySize !== undefined ? { memorySizeMb: out.MemorySize } : {}),
      architecture: out.Architectures?.[0] ?? 'x86_64', // AWS's default when the list is absent
      ...(out.Runtime ? { runtime: out.Runtime } : {}),
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
