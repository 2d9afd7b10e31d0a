/**
 * The Lambda handler, kept thin: config → key check → decode → function tags → process → ship → self metrics → log.
 * All decisions live in pure modules; this file wires them and owns the one rule that matters to CloudWatch's retries:
 *
 * - nothing acknowledged → throw (Lambda retries the batch; nothing can be counted twice);
 * - part acknowledged → never throw (a retry would double-count): the rest goes to the FailureSink;
 * - the event cannot be decoded at all → counted, and the invocation succeeds (a retry cannot fix it).
 * With a durable sink (S3, FAILURE_BUCKET) a payload it stored counts as acknowledged: the replay sends it later.
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
import { functionRefFromLogGroup } from './enrich/function-tags-policy.js';
import { functionTagsSetup } from './enrich/function-tags-settings.js';
import { forwarderTags, isForwarderTag } from './enrich/tags.js';
import { decodeStep, processBatch, type PipelineResult } from './pipeline.js';
import { apiKeySetting, validateApiKeyOnce } from './secrets/api-key.js';
import { selfMetrics } from './self-metrics.js';
import { actOnKeyCheck, lazyFailureSink, lazyFunctionTags, type FunctionTagsSource } from './startup.js';
import { logOnlyFailureSink, summarise } from './ship/failure-sink.js';
import { buildPayloads } from './ship/payloads.js';
import { emptyReport, ship, type ShipOptions } from './ship/ship.js';
import { deliveryVerdict, Verdict } from './ship/verdict.js';
import type { FailedPayload, FailureSink, ShipReport } from './ship/types.js';
import { PipelineOutcome, type LogBatch, type PipelineStats } from './types.js';

export interface HandlerDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where undelivered payloads go after a partial delivery. Default: S3 when FAILURE_BUCKET is set, else log only. */
  failureSink?: FailureSink;
  /**
   * Per-function tags. Default: FunctionTags on the Lambda and tagging clients, unless DD_FETCH_LAMBDA_TAGS=false or
   * the environment names no AWS credentials; `false` turns the lookup off. Tests pass one built on other clients.
   */
  functionTags?: FunctionTagsSource | false;
  /** Epoch milliseconds. */
  now?: () => number;
  /** The wait between retries (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<unknown>;
  /** Jitter source for the backoff. */
  random?: () => number;
}

/** What one invocation did (also the handler's return value, handy in tests; Lambda ignores it). */
export interface InvocationSummary {
  outcome: string;
  functionName?: string;
  /** Per-function tags applied to the batch (AWS resource tags, memorysize, architecture, runtime). */
  functionTags: number;
  stats: PipelineStats;
  payloads: { sent: number; acked: number; failed: number; stored: number };
  pointsShipped: number;
  requests: number;
  retries: number;
  selfMetrics: 'acked' | 'failed' | 'skipped';
  durationMs: number;
}

