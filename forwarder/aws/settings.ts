/**
 * Settings for the AWS SDK clients of the side paths (function tags, subscriptions), as plain data. No SDK import
 * here, so the forwarder's entry can read them without loading a client (clients load lazily, when first needed).
 */
export interface AwsClientSettings {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Short timeouts and one retry: these calls must never hold an invocation for long. */
export const SIDE_PATH_DEFAULTS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
} as const;

/** Environment variables that let the SDK find credentials without the instance metadata service. */
const CREDENTIAL_SOURCES = [
  'AWS_ACCESS_KEY_ID', // Lambda sets it (with the secret and session token) for the function's role
  'AWS_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
] as const;

/**
 * Client settings from an environment (the handler's, which tests replace): region, AWS_ENDPOINT_URL and static
 * credentials when present; otherwise the SDK's own chain. Undefined when the environment names no credential source:
 * the SDK would then try the instance metadata service, which on a laptop or CI runner only answers after timeouts,
 * so the caller skips AWS instead (fail fast).
 */
export function awsClientSettingsFromEnv(env: NodeJS.ProcessEnv): AwsClientSettings | undefined {
  if (!CREDENTIAL_SOURCES.some((name) => env[name]?.trim())) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  const endpoint = env.AWS_ENDPOINT_URL?.trim();
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
  };
}
