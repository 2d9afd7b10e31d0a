/**
 * The replay Lambda's wiring, run on a schedule and on demand: settings once (config.ts), the S3 client once, then
 * one run (run.ts). It throws only for bad configuration: what it could not resend stays in the bucket.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { replayConfigOnce } from './config.js';
import { replayRun, type ReplaySummary } from './run.js';

export { replayMetrics, type ReplaySummary } from './run.js';

export interface ReplayDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  s3?: Pick<S3Client, 'send'>;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

export type ReplayHandler = (event: unknown, context: Context) => Promise<ReplaySummary>;

export function createReplayHandler(deps: ReplayDeps = {}): ReplayHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-replay' });
  const loaded = replayConfigOnce(deps.env ?? process.env, logger);
  let s3 = deps.s3;

  return async function handler(_event: unknown, context: Context) {
    logger.addContext(context);
    const { config, store } = await loaded.get();
    s3 ??= new S3Client({ region: config.region });
    return replayRun({ config, store, s3, logger, now: deps.now ?? Date.now, timing: deps }, context);
  };
}
