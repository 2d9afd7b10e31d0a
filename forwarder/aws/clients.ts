/**
 * The AWS clients the forwarder and the subscriber use, built in one place with short timeouts: these calls are
 * side paths (tags, subscriptions) that must never hold an invocation for long. Region, credentials and endpoint come
 * from the Lambda environment (AWS_REGION, AWS_ENDPOINT_URL for local runs) unless the caller overrides them; tests
 * pass moto's settings.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';

export interface AwsClientSettings {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const SIDE_PATH_DEFAULTS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
} as const;

export function taggingClient(settings: AwsClientSettings = {}): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}

export function lambdaClient(settings: AwsClientSettings = {}): LambdaClient {
  return new LambdaClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}

export function logsClient(settings: AwsClientSettings = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...SIDE_PATH_DEFAULTS, ...settings });
}
