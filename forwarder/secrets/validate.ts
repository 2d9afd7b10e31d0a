/**
 * Asks Datadog whether the API key is valid (GET /api/v1/validate: 200 {"valid":true} or 403), once per cold start.
 * Only a definite answer is remembered: after a network error or a 5xx the next invocation asks again. The result
 * never contains the key.
 */
import { createHash } from 'node:crypto';
import { VALIDATE_PATH, VALIDATE_TIMEOUT_MS } from './constants.js';

export type ApiKeyValidation =
  | { status: 'valid' }
  /** Datadog said no (403, or 200 with valid:false): every request with this key would fail. */
  | { status: 'invalid'; detail: string }
  /** No definite answer (network error, timeout, 5xx, 429…): ship anyway, the intake will tell. */
  | { status: 'unknown'; detail: string };

export interface ValidateOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function validateApiKey(baseUrl: string, key: string, options: ValidateOptions = {}): Promise<ApiKeyValidation> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL(VALIDATE_PATH, baseUrl);
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { 'DD-API-KEY': key, Accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? VALIDATE_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'error';
    return { status: 'unknown', detail: `${url.origin}${VALIDATE_PATH} could not be reached (${reason})` };
  }
  const body = await response.text().catch(() => '');
  if (response.status === 403) {
    return { status: 'invalid', detail: `Datadog rejected the API key (403 from ${url.origin}${VALIDATE_PATH}): wrong key or wrong DD_SITE` };
  }
  if (response.status !== 200) {
    return { status: 'unknown', detail: `${url.origin}${VALIDATE_PATH} answered ${response.status}` };
  }
  if (readValid(body) === false) {
    return { status: 'invalid', detail: `Datadog answered {"valid":false} from ${url.origin}${VALIDATE_PATH}` };
  }
  return { status: 'valid' };
}

/** The `valid` field of the body, or undefined when the body does not say. */
function readValid(body: string): boolean | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'valid' in parsed && typeof parsed.valid === 'boolean') return parsed.valid;
  } catch {
    // not JSON: no opinion
  }
  return undefined;
}

// Per process = per cold start. Keyed by a hash so the key itself is not kept as a map key.
const definiteAnswers = new Map<string, Promise<ApiKeyValidation>>();

export function validateApiKeyOnce(baseUrl: string, key: string, options: ValidateOptions = {}): Promise<ApiKeyValidation> {
  const id = `${baseUrl}\n${createHash('sha256').update(key).digest('hex')}`;
  const known = definiteAnswers.get(id);
  if (known) return known;
  const pending = validateApiKey(baseUrl, key, options).then((result) => {
    if (result.status === 'unknown') definiteAnswers.delete(id);
    return result;
  });
  definiteAnswers.set(id, pending);
  return pending;
}
