/**
 * The forwarder's pure stages composed: subscription event → decode → parse → enrich → aggregate → Outbound + stats.
 * No I/O, no clock, no environment: the handler passes everything in and ships the result.
 */
import { aggregate } from './aggregate/index.js';
import { decodeEvent } from './decode/index.js';
import { enrich } from './enrich/index.js';
import { parseBatch } from './parse/index.js';
import { PipelineOutcome, type Outbound, type PipelineOutcomeName, type PipelineStats, type Rejection } from './types.js';

export interface PipelineOptions {
  /** Epoch milliseconds: the time window is measured from here. */
  now: number;
  /** AWS_REGION. */
  region: string;
  /** Platform metric prefix (METRIC_PREFIX; default aws.lambda). */
  prefix?: string;
  /** DD_TAGS, comma separated (or already split). */
  ddTags?: string | readonly string[];
  /** Extra per-function tags (AWS resource tags, memorysize, architecture, runtime). */
  functionTags?: readonly string[];
}

export interface PipelineResult {
  outbound: Outbound;
  stats: PipelineStats;
  outcome: PipelineOutcomeName;
  /** Why the whole payload was refused (outcome `rejected`). */
  rejection?: Rejection;
  /** The batch's function name, for the handler's log line and function-tag lookup; absent when no batch was read. */
  functionName?: string;
}

export function emptyOutbound(): Outbound {
  return { distributions: [], series: [], checks: [] };
}

export function emptyStats(): PipelineStats {
  return { batches: 0, events: 0, linesParsed: 0, reports: 0, errors: 0, rejected: {}, pointsDropped: { too_old: 0, too_new: 0 }, pointsOut: 0 };
}

function countRejections(into: Record<string, number>, rejections: readonly Rejection[]): void {
  for (const { reason } of rejections) into[reason] = (into[reason] ?? 0) + 1;
}

export function processEvent(event: unknown, options: PipelineOptions): PipelineResult {
  const stats = emptyStats();
  const decoded = decodeEvent(event);
  if (decoded.outcome === 'control') return { outbound: emptyOutbound(), stats, outcome: PipelineOutcome.Control };
  if (decoded.outcome === 'rejected') {
    countRejections(stats.rejected, [decoded.rejection]);
    return { outbound: emptyOutbound(), stats, outcome: PipelineOutcome.Rejected, rejection: decoded.rejection };
  }

  const parsed = parseBatch(decoded.batch);
  const enriched = enrich(parsed, { region: options.region, ddTags: options.ddTags, functionTags: options.functionTags });
  const aggregated = aggregate(enriched, { now: options.now, prefix: options.prefix });

  stats.batches = 1;
  stats.events = parsed.eventCount;
  stats.linesParsed = parsed.linesParsed;
  stats.reports = parsed.reports.length;
  stats.errors = aggregated.failures;
  countRejections(stats.rejected, decoded.rejections);
  countRejections(stats.rejected, parsed.rejections);
  stats.pointsDropped = aggregated.pointsDropped;
  stats.pointsOut = aggregated.pointsOut;
  return { outbound: aggregated.outbound, stats, outcome: PipelineOutcome.Processed, functionName: decoded.batch.functionName };
}
