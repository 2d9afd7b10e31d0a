/**
 * Everything the forwarder reads from its environment, read here and only here, once per cold start: the
 * configuration (config.ts, loaded at the first invocation and kept once good), the Lambda prices, where the API key
 * comes from, the failure sink (FAILURE_BUCKET) and the function-tag lookup. The handler and the flow get the result.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig, type ForwarderConfig } from './config.js';
import { configOnce, type ConfigOnce } from './config-once.js';
import { pricesFromEnv, type LambdaPrices } from './enrich/cost.js';
import type { HandlerDeps } from './handler-types.js';
import type { ShipTiming } from './lambda-context.js';
import { apiKeySetting, type ApiKeySetting } from './secrets/api-key.js';
import { logOnlyFailureSink } from './ship/failure-sink.js';
import type { FailureSink } from './ship/types.js';
import { chooseTagSource, lazyFailureSink, type FunctionTagsSource } from './startup.js';

export interface ForwarderSetup {
  logger: Logger;
  /** Where undelivered payloads go after a partial delivery. */
  sink: FailureSink;
  /** Epoch milliseconds. */
  now: () => number;
  timing: ShipTiming;
  prices: LambdaPrices;
  /** The setting the API key comes from (named in errors; never the key). */
  apiKeySetting: ApiKeySetting | undefined;
  /** Loaded at the first invocation, kept once good; `forget()` reads it again (a rejected key). */
  config: ConfigOnce<ForwarderConfig>;
  /** The function-tag lookup chosen with the first good config; undefined when lookups are off. */
  tagSource(): FunctionTagsSource | undefined;
}

export function forwarderSetup(deps: HandlerDeps = {}): ForwarderSetup {
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-forwarder' });
  const prices = pricesFromEnv(env);
  let tagLookup: { source?: FunctionTagsSource } | undefined;
  let startupLogged = false;

  /** What the settings decided, once per cold start, after the config is known to be good. */
  const logStartup = (source: string) => {
    if (startupLogged) return;
    startupLogged = true;
    for (const problem of prices.errors) logger.warn('Lambda price setting ignored, default used', { problem });
    logger.info('Forwarder started', { functionTags: source });
  };
  const config = configOnce(
    'Forwarder',
    () =>
      loadConfig(env).then((loaded) => {
        tagLookup ??= { source: chooseTagSource(deps.functionTags, env, logStartup) };
        return loaded;
      }),
    logger,
  );

  return {
    logger,
    sink: deps.failureSink ?? lazyFailureSink(env, logger) ?? logOnlyFailureSink(logger),
    now: deps.now ?? Date.now,
    timing: { ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.random ? { random: deps.random } : {}) },
    prices: prices.prices,
    apiKeySetting: apiKeySetting(env)?.setting,
    config,
    tagSource: () => tagLookup?.source,
  };
}
