/**
 * Where `datadog:apply` talks to and with which keys, from the environment, the way the forwarder reads it:
 * DD_SITE picks `https://api.<site>`; DD_URL overrides the base URL (https anywhere, plain http only to a loopback
 * address, which is what the local intake in the tests is). Errors name the variable, never a key.
 */
import { DatadogSites, parseBaseUrl } from '../forwarder/config.js';
import { PlatformNaming, platformNamingFrom, type PlatformNamingName } from '../forwarder/metric-names.js';
import { DashboardDefaults } from './metrics.js';

export const ApplyEnv = {
  apiKey: 'DD_API_KEY',
  appKey: 'DD_APP_KEY',
  site: 'DD_SITE',
  url: 'DD_URL',
  metricNaming: 'PLATFORM_METRIC_NAMING',
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

/** The naming the forwarder was deployed with (flag, else PLATFORM_METRIC_NAMING, else the default). */
export function metricNamingFrom(env: NodeJS.ProcessEnv, flag?: string): PlatformNamingName {
  const text = flag?.trim() || env[ApplyEnv.metricNaming]?.trim() || DashboardDefaults.metricNaming;
  const naming = platformNamingFrom(text);
  if (naming === undefined) throw new SettingsError(`metric naming "${text.slice(0, 24)}" is not one of ${Object.values(PlatformNaming).join(', ')}`);
  return naming;
}

/** The prefix the forwarder was deployed with (flag, else METRIC_PREFIX); undefined: the naming's own. */
export function metricPrefixFrom(env: NodeJS.ProcessEnv, flag?: string): string | undefined {
  const prefix = flag?.trim() || env[ApplyEnv.metricPrefix]?.trim();
  if (prefix === undefined || prefix === '') return undefined;
  if (!/^[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]$/.test(prefix)) {
    throw new SettingsError(`metric prefix "${prefix}" is not a valid Datadog metric name prefix`);
  }
  return prefix;
}
