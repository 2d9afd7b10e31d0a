/**
 * One event's way through the forwarder, whatever its source: the source's decoded payloads → function tags → parse,
 * enrich, aggregate (pipeline.ts) → ship → the delivery rule (delivery.ts) → the forwarder's own metrics → one log
 * line. It answers the outcome; the source turns that into Lambda's answer (sources/).
 *
 * Every payload's points are shipped together, so the delivery rule judges the event as one batch: nothing
 * acknowledged → the event must come again (unless a durable sink kept some); part acknowledged → the rest goes to
 * the failure sink and the event is done. Payloads that cannot be decoded are counted and skipped.
 */
import type { Context } from 'aws-lambda';
import type { ForwarderConfig } from './config.js';
import { nothingDelivered, Undelivered, type DeliveryError } from './delivery.js';
import type { InvocationSummary } from './handler-types.js';
import { ownMetricTags, shipOptionsFor } from './lambda-context.js';
import { decodedStep, emptyStats, processBatch, type PipelineResult } from './pipeline.js';
import { mergeResults } from './pipeline-merge.js';
import { validateApiKeyOnce } from './secrets/api-key.js';
import { selfMetrics } from './self-metrics.js';
import type { ForwarderSetup } from './setup.js';
import { buildPayloads } from './ship/payloads.js';
import { ship, type ShipOptions } from './ship/ship.js';
import type { FailedPayload, ShipReport } from './ship/types.js';
import { UNRECOGNISED_EVENT, type DeliveryOutcome, type SourceRecord } from './sources/types.js';
import { actOnKeyCheck, batchFunctionTags, firstLookupWaitMs } from './startup.js';
import { PipelineOutcome, type LogBatch, type PipelineStats } from './types.js';

/** When the invocation's work began (performance.now()) and how long decoding the event took before forward(). */
export interface ForwardClock {
  started: number;
  decodeMs: number;
}

export async function forward(sourceName: string, records: readonly SourceRecord[], context: Context, setup: ForwarderSetup, clock?: ForwardClock): Promise<DeliveryOutcome> {
  const { logger, now } = setup;
  const startedMs = now();
  const started = clock?.started ?? performance.now();
  const settings = await setup.config.get();

  const steps = records.map((record) => decodedStep(record.decoded));
  const batches = steps.flatMap((step) => (step.kind === 'batch' ? [step] : []));
  // A control message sends nothing, so it needs no key; anything else starts the check and finds out below.
  const onlyControl = batches.length === 0 && steps.every((s) => s.kind === 'final' && s.result.outcome === PipelineOutcome.Control);
  const keyCheck = onlyControl ? undefined : validateApiKeyOnce(settings.baseUrl, settings.apiKey);
  const firstLookupMs = firstLookupWaitMs(context.getRemainingTimeInMillis(), settings.retry.safetyMarginMs);
  const looked = await lookUpTags(setup, batches.map((step) => step.batch), settings.region, firstLookupMs);
  let b = 0;
  const workStarted = performance.now();
  const result = mergeResults(
    steps.map((step) =>
      step.kind === 'final'
        ? step.result
        : processBatch(step, { now: startedMs, region: settings.region, naming: settings.metricNaming, prefix: settings.metricPrefix, emfNamespaceRule: settings.emfNamespaceRule, ddTags: settings.ddTags, functionTags: looked.tags[b++], prices: setup.prices }),
    ),
  );
  const processMs = performance.now() - workStarted; // the key check below is waited for, not worked on
  if (keyCheck) {
    try {
      actOnKeyCheck(await keyCheck, setup.apiKeySetting, logger);
    } catch (error) {
      setup.config.forget(); // read the key again next time: a fixed secret is picked up without a redeploy
      throw error;
    }
  }
  const options = shipOptionsFor(settings, context, setup.timing);
  const payloadsStarted = performance.now();
  const built = buildPayloads(result.outbound, settings.limits);
  // The in-process work (decode → payloads ready to send), as the benchmark times it; the rest of the invocation waits.
  const workMs = (clock?.decodeMs ?? 0) + processMs + (performance.now() - payloadsStarted);
  const data = await ship(built.payloads, options);
  data.oversize.push(...built.oversize);
  const summary: InvocationSummary = {
    source: sourceName,
    records: records.length,
    outcome: result.outcome,
    ...(result.functionName ? { functionName: result.functionName } : {}),
    functionTags: looked.tags.reduce((sum, tags) => sum + tags.length, 0),
    stats: result.stats,
    payloads: { sent: built.payloads.length, acked: data.acked.length, failed: data.failed.length, stored: 0 },
    pointsShipped: data.acked.reduce((sum, p) => sum + p.pointCount, 0),
    requests: data.requests.length,
    retries: data.retries,
    selfMetrics: 'skipped',
    durationMs: 0,
    workMs: Math.round(workMs),
  };
  const finish = () => (summary.durationMs = Math.round(performance.now() - started));
  const undelivered = new Undelivered(setup.sink, { requestId: context.awsRequestId, functionName: result.functionName ?? '', ackedPayloads: data.acked.length, ackedPoints: summary.pointsShipped }, logger);
  /** The delivery rule for one round (delivery.ts): the error to answer with when the event must come again. */
  const settle = async (acked: number, failed: FailedPayload[]): Promise<DeliveryError | undefined> => {
    const redeliver = await undelivered.settle(result.outcome, acked, failed);
    summary.payloads.stored = undelivered.stored;
    if (!redeliver) return undefined;
    finish();
    const error = nothingDelivered(failed);
    logger.error(error.message, { ...summary });
    return error;
  };
  const redeliver = await settle(data.acked.length, data.failed);
  if (redeliver) return { summary, redeliver };

  // A reachability probe carries nothing to count: it succeeds without touching the network.
  if (result.outcome !== PipelineOutcome.Control) {
    const own = await shipSelfMetrics({ data, stored: undelivered.stored, storeErrors: undelivered.storeErrors, tagFetchErrors: looked.errors, stats: result.stats, workMs }, settings, options, now, started);
    summary.requests += own.requests.length;
    summary.retries += own.retries;
    summary.selfMetrics = own.failed.length === 0 ? 'acked' : 'failed';
    const ownRedeliver = await settle(data.acked.length + own.acked.length + undelivered.stored, own.failed);
    if (ownRedeliver) return { summary, redeliver: ownRedeliver };
  }

  finish();
  logOutcome(setup, summary, result);
  return { summary };
}

