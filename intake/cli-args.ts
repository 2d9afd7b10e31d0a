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

/**
 * A clear sentence for a port the intake could not listen on (taken, or not allowed), naming the way out; undefined
 * for any other error, which the caller reports as it is.
 */
export function listenProblem(error: unknown, port: number, host: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `port ${port} on ${host} is already in use (another intake, or another program). Pick another with --port N, or --port 0 for any free port.`;
  }
  if (code === 'EACCES') return `not allowed to listen on port ${port} on ${host}. Pick a port above 1023 with --port N, or --port 0 for any free port.`;
  return undefined;
}
