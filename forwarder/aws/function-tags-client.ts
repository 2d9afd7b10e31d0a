/**
 * A FunctionTags wired to real AWS clients. The handler loads this module with a dynamic import() the first time it
 * looks up tags, so the Lambda and tagging SDK clients cost nothing to a cold start that does not need them.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { FunctionTags, type FunctionTagsDeps } from '../enrich/function-tags.js';
import { SIDE_PATH_DEFAULTS, type AwsClientSettings } from './settings.js';

export function createFunctionTags(settings: AwsClientSettings, options: Omit<FunctionTagsDeps, 'tagging' | 'lambda'> = {}): FunctionTags {
  return new FunctionTags({
    ...options,
    tagging: new ResourceGroupsTaggingAPIClient({ ...SIDE_PATH_DEFAULTS, ...settings }),
    lambda: new LambdaClient({ ...SIDE_PATH_DEFAULTS, ...settings }),
  });
}
