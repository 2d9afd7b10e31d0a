/** Picks the failure sink from the environment: S3 when FAILURE_BUCKET is set, else none (the caller's default). */
import { S3Client } from '@aws-sdk/client-s3';
import type { ErrorLogger } from '../ship/failure-sink.js';
import { FailureEnv, FailureLayout } from './constants.js';
import { createS3FailureSink, type S3FailureSink } from './s3-sink.js';

export interface FailureStoreSettings {
  bucket: string;
  prefix: string;
}

/** FAILURE_BUCKET / FAILURE_PREFIX, or undefined when no bucket is set. */
export function failureStoreSettings(env: NodeJS.ProcessEnv): FailureStoreSettings | undefined {
  const bucket = env[FailureEnv.bucket]?.trim();
  if (!bucket) return undefined;
  let prefix = env[FailureEnv.prefix]?.trim() || FailureLayout.defaultPrefix;
  if (!prefix.endsWith('/')) prefix += '/';
  return { bucket, prefix };
}

/** The S3 client reads region, credentials and AWS_ENDPOINT_URL from the Lambda environment. */
export function failureSinkFromEnv(env: NodeJS.ProcessEnv, logger: ErrorLogger, client?: S3Client): S3FailureSink | undefined {
  const settings = failureStoreSettings(env);
  if (!settings) return undefined;
  return createS3FailureSink({ client: client ?? new S3Client({ region: env.AWS_REGION }), ...settings, logger });
}
