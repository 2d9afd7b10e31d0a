/** The settings that can supply the Datadog API key, in the order they are tried. */
export const ApiKeyEnv = {
  SecretArn: 'DD_API_KEY_SECRET_ARN',
  SsmName: 'DD_API_KEY_SSM_NAME',
  Plain: 'DD_API_KEY',
} as const;
export type ApiKeySetting = (typeof ApiKeyEnv)[keyof typeof ApiKeyEnv];

/** The JSON field read when a Secrets Manager secret holds JSON rather than the bare key. */
export const SECRET_JSON_FIELD = 'DD_API_KEY';

/** How long a key read from AWS is reused before it is read again (a rotated key is picked up within this time). */
export const API_KEY_MAX_AGE_SECONDS = 300;

/** Datadog's key check: 200 {"valid":true} or 403. */
export const VALIDATE_PATH = '/api/v1/validate';
export const VALIDATE_TIMEOUT_MS = 5000;
