/**
 * The poller's AWS reads. Each returns what it could read plus the errors it met: a throttle or a denied permission on
 * one call is counted and the run goes on with the rest (what could be read is still shipped).
 */
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { classifyFetchError } from '../enrich/function-tags-policy.js';
import { PollerApi } from './constants.js';
import { inBatches, toMetricDataQuery } from './queries.js';
import type { FunctionSelector, PlannedQuery, PollError, PollerApiName, PollWindow, QueryResult } from './types.js';

export interface PollerClients {
  cloudWatch: Pick<CloudWatchClient, 'send'>;
  lambda: Pick<LambdaClient, 'send'>;
  tagging: Pick<ResourceGroupsTaggingAPIClient, 'send'>;
}

export interface Read<T> {
  value: T;
  errors: PollError[];
}

function pollError(api: PollerApiName, error: unknown): PollError {
  return { api, reason: classifyFetchError(error), name: error instanceof Error ? error.name : 'unknown' };
}

/** The function names to poll, sorted and de-duplicated. */
export async function selectFunctions(selector: FunctionSelector, clients: PollerClients): Promise<Read<string[]>> {
  if (selector.kind === 'names') return { value: [...selector.names].sort(), errors: [] };
  const names = new Set<string>();
  const errors: PollError[] = [];
  try {
    if (selector.kind === 'prefix') {
      let marker: string | undefined;
      do {
        const page = await clients.lambda.send(new ListFunctionsCommand({ ...(marker ? { Marker: marker } : {}) }));
        for (const fn of page.Functions ?? []) if (fn.FunctionName?.startsWith(selector.prefix)) names.add(fn.FunctionName);
        marker = page.NextMarker;
      } while (marker);
    } else {
      let token: string | undefined;
      do {
        const page = await clients.tagging.send(
          new GetResourcesCommand({
            TagFilters: [{ Key: selector.key, Values: [selector.value] }],
            ResourceTypeFilters: ['lambda:function'],
            ...(token ? { PaginationToken: token } : {}),
          }),
        );
        for (const mapping of page.ResourceTagMappingList ?? []) {
          const name = functionNameFromArn(mapping.ResourceARN ?? '');
          // moto may ignore the filters: keep only functions that really carry the tag.
          const tagged = (mapping.Tags ?? []).some((tag) => tag.Key === selector.key && tag.Value === selector.value);
          if (name && tagged) names.add(name);
        }
        token = page.PaginationToken || undefined;
      } while (token);
    }
  } catch (error) {
    // Pages read before the error still count: their functions are polled.
    errors.push(pollError(selector.kind === 'prefix' ? PollerApi.ListFunctions : PollerApi.GetResources, error));
  }
  return { value: [...names].sort(), errors };
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]` → name; undefined for anything else. */
export function functionNameFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[2] === 'lambda' && parts[5] === 'function' && parts[6] ? parts[6] : undefined;
}

/**
 * Every planned query over `window`, at most 500 queries a call, each call paginated with NextToken (a result id can
 * come back over several pages: its points are joined). A failed call loses only its own batch.
 */
export async function readMetricData(client: PollerClients['cloudWatch'], planned: readonly PlannedQuery[], window: PollWindow): Promise<Read<QueryResult[]> & { calls: number }> {
  const byId = new Map<string, QueryResult>();
  const errors: PollError[] = [];
  let calls = 0;
  for (const batch of inBatches(planned)) {
    let token: string | undefined;
    try {
      do {
        calls++;
        const page = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch.map(toMetricDataQuery),
            StartTime: new Date(window.startSec * 1000),
            EndTime: new Date(window.endSec * 1000),
            ScanBy: 'TimestampAscending',
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const result of page.MetricDataResults ?? []) {
          if (!result.Id) continue;
          const entry = byId.get(result.Id) ?? { id: result.Id, timestampsMs: [], values: [] };
          byId.set(result.Id, entry);
          (result.Timestamps ?? []).forEach((at, i) => {
            const value = result.Values?.[i];
            if (value === undefined) return;
            entry.timestampsMs.push(new Date(at).getTime());
            entry.values.push(value);
          });
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      errors.push(pollError(PollerApi.GetMetricData, error));
    }
  }
  return { value: [...byId.values()], errors, calls };
}
