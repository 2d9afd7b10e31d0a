import { EmitterEnv } from './constants.js';
import { normaliseTags, tagKey } from './grammar.js';
import type { EnvVars } from './metrics-types.js';

/** What the environment asks of the emitter; options given in code take precedence over it. */
export interface EnvConfig {
  /** Normalised and sorted. */
  tags: string[];
  prefix: string;
  strict: boolean;
  disabled: boolean;
}

function isTrue(text: string | undefined): boolean {
  const value = text?.trim().toLowerCase();
  return value === 'true' || value === '1' || value === 'yes';
}

/**
 * MONITORING_TAGS=env:prod,team:ci gives tags; DD_ENV, DD_SERVICE and DD_VERSION become env:, service: and version:
 * tags as Datadog users expect, unless MONITORING_TAGS already sets that key (the explicit list wins).
 */
export function readEnvConfig(env: EnvVars): EnvConfig {
  const listed = normaliseTags((env[EmitterEnv.tags] ?? '').split(','));
  const listedKeys = new Set(listed.map(tagKey));
  const unified: string[] = [];
  for (const [key, variable] of [['env', EmitterEnv.ddEnv], ['service', EmitterEnv.ddService], ['version', EmitterEnv.ddVersion]] as const) {
    const value = env[variable]?.trim();
    if (value && !listedKeys.has(key)) unified.push(`${key}:${value}`);
  }
  return {
    tags: normaliseTags([...listed, ...unified]),
    prefix: env[EmitterEnv.prefix]?.trim() ?? '',
    strict: isTrue(env[EmitterEnv.strict]),
    disabled: isTrue(env[EmitterEnv.disabled]),
  };
}

/** `app` + `orders.placed` → `app.orders.placed`; a prefix that already ends with `.` is used as it is. */
export function prefixName(prefix: string, name: string): string {
  if (prefix === '') return name;
  return prefix.endsWith('.') ? prefix + name : `${prefix}.${name}`;
}
