/**
 * Where `datadog:apply` talks to and with which keys, from the environment, the way the forwarder reads it:
 * DD_SITE picks `https://api.<site>`; DD_URL overrides the base URL (https anywhere, plain http only to a loopback
 * address, which is what the local intake in the tests is). Errors name the variable, never a key.
 */
import { DatadogSites, parseBaseUrl } from '../forwarder/config.js';
import { DashboardDefaults } from './metrics.js';

export const ApplyEnv = {
  apiKey: 'DD_API_KEY',
  appKey: 'DD_APP_KEY',
  site: 'DD_SITE',
  url: 'DD_URL',
  metricPrefix: 'METRIC_PREFIX',
} as const;

export const DefaultSite = 'datadoghq.com';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** The same rules as the forwarder (forwarder/config.ts): the known sites, and DD_URL checked by its parseBaseUrl. */
export function datadogBaseUrl(env: NodeJS.ProcessEnv): string {
  const override = env[ApplyEnv.url]?.trim();
  if (override) {
    try {
      return parseBaseUrl(override);
    } catch (error) {
      throw new SettingsError((error as Error).message);
    }
  }
  const site = (env[ApplyEnv.site]?.trim() || DefaultSite).toLowerCase();
  if (!(DatadogSites as readonly string[]).includes(site)) {
    throw new SettingsError(`${ApplyEnv.site} must be a Datadog site: ${DatadogSites.join(', ')}`);
  }
  return `https://api.${site}`;
}

export interface Keys {
  apiKey: string;
  appKey: string;
}

/** Both keys, or undefined when neither is set; one without the other is an error. */
export function readKeys(env: NodeJS.ProcessEnv): Keys | undefined {
  const apiKey = env[ApplyEnv.apiKey]?.trim();
  const appKey = env[ApplyEnv.appKey]?.trim();
  if (!apiKey && !appKey) return undefined;
  if (!apiKey) throw new SettingsError(`${ApplyEnv.appKey} is set but ${ApplyEnv.apiKey} is not`);
  if (!appKey) throw new SettingsError(`${ApplyEnv.apiKey} is set but ${ApplyEnv.appKey} is not (dashboards and monitors need an application key)`);
  return { apiKey, appKey };
}

export function metricPrefixFrom(env: NodeJS.ProcessEnv, flag?: string): string {
  const prefix = flag?.trim() || env[ApplyEnv.metricPrefix]?.trim() || DashboardDefaults.metricPrefix;
  if (!/^[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]$/.test(prefix)) {
    throw new SettingsError(`metric prefix "${prefix}" is not a valid Datadog metric name prefix`);
  }
  return prefix;
}
