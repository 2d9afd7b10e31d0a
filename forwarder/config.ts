/**
 * The forwarder's settings, read from the environment once per cold start and validated with errors that name the
 * setting and never echo the API key.
 */
import { parseTagList } from './enrich/tags.js';
import { DEFAULT_PLATFORM_NAMING, NamingPrefix, PlatformNaming, platformNamingFrom, type PlatformNamingName } from './metric-names.js';
import { DEFAULT_EMF_NAMESPACE_RULE, EmfNamespaceRule, emfNamespaceRuleFrom, type EmfNamespaceRuleName } from './parse/dialects/emf-names.js';
import { resolveApiKey } from './secrets/api-key.js';
import { DefaultPayloadLimits, DefaultRetryPolicy } from './ship/constants.js';
import type { PayloadLimits, RetryPolicy } from './ship/types.js';

/** Environment variables the forwarder reads. */
export const ForwarderEnv = {
  site: 'DD_SITE',
  url: 'DD_URL',
  tags: 'DD_TAGS',
  metricPrefix: 'METRIC_PREFIX',
  metricNaming: 'PLATFORM_METRIC_NAMING',
  emfNamespaceRule: 'EMF_NAMESPACE_RULE',
  region: 'AWS_REGION',
  functionName: 'AWS_LAMBDA_FUNCTION_NAME',
  concurrency: 'FORWARDER_CONCURRENCY',
  requestTimeoutMs: 'FORWARDER_REQUEST_TIMEOUT_MS',
  safetyMarginMs: 'FORWARDER_SAFETY_MARGIN_MS',
  maxAttempts: 'FORWARDER_MAX_ATTEMPTS',
} as const;

/** Datadog sites (wire-formats §4). The API host is `api.<site>`. */
export const DatadogSites = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'uk1.datadoghq.com',
  'datadoghq.eu',
  'ddog-gov.com',
  'us2.ddog-gov.com',
] as const;

export const ConfigDefaults = {
  site: 'datadoghq.com',
  metricNaming: DEFAULT_PLATFORM_NAMING,
  functionName: 'local',
  concurrency: 4,
} as const;

/** Bounds for the numeric tuning settings: [min, max]. */
const Bounds = {
  concurrency: [1, 64],
  requestTimeoutMs: [100, 120_000],
  safetyMarginMs: [0, 60_000],
  maxAttempts: [1, 20],
} as const;

export interface ForwarderSettings {
  site: string;
  /** Where requests go, without a trailing slash: https://api.<site>, or DD_URL. */
  baseUrl: string;
  ddTags: string[];
  /** Which names and units platform and CloudWatch metrics take (metric-names.ts). */
  metricNaming: PlatformNamingName;
  /** Their prefix: METRIC_PREFIX, else the naming's own (aws.lambda.enhanced or aws.lambda). */
  metricPrefix: string;
  /** How EMF namespaces and metric names become Datadog names (parse/dialects/emf-names.ts); default `integration`. */
  emfNamespaceRule?: EmfNamespaceRuleName;
  region: string;
  /** The forwarder's own function name, for its self metrics. */
  functionName: string;
  concurrency: number;
  retry: RetryPolicy;
  limits: PayloadLimits;
}

