/**
 * Everything the replay Lambda reads from its environment, read here only, once per cold start: the shared forwarder
 * configuration (where and how to ship) and the failure bucket it reads (FAILURE_BUCKET, which it cannot do without).
 */
import { ConfigError, loadConfig, type ForwarderConfig } from '../config.js';
import { configOnce, type ConfigOnce } from '../config-once.js';
import { FailureEnv } from '../failures/constants.js';
import { failureStoreSettings } from '../failures/from-env.js';
import type { ErrorLogger } from '../ship/failure-sink.js';

export type FailureStoreSettings = NonNullable<ReturnType<typeof failureStoreSettings>>;

export function replayConfigOnce(env: NodeJS.ProcessEnv, logger: ErrorLogger): ConfigOnce<{ config: ForwarderConfig; store: FailureStoreSettings }> {
  return configOnce(
    'Replay',
    () =>
      loadConfig(env).then((config) => {
        const store = failureStoreSettings(env);
        if (!store) throw new ConfigError(`${FailureEnv.bucket} is not set: the replay has nothing to read`);
        return { config, store };
      }),
    logger,
  );
}
