/** The CLI's pure parts: where the API keys come from, and one line per request (never the key). */
import type { RequestRecord } from './types.js';

export function apiKeysFrom(flagKeys: readonly string[], env: NodeJS.ProcessEnv): { keys: string[]; source: string } {
  if (flagKeys.length) return { keys: [...flagKeys], source: '--api-key' };
  const listed = (env.INTAKE_API_KEYS ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  if (listed.length) return { keys: listed, source: 'INTAKE_API_KEYS' };
  if (env.DD_API_KEY?.trim()) return { keys: [env.DD_API_KEY.trim()], source: 'DD_API_KEY' };
  return { keys: ['test-key'], source: 'the default test-key' };
}

export function describeRequest(record: RequestRecord): string {
  const fault = record.fault ? ` fault=${record.fault}` : '';
  const errors = record.errors?.length ? ` ${record.errors.slice(0, 2).join('; ')}` : '';
  return `${record.method} ${record.path} ${record.status || 'dropped'} ${record.encoding ?? ''} ${record.bytes}B key=${record.apiKey}${fault}${errors}`;
}