export interface ForwarderConfig extends ForwarderSettings {
  /** Non-enumerable: JSON.stringify, spreading and util.inspect of the config leave it out. */
  readonly apiKey: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Everything but the key: pure, synchronous, throws ConfigError on the first bad setting. */
export function parseSettings(env: NodeJS.ProcessEnv): ForwarderSettings {
  const site = (env[ForwarderEnv.site]?.trim() || ConfigDefaults.site).toLowerCase();
  if (!(DatadogSites as readonly string[]).includes(site)) {
    throw new ConfigError(`${ForwarderEnv.site} ${shown(site)} is not a Datadog site; use one of: ${DatadogSites.join(', ')}`);
  }
  const url = env[ForwarderEnv.url]?.trim();
  const region = env[ForwarderEnv.region]?.trim();
  if (!region) throw new ConfigError(`${ForwarderEnv.region} is not set (Lambda sets it; set it when running elsewhere)`);
  const namingText = env[ForwarderEnv.metricNaming]?.trim() || ConfigDefaults.metricNaming;
  const metricNaming = platformNamingFrom(namingText);
  if (metricNaming === undefined) {
    throw new ConfigError(`${ForwarderEnv.metricNaming} ${shown(namingText)} is not a naming; use ${Object.values(PlatformNaming).join(' or ')}`);
  }
  const metricPrefix = env[ForwarderEnv.metricPrefix]?.trim() || NamingPrefix[metricNaming];
  if (!/^[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]$|^[A-Za-z]$/.test(metricPrefix)) {
    throw new ConfigError(`${ForwarderEnv.metricPrefix} ${shown(metricPrefix)} must start with a letter and hold only letters, digits, "_" and "."`);
  }

  const emfRuleText = env[ForwarderEnv.emfNamespaceRule]?.trim() || DEFAULT_EMF_NAMESPACE_RULE;
  const emfNamespaceRule = emfNamespaceRuleFrom(emfRuleText);
  if (emfNamespaceRule === undefined) {
    throw new ConfigError(`${ForwarderEnv.emfNamespaceRule} ${shown(emfRuleText)} is not a rule; use ${Object.values(EmfNamespaceRule).join(' or ')}`);
  }

  return {
    site,
    baseUrl: url ? parseBaseUrl(url) : `https://api.${site}`,
    ddTags: parseTagList(env[ForwarderEnv.tags] ?? ''),
    metricNaming,
    metricPrefix,
    emfNamespaceRule,
    region,
    functionName: env[ForwarderEnv.functionName]?.trim() || ConfigDefaults.functionName,
    concurrency: integer(env, 'concurrency', ConfigDefaults.concurrency),
    retry: {
      ...DefaultRetryPolicy,
      requestTimeoutMs: integer(env, 'requestTimeoutMs', DefaultRetryPolicy.requestTimeoutMs),
      safetyMarginMs: integer(env, 'safetyMarginMs', DefaultRetryPolicy.safetyMarginMs),
      maxAttempts: integer(env, 'maxAttempts', DefaultRetryPolicy.maxAttempts),
    },
    limits: { ...DefaultPayloadLimits },
  };
}

/** Settings plus the API key (resolved by secrets/api-key.ts, whose errors name the setting, never the key). */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ForwarderConfig> {
  const settings = parseSettings(env);
  const apiKey = await resolveApiKey(env);
  // fetch would reject such a header with an error that quotes the value: refuse here, without quoting it.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ConfigError('The Datadog API key holds characters an HTTP header cannot carry (whitespace, control or non-ASCII characters)');
  }
  const config = { ...settings } as ForwarderConfig;
  Object.defineProperty(config, 'apiKey', { value: apiKey, enumerable: false, writable: false });
  return config;
}

/**
 * DD_URL: https anywhere; plain http only to this machine (a local intake), so the key never crosses a network in
 * clear text. The error names the protocol and host, never the whole URL (it could hold credentials).
 */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${ForwarderEnv.url} is not a valid URL`);
  }
  if (url.username || url.password) throw new ConfigError(`${ForwarderEnv.url} must not carry credentials`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${ForwarderEnv.url} must use https (got ${url.protocol})`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigError(`${ForwarderEnv.url} uses plain http to ${url.hostname}: http is allowed only to a loopback address; use https`);
  }
  return (url.origin + url.pathname).replace(/(?<!\/)\/+$/, '');
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function integer(env: NodeJS.ProcessEnv, setting: keyof typeof Bounds, fallback: number): number {
  const name = ForwarderEnv[setting];
  const text = env[name]?.trim();
  if (!text) return fallback;
  const [min, max] = Bounds[setting];
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got ${shown(text)})`);
  }
  return value;
}

/**
 * A bad value, quoted in an error only when short: a Datadog key is 32 characters (an application key 40), and a key
 * pasted into the wrong setting must not reach the logs through the error that rejects it.
 */
function shown(value: string): string {
  return value.length <= 24 ? `"${value}"` : `(a value of ${value.length} characters, not shown)`;
}
