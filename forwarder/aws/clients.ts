/**
 * The AWS clients the forwarder and the subscriber use, built in one place with short timeouts: these calls are
 * side paths (tags, subscriptions) that must never hold an invocation for long. Region, credentials and endpoint come
 * from the Lambda environment (AWS_REGION, AWS_ENDPOINT_URL for local runs) unless the caller overrides them; tests
 * pass moto's settings.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SIDE_PATH_DEFAULTS, type AwsClientSettings } from './settings.js';

export type { AwsClientSettings } from './settings.js';

export function taggingClient(settings: AwsClientSettings = {}): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}

export function lambdaClient(settings: AwsClientSettings = {}): LambdaClient {
  return new LambdaClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}

export function logsClient(settings: AwsClientSettings = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}
