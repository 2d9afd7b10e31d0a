/**
 * Request body compression with node:zlib (built in; measured as fast as native alternatives, local-tools.md).
 * `identity` is no compression (check_run takes nothing else).
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';

export type Encoding = 'gzip' | 'deflate' | 'identity';

export function compress(raw: Buffer | string, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(raw);
  if (encoding === 'deflate') return deflateSync(raw);
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

export function decompress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}
