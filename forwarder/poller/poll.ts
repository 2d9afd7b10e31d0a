/**
 * One poller run: choose the functions → GetMetricData over the last few minutes → v2 series → ship (forwarder/ship)
 * → its own counts as forwarder.* distributions → one log line. Never throws for a failed read or a failed delivery:
 * the next run, a minute later, reads the same minutes again (the window overlaps).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ForwarderConfig } from '../config.js';
import { accountOf, ownMetricTags, shipOptionsFor, type ShipTiming } from '../lambda-context.js';
import { ForwarderMetric, platformNames } from '../metric-names.js';
import { buildPayloads } from '../ship/payloads.js';
import { ship } from '../ship/ship.js';
import type { DistributionSeries } from '../types.js';
import { readMetricData, selectFunctions, type PollerClients } from './aws-reads.js';
import { planQueries, pollWindow, toSeries } from './queries.js';
import type { PollError, PollerSettings } from './types.js';

export interface PollSummary {
  functions: number;
  window: { start: number; end: number };
  getMetricDataCalls: number;
  series: number;
  points: number;
  pointsDropped: number;
  errors: Record<string, number>;
  payloads: { sent: number; acked: number; failed: number };
}

export interface PollRun {
  config: ForwarderConfig;
  settings: PollerSettings;
  clients: PollerClients;
  logger: Logger;
  /** Epoch milliseconds. */
  now: () => number;
  timing: ShipTiming;
}

export async function poll({ config, settings, clients, logger, now, timing }: PollRun, context: Context): Promise<PollSummary> {
  const nowMs = now();
  const window = pollWindow(nowMs, settings.windowMinutes);
  const selected = await selectFunctions(settings.selector, clients);
  const planned = planQueries(selected.value);
  const read = await readMetricData(clients.cloudWatch, planned, window);
  const accountId = accountOf(context);
  const built = toSeries(planned, read.value, {
    names: platformNames(config.metricNaming, config.metricPrefix).cloudwatch,
    region: config.region,
    accountId,
    ddTags: config.ddTags,
    nowSec: Math.floor(nowMs / 1000),
  });
  const errors = [...selected.errors, ...read.errors];

  const options = shipOptionsFor(config, context, timing);
  const own = ownMetrics(errors, Math.floor(nowMs / 1000), ownMetricTags(config, accountId));
  const payloads = buildPayloads({ distributions: own, series: built.series, checks: [] }, config.limits).payloads;
  const shipped = await ship(payloads, options);

  const summary: PollSummary = {
    functions: selected.value.length,
    window: { start: window.startSec, end: window.endSec },
    getMetricDataCalls: read.calls,
    series: built.series.length,
    points: built.points,
    pointsDropped: built.dropped,
    errors: countErrors(errors),
    payloads: { sent: payloads.length, acked: shipped.acked.length, failed: shipped.failed.length },
  };
  if (errors.length > 0 || shipped.failed.length > 0) {
    logger.error('Poll finished with errors: what could be read was shipped; the next run reads these minutes again', { ...summary });
  } else {
    logger.info('Poll finished', { ...summary });
  }
  return summary;
}

function countErrors(errors: readonly PollError[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const error of errors) {
    const key = `${error.api}:${error.reason}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** forwarder.poller_errors per api + reason, as distributions (several pollers' counts add up). */
function ownMetrics(errors: readonly PollError[], timestamp: number, tags: readonly string[]): DistributionSeries[] {
  return Object.entries(countErrors(errors)).map(([key, count]) => {
    const [api, reason] = key.split(':') as [string, string];
    return { metric: ForwarderMetric.PollerErrors, type: 'distribution', points: [[timestamp, [count]]], tags: [...tags, `api:${api}`, `reason:${reason}`].sort() };
  });
}