function logOutcome(setup: ForwarderSetup, summary: InvocationSummary, result: PipelineResult): void {
  if (result.outcome === PipelineOutcome.Rejected) {
    setup.logger.warn('Subscription event could not be decoded; counted and skipped (a retry cannot fix it)', { ...summary, rejection: result.rejection?.reason });
  } else {
    setup.logger.info('Batch forwarded', { ...summary });
  }
}

/** Each batch's function tags, in the batches' order: one lookup per log group, the lookup errors added up. */
async function lookUpTags(setup: ForwarderSetup, batches: readonly LogBatch[], region: string, firstLookupMs: number): Promise<{ tags: string[][]; errors: Record<string, number> }> {
  type Looked = { tags: string[]; errors: Record<string, number> };
  const byFunction = new Map<string, Promise<Looked>>();
  const lookUp = (batch: LogBatch): Promise<Looked> => {
    const key = `${batch.owner}\n${batch.logGroup}`;
    const known = byFunction.get(key);
    if (known) return known.then((one) => ({ tags: one.tags, errors: {} })); // its errors are counted once
    const looking = batchFunctionTags(setup.tagSource(), batch, region, { firstLookupMs });
    byFunction.set(key, looking);
    return looking;
  };
  const looked = await Promise.all(batches.map(lookUp));
  const errors: Record<string, number> = {};
  for (const one of looked) for (const [reason, count] of Object.entries(one.errors)) errors[reason] = (errors[reason] ?? 0) + count;
  return { tags: looked.map((one) => one.tags), errors };
}

/** The forwarder's own metrics for this invocation, in their own request(s) after the batch's. */
export async function shipSelfMetrics(
  counts: { data?: ShipReport; stored: number; storeErrors: number; tagFetchErrors: Record<string, number>; stats: PipelineStats; workMs?: number },
  settings: ForwarderConfig,
  options: ShipOptions,
  now: () => number,
  started: number,
): Promise<ShipReport> {
  const series = selfMetrics({
    stats: counts.stats,
    ship: counts.data ?? { acked: [], failed: [], requests: [], retries: 0, oversize: [] },
    stored: counts.stored,
    storeErrors: counts.storeErrors,
    tagFetchErrors: counts.tagFetchErrors,
    durationMs: performance.now() - started,
    ...(counts.workMs === undefined ? {} : { workMs: counts.workMs }),
    timestamp: Math.floor(now() / 1000),
    tags: ownMetricTags(settings, ''),
  });
  return ship(buildPayloads({ distributions: series, series: [], checks: [] }, settings.limits).payloads, options);
}

/**
 * An event no source recognises: counted (forwarder.rejected{reason:unrecognised_event}, best effort) and logged, then
 * the error is thrown so the invocation fails loudly (a wrong trigger must not look like success).
 */
export async function refuseEvent(error: Error, context: Context, setup: ForwarderSetup): Promise<never> {
  const started = performance.now();
  const settings = await setup.config.get();
  const stats: PipelineStats = { ...emptyStats(), rejected: { [UNRECOGNISED_EVENT]: 1 } };
  const own = await shipSelfMetrics({ stored: 0, storeErrors: 0, tagFetchErrors: {}, stats }, settings, shipOptionsFor(settings, context, setup.timing), setup.now, started);
  setup.logger.error(error.message, { selfMetrics: own.failed.length === 0 ? 'acked' : 'failed' });
  throw error;
}
