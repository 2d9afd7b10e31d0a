/**
 * The forwarder's pure stages composed: subscription event → decode → parse → enrich → aggregate → Outbound + stats.
 * No I/O, no clock, no environment: the handler passes everything in and ships the result.
 *
 * Two steps, so the handler can do I/O between them: decodeStep tells which function the batch belongs to, the
 * handler looks up that function's tags, and processBatch does the rest with them. processEvent runs both at once.
 */
import { aggregate } from './aggregate/index.js';
import { decodeEvent } from './decode/index.js';
import type { Architecture, LambdaPrices } from './enrich/cost.js';
import { SettingTagKey } from './enrich/function-tags-policy.js';
import { enrich } from './enrich/index.js';
import type { PlatformNamingName } from './metric-names.js';
import { parseBatch, type EmfNamespaceRuleName } from './parse/index.js';
import { PipelineOutcome, type DecodeResult, type LogBatch, type Outbound, type PipelineOutcomeName, type PipelineStats, type Rejection } from './types.js';

export interface PipelineOptions {
  /** Epoch milliseconds: the time window is measured from here. */
  now: number;
  /** AWS_REGION. */
  region: string;
  /** Names and units of the platform metrics (PLATFORM_METRIC_NAMING; default enhanced). */
  naming?: PlatformNamingName;
  /** Their prefix (METRIC_PREFIX; default the naming's own). */
  prefix?: string;
  /** How EMF namespaces become Datadog metric names (EMF_NAMESPACE_RULE; default `integration`). */
  emfNamespaceRule?: EmfNamespaceRuleName;
  /** DD_TAGS, comma separated (or already split). */
  ddTags?: string | readonly string[];
  /** Extra per-function tags (AWS resource tags, memorysize, architecture, runtime). */
  functionTags?: readonly string[];
  /** Lambda prices for estimated_cost (default us-east-1's). */
  prices?: LambdaPrices;
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

/** What decodeStep made of an event: a batch to process, or a result already final (control message, rejected). */
export type DecodedEvent =
  | { kind: 'batch'; batch: LogBatch; /** events skipped inside the batch */ rejections: Rejection[] }
  | { kind: 'final'; result: PipelineResult };

export function emptyOutbound(): Outbound {
  return { distributions: [], series: [], checks: [] };
}

export function emptyStats(): PipelineStats {
  return { batches: 0, events: 0, linesParsed: 0, reports: 0, errors: 0, rejected: {}, pointsDropped: { too_old: 0, too_new: 0 }, pointsOut: 0 };
}

function countRejections(stats: PipelineStats, rejections: readonly Rejection[]): void {
  for (const { reason, dialect } of rejections) {
    stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
    if (dialect === undefined) continue;
    const byReason = ((stats.rejectedByDialect ??= {})[dialect] ??= {});
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
}

/** Step 1: the event decoded. A batch carries its log group and owner, which name the function for a tag lookup. */
export function decodeStep(event: unknown): DecodedEvent {
  return decodedStep(decodeEvent(event));
}

/** Step 1 for a payload a source already decoded (sources/: one per direct subscription event or Kinesis record). */
export function decodedStep(decoded: DecodeResult): DecodedEvent {
  if (decoded.outcome === 'batch') return { kind: 'batch', batch: decoded.batch, rejections: decoded.rejections };
  const stats = emptyStats();
  if (decoded.outcome === 'control') return { kind: 'final', result: { outbound: emptyOutbound(), stats, outcome: PipelineOutcome.Control } };
  countRejections(stats, [decoded.rejection]);
  return { kind: 'final', result: { outbound: emptyOutbound(), stats, outcome: PipelineOutcome.Rejected, rejection: decoded.rejection } };
}

/** Step 2: a decoded batch → parse → enrich → aggregate. */
export function processBatch(decoded: { batch: LogBatch; rejections: readonly Rejection[] }, options: PipelineOptions): PipelineResult {
  const stats = emptyStats();
  const parsed = parseBatch(decoded.batch, { metricPrefix: options.prefix, emfNamespaceRule: options.emfNamespaceRule });
  const enriched = enrich(parsed, { region: options.region, ddTags: options.ddTags, functionTags: options.functionTags });
  const architecture = architectureOf(options.functionTags ?? []);
  const aggregated = aggregate(enriched, {
    now: options.now,
    ...(options.naming ? { naming: options.naming } : {}),
    prefix: options.prefix,
    cost: { ...(options.prices ? { prices: options.prices } : {}), ...(architecture ? { architecture } : {}) },
  });

  stats.batches = 1;
  stats.events = parsed.eventCount;
  stats.linesParsed = parsed.linesParsed;
  stats.reports = parsed.reports.length;
  stats.errors = aggregated.failures;
  countRejections(stats, decoded.rejections);
  countRejections(stats, parsed.rejections);
  stats.pointsDropped = aggregated.pointsDropped;
  stats.pointsOut = aggregated.pointsOut;
  return { outbound: aggregated.outbound, stats, outcome: PipelineOutcome.Processed, functionName: decoded.batch.functionName };
}

export function processEvent(event: unknown, options: PipelineOptions): PipelineResult {
  const decoded = decodeStep(event);
  return decoded.kind === 'final' ? decoded.result : processBatch(decoded, options);
}

/**
 * The architecture the function's settings tags name (`architecture:arm64` from GetFunctionConfiguration), or
 * undefined when unknown: the cost estimate then prices x86_64, the dearer one. Only the two real values count, so a
 * user's own resource tag `Architecture=graviton` cannot change the price.
 */
function architectureOf(functionTags: readonly string[]): Architecture | undefined {
  for (const architecture of ['arm64', 'x86_64'] as const) {
    if (functionTags.includes(`${SettingTagKey.Architecture}:${architecture}`)) return architecture;
  }
  return undefined;
}
