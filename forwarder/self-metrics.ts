/**
 * The forwarder's metrics about itself (forwarder.* in metric-names.ts), built from plain counts. Shipped as
 * distributions: each invocation sends its own counts as values, Datadog merges values from every concurrent
 * forwarder, and `sum:` of a metric is the exact total (a series count would keep only the last sender's value).
 */
import { ForwarderMetric } from './metric-names.js';
import type { ShipReport } from './ship/types.js';
import type { DistributionSeries, PipelineStats } from './types.js';

export interface SelfMetricsInput {
  stats: PipelineStats;
  /** What happened to the batch's own payloads. */
  ship: Pick<ShipReport, 'acked' | 'failed' | 'requests' | 'retries' | 'oversize'> & Partial<Pick<ShipReport, 'ambiguousResends'>>;
  /** Payloads the failure sink kept for replay. */
  stored: number;
  /** Payloads a durable failure sink (S3) failed to keep: lost. */
  storeErrors?: number;
  /** Function-tag lookups that failed during this invocation, by reason (throttled, access_denied, timeout, other). */
  tagFetchErrors?: Readonly<Record<string, number>>;
  durationMs: number;
  /** The part of durationMs spent on in-process work (decode → payloads ready to send); the rest is waiting. */
  workMs?: number;
  /** Epoch seconds stamped on every point. */
  timestamp: number;
  /** functionname:<forwarder>, region:<region> and DD_TAGS, already normalised. */
  tags: readonly string[];
}

export function selfMetrics(input: SelfMetricsInput): DistributionSeries[] {
  const { stats, ship } = input;
  const out: DistributionSeries[] = [];
  const add = (metric: string, value: number, extraTags: readonly string[] = []) => {
    const tags = extraTags.length ? [...input.tags, ...extraTags].sort() : [...input.tags];
    out.push({ metric, type: 'distribution', points: [[input.timestamp, [value]]], tags });
  };

  add(ForwarderMetric.Batches, stats.batches);
  add(ForwarderMetric.Events, stats.events);
  add(ForwarderMetric.LinesParsed, stats.linesParsed);
  for (const { count, tags } of rejectedCounts(stats)) add(ForwarderMetric.Rejected, count, tags);

  const dropped: Record<string, number> = { ...stats.pointsDropped };
  if (ship.oversize.length > 0) dropped.oversize = ship.oversize.length;
  for (const [reason, count] of Object.entries(dropped)) if (count > 0) add(ForwarderMetric.PointsDropped, count, [`reason:${reason}`]);

  add(ForwarderMetric.PointsShipped, ship.acked.reduce((sum, payload) => sum + payload.pointCount, 0));
  for (const [key, count] of countBy(ship.requests.map((r) => `${r.kind}\n${r.status}`))) {
    const [endpoint, status] = key.split('\n') as [string, string];
    add(ForwarderMetric.Requests, count, [`endpoint:${endpoint}`, `status:${status}`]);
  }
  add(ForwarderMetric.Retries, ship.retries);
  for (const [key, count] of countBy((ship.ambiguousResends ?? []).map((r) => `${r.kind}\n${r.cause}`))) {
    const [endpoint, cause] = key.split('\n') as [string, string];
    add(ForwarderMetric.AmbiguousResends, count, [`endpoint:${endpoint}`, `cause:${cause}`]);
  }
  for (const [reason, count] of countBy(ship.failed.map((f) => f.reason))) add(ForwarderMetric.Failures, count, [`reason:${reason}`]);
  if (input.stored > 0) add(ForwarderMetric.Stored, input.stored);
  if ((input.storeErrors ?? 0) > 0) add(ForwarderMetric.StoreErrors, input.storeErrors ?? 0);
  for (const [reason, count] of Object.entries(input.tagFetchErrors ?? {})) if (count > 0) add(ForwarderMetric.TagFetchErrors, count, [`reason:${reason}`]);
  const duration = Math.round(input.durationMs);
  add(ForwarderMetric.Duration, duration);
  if (input.workMs !== undefined) {
    // Rounded once, so work + wait is the duration sent.
    const work = Math.min(Math.round(input.workMs), duration);
    add(ForwarderMetric.WorkDuration, work);
    add(ForwarderMetric.WaitDuration, duration - work);
  }
  return out;
}

/**
 * forwarder.rejected's values: by reason, and for metric lines by dialect too (`dialect:monitoring|datadog_lambda|
 * emf`); decode rejections (the payload, not a line) carry no dialect tag.
 */
export function rejectedCounts(stats: Pick<PipelineStats, 'rejected' | 'rejectedByDialect'>): Array<{ count: number; tags: string[] }> {
  const out: Array<{ count: number; tags: string[] }> = [];
  for (const [reason, count] of Object.entries(stats.rejected)) {
    let withoutDialect = count;
    for (const [dialect, byReason] of Object.entries(stats.rejectedByDialect ?? {})) {
      const n = Math.min(byReason?.[reason] ?? 0, withoutDialect);
      if (n <= 0) continue;
      out.push({ count: n, tags: [`dialect:${dialect}`, `reason:${reason}`] });
      withoutDialect -= n;
    }
    if (withoutDialect > 0) out.push({ count: withoutDialect, tags: [`reason:${reason}`] });
  }
  return out;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
