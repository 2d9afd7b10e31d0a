/** Shared bits of the intake tests: a fixed clock, a started intake, and a POST with any encoding. */
import { deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { startIntake, type Intake, type IntakeOptions } from '../../intake/index.js';

export const NOW_S = 1_780_000_000;
export const NOW_MS = NOW_S * 1000;
export const KEY = 'test-key';

export function startTestIntake(options: Partial<IntakeOptions> = {}): Promise<Intake> {
  return startIntake({ port: 0, host: '127.0.0.1', apiKeys: [KEY], now: () => NOW_MS, ...options });
}

export type WireEncoding = 'identity' | 'gzip' | 'deflate' | 'zstd1' | 'br';

export function encode(text: string | Buffer, encoding: WireEncoding): Buffer {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text);
  if (encoding === 'gzip') return gzipSync(data);
  if (encoding === 'deflate') return deflateSync(data);
  if (encoding === 'zstd1') return zstdCompressSync(data);
  return data; // identity, and 'br' sent uncompressed to see the header refused
}

export interface PostOptions {
  encoding?: WireEncoding;
  key?: string | null;
}

/** POSTs `body` (JSON-encoded unless already a string or Buffer) and returns status, headers and parsed JSON. */
export async function post(intake: Intake, path: string, body: unknown, options: PostOptions = {}) {
  const encoding = options.encoding ?? 'identity';
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  if (options.key !== null) headers['DD-API-KEY'] = options.key ?? KEY;
  const response = await fetch(intake.url + path, { method: 'POST', headers, body: encode(text, encoding) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

export async function getJson<T = Record<string, unknown>>(intake: Intake, pathAndQuery: string): Promise<{ status: number; json: T }> {
  const response = await fetch(intake.url + pathAndQuery);
  return { status: response.status, json: (await response.json()) as T };
}

export const seriesPayload = (metric: string, value: number, tags: string[] = [], timestamp = NOW_S, type = 1) => ({
  series: [{ metric, type, points: [{ timestamp, value }], tags }],
});

export const distributionPayload = (metric: string, values: number[], tags: string[] = [], timestamp = NOW_S) => ({
  series: [{ metric, type: 'distribution', points: [[timestamp, values]], tags }],
});

export const checkPayload = (check: string, status: number, tags: string[] = [], timestamp = NOW_S) => [
  { check, host_name: 'forwarder', status, tags, timestamp, message: `status ${status}` },
];