/** Thrown when nothing of the batch was delivered, so Lambda retries the whole batch. Carries counts only. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

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

  /** The batch's function tags (bounded wait, never throws); errors counted for the self metrics. */
  const lookUpTags = async (batch: LogBatch, region: string): Promise<{ tags: string[]; errors: Record<string, number> }> => {
    const source = tagLookup?.source;
    if (!source) return { tags: [], errors: {} };
    const ref = functionRefFromLogGroup(batch.logGroup, batch.owner, region); // undefined for a non-Lambda log group
    const tags = ref ? await source.tagsForFunction(ref) : [];
    return { tags, errors: source.takeErrorCounts() };
  };

  return async function handler(event: unknown, context: Context): Promise<InvocationSummary> {
    const startedMs = now();
    const started = performance.now();
    logger.addContext(context);
    const settings = await config.get();

    const decoded = decodeStep(event);
    const isControl = decoded.kind === 'final' && decoded.result.outcome === PipelineOutcome.Control;
    // A control message sends nothing, so it needs no key; anything else starts the check and finds out below.
    const keyCheck = isControl ? undefined : validateApiKeyOnce(settings.baseUrl, settings.apiKey);
    const looked = decoded.kind === 'batch' ? await lookUpTags(decoded.batch, settings.region) : { tags: [], errors: {} };
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
    const options: ShipOptions = {
      baseUrl: settings.baseUrl,
      apiKey: settings.apiKey,
      policy: settings.retry,
      limits: settings.limits,
      concurrency: settings.concurrency,
      remainingMs: () => context.getRemainingTimeInMillis(),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    };

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

    const failForRetry = (failed: FailedPayload[]): never => {
      finish();
      const message = `Nothing was delivered to Datadog (${describeFailures(failed)}); failing so Lambda retries the batch`;
      logger.error(message, { ...summary });
      throw new DeliveryError(message);
    };
    let storeErrors = 0; // payloads a durable sink could not keep (the log-only sink keeps none by design)
    const keep = async (failed: FailedPayload[]) => {
      const before = summary.payloads.stored;
      summary.payloads.stored += await storeSafely(sink, failed, {
        requestId: context.awsRequestId,
        functionName: result.functionName ?? '',
        ackedPayloads: data.acked.length,
        ackedPoints: summary.pointsShipped,
        failedPoints: failed.reduce((sum, f) => sum + f.payload.pointCount, 0),
        reasons: [describeFailures(failed)],
      }, logger);
      if (sink.durable) storeErrors += failed.length - (summary.payloads.stored - before);
    };

    /** Nothing acknowledged: a durable sink that keeps any of it stands in for the retry (a retry would then double those). */
    const keptForReplay = async (failed: FailedPayload[]) => {
      const before = summary.payloads.stored;
      if (sink.durable) await keep(failed);
      return summary.payloads.stored > before;
    };
    const afterData = deliveryVerdict({ outcome: result.outcome, acked: data.acked.length, failed: data.failed.length });
    if (afterData === Verdict.RetryBatch && !(await keptForReplay(data.failed))) failForRetry(data.failed);
    if (afterData === Verdict.KeepRest) await keep(data.failed);

    // A reachability probe carries nothing to count: it succeeds without touching the network.
    if (result.outcome !== PipelineOutcome.Control) {
      const own = await shipSelfMetrics({ data, stored: summary.payloads.stored, storeErrors, tagFetchErrors: looked.errors, stats: result.stats }, settings, options, now, started);
      summary.requests += own.requests.length;
      summary.retries += own.retries;
      summary.selfMetrics = own.failed.length === 0 ? 'acked' : 'failed';
      const afterOwn = deliveryVerdict({ outcome: result.outcome, acked: data.acked.length + own.acked.length + summary.payloads.stored, failed: own.failed.length });
      if (afterOwn === Verdict.RetryBatch && !(await keptForReplay(own.failed))) failForRetry(own.failed);
      if (afterOwn === Verdict.KeepRest) await keep(own.failed);
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
  const tags = [...settings.ddTags.filter((tag) => !isForwarderTag(tag)), ...forwarderTags(settings.functionName, settings.region, '')].sort();
  const series = selfMetrics({
    stats: counts.stats,
    ship: counts.data,
    stored: counts.stored,
    storeErrors: counts.storeErrors,
    tagFetchErrors: counts.tagFetchErrors,
    durationMs: performance.now() - started,
    timestamp: Math.floor(now() / 1000),
    tags,
  });
  const built = buildPayloads({ distributions: series, series: [], checks: [] }, settings.limits);
  const report = emptyReport();
  return ship(built.payloads, options, report);
}

/** The sink must not turn a partial success into a thrown error (a retry would double-count). */
async function storeSafely(sink: FailureSink, failed: FailedPayload[], meta: Parameters<FailureSink['store']>[1], logger: Logger): Promise<number> {
  try {
    return (await sink.store(failed.map((f) => f.payload), meta)).stored;
  } catch (error) {
    logger.error('Failure sink could not store undelivered payloads', { undelivered: summarise(failed.map((f) => f.payload)), error: (error as Error).message });
    return 0;
  }
}

/** e.g. "2 payloads: rejected (403), out_of_time (timeout)". Statuses and reasons only. */
function describeFailures(failed: readonly FailedPayload[]): string {
  const reasons = [...new Set(failed.map((f) => `${f.reason} (${f.lastStatus})`))];
  return `${failed.length} payload${failed.length === 1 ? '' : 's'}: ${reasons.join(', ')}`;
}

/** The tag source the deps or the environment ask for; undefined when lookups are off. Logs the choice once. */
function chooseTagSource(
  injected: FunctionTagsSource | false | undefined,
  env: NodeJS.ProcessEnv,
  logStartup: (source: string) => void,
): FunctionTagsSource | undefined {
  if (injected === false) {
    logStartup('off (turned off by the caller)');
    return undefined;
  }
  if (injected) {
    logStartup('on (given by the caller)');
    return injected;
  }
  const setup = functionTagsSetup(env);
  logStartup(setup.enabled ? 'on' : `off: ${setup.reason}`);
  return setup.enabled ? lazyFunctionTags(setup) : undefined;
}
