/**
 * One replay run: resend what the forwarder stored in FAILURE_BUCKET (forwarder/failures/replay.ts), then ship the
 * replay's own counts (forwarder.replayed, forwarder.expired{kind}, forwarder.failures{reason:replay}) as
 * distributions and log one line. What it could not resend stays in the bucket for the next run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import type { ForwarderConfig } from '../config.js';
import { replayStored } from '../failures/replay.js';
import type { ReplayReport } from '../failures/types.js';
import { accountOf, ownMetricTags, shipOptionsFor, type ShipTiming } from '../lambda-context.js';
import { ForwarderMetric } from '../metric-names.js';
import { buildPayloads } from '../ship/payloads.js';
import { ship } from '../ship/ship.js';
import type { DistributionSeries } from '../types.js';
import type { FailureStoreSettings } from './config.js';

export type ReplaySummary = ReplayReport & { selfMetrics: 'acked' | 'failed' | 'skipped' };

export interface ReplayRun {
  config: ForwarderConfig;
  store: FailureStoreSettings;
  s3: Pick<S3Client, 'send'>;
  logger: Logger;
  /** Epoch milliseconds. */
  now: () => number;
  timing: ShipTiming;
}

export async function replayRun({ config, store, s3, logger, now, timing }: ReplayRun, context: Context): Promise<ReplaySummary> {
  const send = shipOptionsFor(config, context, timing);
  const report = await replayStored({ client: s3, ...store, send, concurrency: config.concurrency, now, logger });
  const own = replayMetrics(report, Math.floor(now() / 1000), ownMetricTags(config, accountOf(context)));
  let selfMetrics: ReplaySummary['selfMetrics'] = 'skipped';
  if (own.length > 0) {
    const shipped = await ship(buildPayloads({ distributions: own, series: [], checks: [] }, config.limits).payloads, send);
    selfMetrics = shipped.failed.length === 0 ? 'acked' : 'failed';
  }
  const summary = { ...report, selfMetrics };
  const troubled = report.failed + report.deleteErrors + report.unreadable + report.readErrors > 0;
  if (troubled) logger.error('Replay finished with payloads left or set aside', summary);
  else logger.info('Replay finished', summary);
  return summary;
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
