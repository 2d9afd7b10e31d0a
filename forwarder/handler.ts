/**
 * The Lambda handler, kept thin: config → key check → decode → function tags → process → ship → self metrics → log.
 * All decisions live in pure modules; this file wires them. What happens to payloads Datadog did not acknowledge
 * (throw so Lambda retries, or keep the rest in the failure sink) is the delivery rule, in delivery.ts; an event that
 * cannot be decoded at all is counted, and the invocation succeeds (a retry cannot fix it).
 *
 * The handler resolves only after everything it shipped was answered.
 *
 * Once per cold start it asks Datadog whether the API key is valid (in parallel with the tag lookup and the batch's
 * processing): a definite no throws with an error naming the setting the key came from; no answer only warns.
 * Nothing heavy is imported at module top: AWS SDK clients load on the path that first needs them (startup.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loadConfig, type ForwarderConfig } from './config.js';
import { configOnce } from './config-once.js';
import { pricesFromEnv } from './enrich/cost.js';
import { ownMetricTags, shipOptionsFor } from './lambda-context.js';
import { decodeStep, processBatch, type PipelineResult } from './pipeline.js';
import { apiKeySetting, validateApiKeyOnce } from './secrets/api-key.js';
import { selfMetrics } from './self-metrics.js';
import { actOnKeyCheck, batchFunctionTags, chooseTagSource, lazyFailureSink, type FunctionTagsSource } from './startup.js';
import { logOnlyFailureSink } from './ship/failure-sink.js';
import { buildPayloads } from './ship/payloads.js';
import { emptyReport, ship, type ShipOptions } from './ship/ship.js';
import type { FailedPayload, ShipReport } from './ship/types.js';
import { nothingDelivered, Undelivered } from './delivery.js';
import type { HandlerDeps, InvocationSummary } from './handler-types.js';
import { PipelineOutcome, type PipelineStats } from './types.js';

export type { HandlerDeps, InvocationSummary } from './handler-types.js';
export { DeliveryError } from './delivery.js';

export type ForwarderHandler = (event: unknown, context: Context) => Promise<InvocationSummary>;

export function createHandler(deps: HandlerDeps = {}): ForwarderHandler {
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-forwarder' });
  const sink = deps.failureSink ?? lazyFailureSink(env, logger) ?? logOnlyFailureSink(logger);
  const now = deps.now ?? Date.now;
  /** Chosen once, with the first good config; `source` undefined means lookups are off. */
  let tagLookup: { source?: FunctionTagsSource } | undefined;
  const prices = pricesFromEnv(env);
  let startupLogged = false;

  /** What the settings decided, once per cold start, after the config is known to be good. */
  const logStartup = (source: string) => {
    if (startupLogged) return;
    startupLogged = true;
    for (const problem of prices.errors) logger.warn('Lambda price setting ignored, default used', { problem });
    logger.info('Forwarder started', { functionTags: source });
  };

  /** Parsed once per cold start (a failure is not kept); the first good one also chooses the tag lookup. */
  const config = configOnce(
    'Forwarder',
    () =>
      loadConfig(env).then((loaded) => {
        tagLookup ??= { source: chooseTagSource(deps.functionTags, env, logStartup) };
        return loaded;
      }),
    logger,
  );

  return async function handler(event: unknown, context: Context): Promise<InvocationSummary> {
    const startedMs = now();
    const started = performance.now();
    logger.addContext(context);
    const settings = await config.get();

    const decoded = decodeStep(event);
    const isControl = decoded.kind === 'final' && decoded.result.outcome === PipelineOutcome.Control;
    // A control message sends nothing, so it needs no key; anything else starts the check and finds out below.
    const keyCheck = isControl ? undefined : validateApiKeyOnce(settings.baseUrl, settings.apiKey);
    const looked = decoded.kind === 'batch' ? await batchFunctionTags(tagLookup?.source, decoded.batch, settings.region) : { tags: [], errors: {} };
    const result: PipelineResult =
      decoded.kind === 'final'
        ? decoded.result
        : processBatch(decoded, {
            now: startedMs,
            region: settings.region,
            prefix: settings.metricPrefix,
            ddTags: settings.ddTags,
            functionTags: looked.tags,
            prices: prices.prices,
          });
    if (keyCheck) {
      try {
        actOnKeyCheck(await keyCheck, apiKeySetting(env)?.setting, logger);
      } catch (error) {
        config.forget(); // read the key again next time: a fixed secret is picked up without a redeploy
        throw error;
      }
    }
    const options = shipOptionsFor(settings, context, deps);

    const built = buildPayloads(result.outbound, settings.limits);
    const data = await ship(built.payloads, options);
    data.oversize.push(...built.oversize);
    const summary: InvocationSummary = {
      outcome: result.outcome,
      ...(result.functionName ? { functionName: result.functionName } : {}),
      functionTags: looked.tags.length,
      stats: result.stats,
      payloads: { sent: built.payloads.length, acked: data.acked.length, failed: data.failed.length, stored: 0 },
      pointsShipped: data.acked.reduce((sum, p) => sum + p.pointCount, 0),
      requests: data.requests.length,
      retries: data.retries,
      selfMetrics: 'skipped',
      durationMs: 0,
    };
    const finish = () => (summary.durationMs = Math.round(performance.now() - started));

    const undelivered = new Undelivered(sink, {
      requestId: context.awsRequestId,
      functionName: result.functionName ?? '',
      ackedPayloads: data.acked.length,
      ackedPoints: summary.pointsShipped,
    }, logger);
    /** The delivery rule for one round (delivery.ts); throws a DeliveryError when Lambda must retry the batch. */
    const settle = async (acked: number, failed: FailedPayload[]) => {
      const retry = await undelivered.settle(result.outcome, acked, failed);
      summary.payloads.stored = undelivered.stored;
      if (!retry) return;
      finish();
      const error = nothingDelivered(failed);
      logger.error(error.message, { ...summary });
      throw error;
    };
    await settle(data.acked.length, data.failed);

    // A reachability probe carries nothing to count: it succeeds without touching the network.
    if (result.outcome !== PipelineOutcome.Control) {
      const own = await shipSelfMetrics({ data, stored: undelivered.stored, storeErrors: undelivered.storeErrors, tagFetchErrors: looked.errors, stats: result.stats }, settings, options, now, started);
      summary.requests += own.requests.length;
      summary.retries += own.retries;
      summary.selfMetrics = own.failed.length === 0 ? 'acked' : 'failed';
      await settle(data.acked.length + own.acked.length + undelivered.stored, own.failed);
    }

    finish();
    if (result.outcome === PipelineOutcome.Rejected) {
      logger.warn('Subscription event could not be decoded; counted and skipped (a retry cannot fix it)', { ...summary, rejection: result.rejection?.reason });
    } else {
      logger.info('Batch forwarded', { ...summary });
    }
    return summary;
  };
}

/** The forwarder's own metrics for this invocation, in their own request(s) after the batch's. */
async function shipSelfMetrics(
  counts: { data: ShipReport; stored: number; storeErrors: number; tagFetchErrors: Record<string, number>; stats: PipelineStats },
  settings: ForwarderConfig,
  options: ShipOptions,
  now: () => number,
  started: number,
): Promise<ShipReport> {
  const series = selfMetrics({
    stats: counts.stats,
    ship: counts.data,
    stored: counts.stored,
    storeErrors: counts.storeErrors,
    tagFetchErrors: counts.tagFetchErrors,
    durationMs: performance.now() - started,
    timestamp: Math.floor(now() / 1000),
    tags: ownMetricTags(settings, ''),
  });
  const built = buildPayloads({ distributions: series, series: [], checks: [] }, settings.limits);
  const report = emptyReport();
  return ship(built.payloads, options, report);
}
