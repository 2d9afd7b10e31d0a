/**
 * The replay Lambda, run on a schedule and on demand: resend what the forwarder stored in FAILURE_BUCKET
 * (forwarder/failures/replay.ts), then ship its own counts (forwarder.replayed, forwarder.expired{kind},
 * forwarder.failures{reason:replay}) as distributions and log one line. It throws only for bad configuration: what
 * it could not resend stays in the bucket for the next run.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { ConfigError, loadConfig } from '../config.js';
import { configOnce } from '../config-once.js';
import { accountOf, ownMetricTags, shipOptionsFor } from '../lambda-context.js';
import { FailureEnv } from '../failures/constants.js';
import { failureStoreSettings } from '../failures/from-env.js';
import { replayStored } from '../failures/replay.js';
import type { ReplayReport } from '../failures/types.js';
import { ForwarderMetric } from '../metric-names.js';
import { buildPayloads } from '../ship/payloads.js';
import { ship } from '../ship/ship.js';
import type { DistributionSeries } from '../types.js';

export interface ReplayDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  s3?: Pick<S3Client, 'send'>;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

export type ReplayHandler = (event: unknown, context: Context) => Promise<ReplayReport & { selfMetrics: 'acked' | 'failed' | 'skipped' }>;

export function createReplayHandler(deps: ReplayDeps = {}): ReplayHandler {
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-replay' });
  const now = deps.now ?? Date.now;
  let s3 = deps.s3;
  const loaded = configOnce(
    'Replay',
    () =>
      loadConfig(env).then((config) => {
        const store = failureStoreSettings(env);
        if (!store) throw new ConfigError(`${FailureEnv.bucket} is not set: the replay has nothing to read`);
        return { config, store };
      }),
    logger,
  );

  return async function handler(_event: unknown, context: Context) {
    logger.addContext(context);
    const { config, store } = await loaded.get();
    s3 ??= new S3Client({ region: config.region });
    const send = shipOptionsFor(config, context, deps);

    const report = await replayStored({ client: s3, ...store, send, concurrency: config.concurrency, now, logger });
    const own = replayMetrics(report, Math.floor(now() / 1000), ownMetricTags(config, accountOf(context)));
    let selfMetrics: 'acked' | 'failed' | 'skipped' = 'skipped';
    if (own.length > 0) {
      const shipped = await ship(buildPayloads({ distributions: own, series: [], checks: [] }, config.limits).payloads, send);
      selfMetrics = shipped.failed.length === 0 ? 'acked' : 'failed';
    }
    const summary = { ...report, selfMetrics };
    const troubled = report.failed + report.deleteErrors + report.unreadable + report.readErrors > 0;
    if (troubled) logger.error('Replay finished with payloads left or set aside', summary);
    else logger.info('Replay finished', summary);
    return summary;
  };
}

/** The replay's counts as distributions; nothing when the bucket was empty (a quiet schedule sends nothing). */
export function replayMetrics(report: ReplayReport, timestamp: number, tags: readonly string[]): DistributionSeries[] {
  const out: DistributionSeries[] = [];
  const add = (metric: string, value: number, extra: string[] = []) => {
    if (value > 0) out.push({ metric, type: 'distribution', points: [[timestamp, [value]]], tags: [...tags, ...extra].sort() });
  };
  add(ForwarderMetric.Replayed, report.replayed);
  for (const [kind, points] of Object.entries(report.expiredPoints)) add(ForwarderMetric.Expired, points, [`kind:${kind}`]);
  add(ForwarderMetric.Failures, report.failed, ['reason:replay']);
  return out;
}
