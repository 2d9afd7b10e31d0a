/**
 * Where the Datadog API key comes from, first setting present wins:
 *   1. DD_API_KEY_SECRET_ARN: a Secrets Manager secret holding the key as a plain string, or JSON with a DD_API_KEY field;
 *   2. DD_API_KEY_SSM_NAME:   an SSM parameter (SecureString, read with decryption);
 *   3. DD_API_KEY:            the key itself (fine for tests; a secret store is better in production).
 * Values read from AWS are cached by Powertools Parameters for API_KEY_MAX_AGE_SECONDS, so a warm forwarder does not
 * call AWS per invocation and a rotated key is picked up within minutes.
 *
 * Errors name the setting that is wrong, never the key.
 *
 * The Powertools providers (and the AWS SDK clients inside them) are loaded with a dynamic import() on the branch that
 * needs them: a forwarder configured with DD_API_KEY never loads them, and one reading a secret pays for one
 * provider only. Loaded at module top they cost 300-400 ms of every cold start (measured on the bundle).
 */
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { ApiKeyEnv, API_KEY_MAX_AGE_SECONDS, type ApiKeySetting } from './constants.js';
import { keyFromSecretText } from './secret-text.js';

export { ApiKeyEnv, API_KEY_MAX_AGE_SECONDS } from './constants.js';
export type { ApiKeySetting } from './constants.js';
export { validateApiKey, validateApiKeyOnce, type ApiKeyValidation } from './validate.js';

export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

/** Where to read from. Tests pass providers bound to moto; production uses the default clients (AWS_REGION etc.). */
export interface ApiKeySources {
  secrets?: Pick<SecretsProvider, 'get'>;
  ssm?: Pick<SSMProvider, 'get'>;
}

/** Which setting supplies the key, and its value (an ARN, a parameter name or the key), or undefined when none is set. */
export function apiKeySetting(env: NodeJS.ProcessEnv): { setting: ApiKeySetting; value: string } | undefined {
  for (const setting of [ApiKeyEnv.SecretArn, ApiKeyEnv.SsmName, ApiKeyEnv.Plain] as const) {
    const value = env[setting]?.trim();
    if (value) return { setting, value };
  }
  return undefined;
}

// One provider per process, so Powertools' cache (maxAge) spans invocations.
let defaultSecrets: Promise<Pick<SecretsProvider, 'get'>> | undefined;
let defaultSsm: Promise<Pick<SSMProvider, 'get'>> | undefined;

function secretsProvider(): Promise<Pick<SecretsProvider, 'get'>> {
  return (defaultSecrets ??= import('@aws-lambda-powertools/parameters/secrets').then((m) => new m.SecretsProvider()));
}

function ssmProvider(): Promise<Pick<SSMProvider, 'get'>> {
  return (defaultSsm ??= import('@aws-lambda-powertools/parameters/ssm').then((m) => new m.SSMProvider()));
}

export async function resolveApiKey(env: NodeJS.ProcessEnv = process.env, sources: ApiKeySources = {}): Promise<string> {
  const chosen = apiKeySetting(env);
  if (!chosen) {
    throw new ApiKeyError(
      `No Datadog API key: set ${ApiKeyEnv.SecretArn} (Secrets Manager), ${ApiKeyEnv.SsmName} (SSM parameter) or ${ApiKeyEnv.Plain}`,
    );
  }
  switch (chosen.setting) {
    case ApiKeyEnv.SecretArn: {
      const value = await readFromAws(chosen.setting, chosen.value, async () =>
        (sources.secrets ?? (await secretsProvider())).get(chosen.value, { maxAge: API_KEY_MAX_AGE_SECONDS }),
      );
      const text = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : '';
      const result = keyFromSecretText(text);
      if (!result.ok) throw new ApiKeyError(`The secret named by ${chosen.setting} ${result.problem}`);
      return result.key;
    }
    case ApiKeyEnv.SsmName: {
      // Without decryption a SecureString comes back still encrypted (moto shows it as `kms:alias/aws/ssm:<value>`).
      const value = await readFromAws(chosen.setting, chosen.value, async () =>
        (sources.ssm ?? (await ssmProvider())).get(chosen.value, { decrypt: true, maxAge: API_KEY_MAX_AGE_SECONDS }),
      );
      const key = typeof value === 'string' ? value.trim() : '';
      if (!key) throw new ApiKeyError(`The SSM parameter named by ${chosen.setting} is empty`);
      return key;
    }
    case ApiKeyEnv.Plain:
      return chosen.value;
  }
}

/** Runs one read; an AWS failure becomes an error naming the setting and the resource (never a value). */
async function readFromAws<T>(setting: ApiKeySetting, resource: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.name ?? error.name) : 'unknown error';
    throw new ApiKeyError(`Could not read the Datadog API key named by ${setting} (${resource}): ${cause}`, { cause: error });
  }
}
