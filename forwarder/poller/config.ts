/**
 * Everything the poller reads from its environment, read here only, once per cold start: the shared forwarder
 * configuration (Datadog site, key, tags, naming) and its own settings (which functions, how far back). Errors name
 * the setting.
 */
import { ConfigError, loadConfig, type ForwarderConfig } from '../config.js';
import { configOnce, type ConfigOnce } from '../config-once.js';
import type { ErrorLogger } from '../ship/failure-sink.js';
import { PollerDefaults, PollerEnv } from './constants.js';
import type { FunctionSelector, PollerSettings } from './types.js';

/** Function names: letters, digits, `-` and `_`, up to 64 characters (AWS's rule for the name part). */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The configuration and the poller's settings, loaded at the first run and kept once good. */
export function pollerConfigOnce(env: NodeJS.ProcessEnv, logger: ErrorLogger): ConfigOnce<{ config: ForwarderConfig; settings: PollerSettings }> {
  return configOnce('Poller', async () => ({ config: await loadConfig(env), settings: parsePollerSettings(env) }), logger);
}

export function parsePollerSettings(env: NodeJS.ProcessEnv): PollerSettings {
  return { selector: parseSelector(env), windowMinutes: parseWindow(env[PollerEnv.windowMinutes]) };
}

function parseSelector(env: NodeJS.ProcessEnv): FunctionSelector {
  const set = [PollerEnv.functionNames, PollerEnv.functionPrefix, PollerEnv.tagFilter].filter((name) => env[name]?.trim());
  if (set.length !== 1) {
    const found = set.length === 0 ? 'none is set' : `${set.join(' and ')} are all set`;
    throw new ConfigError(`Set exactly one of ${PollerEnv.functionNames}, ${PollerEnv.functionPrefix} or ${PollerEnv.tagFilter} (${found})`);
  }
  const text = (env[set[0]!] ?? '').trim();
  switch (set[0]) {
    case PollerEnv.functionNames: {
      const names = [...new Set(text.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
      const bad = names.filter((name) => !FUNCTION_NAME.test(name));
      if (bad.length > 0) throw new ConfigError(`${PollerEnv.functionNames} holds names that are not Lambda function names: ${bad.slice(0, 3).map((n) => JSON.stringify(n.slice(0, 70))).join(', ')}`);
      return { kind: 'names', names };
    }
    case PollerEnv.functionPrefix:
      if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new ConfigError(`${PollerEnv.functionPrefix} may hold only letters, digits, "-" and "_"`);
      return { kind: 'prefix', prefix: text };
    default: {
      const equals = text.indexOf('=');
      const key = text.slice(0, equals).trim();
      const value = text.slice(equals + 1).trim();
      if (equals <= 0 || key === '' || value === '') throw new ConfigError(`${PollerEnv.tagFilter} must be key=value (e.g. team=payments)`);
      return { kind: 'tag', key, value };
    }
  }
}

function parseWindow(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return PollerDefaults.windowMinutes;
  const value = Number(text.trim());
  const { minWindowMinutes: min, maxWindowMinutes: max } = PollerDefaults;
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new ConfigError(`${PollerEnv.windowMinutes} must be a whole number of minutes from ${min} to ${max}`);
  }
  return value;
}
