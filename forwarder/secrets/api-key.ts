/**
 * Where the Datadog API key comes from. Today: the plain `DD_API_KEY` env var. (Secrets Manager and SSM arrive with
 * the AWS integration work; the signature stays.) Errors name the setting, never the key.
 */
export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

export async function resolveApiKey(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = env.DD_API_KEY?.trim();
  if (!key) throw new ApiKeyError('No Datadog API key: set DD_API_KEY');
  return key;
}
