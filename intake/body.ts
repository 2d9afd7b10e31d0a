/** Reading a request body within the size limits, and undoing its Content-Encoding. */
import type { IncomingMessage } from 'node:http';
import { inflateSync, gunzipSync, zstdDecompressSync } from 'node:zlib';
import { Encoding } from './constants.js';
import type { EncodingName } from './types.js';

export interface RawBody {
  /** Undefined when the body was larger than the limit (it was read to the end and thrown away). */
  data: Buffer | undefined;
  bytes: number;
}

/**
 * Reads the whole body, keeping at most `maxBytes`. An over-long body is still read to its end (not cut off), so the
 * client receives the 413 instead of a broken pipe.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve({ data: bytes <= maxBytes ? Buffer.concat(chunks) : undefined, bytes }));
    request.on('error', reject);
  });
}

/** The Content-Encoding header as one of ours, or the raw value when it is not one we know. */
export function encodingOf(header: string | undefined): EncodingName | { unknown: string } {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === Encoding.identity) return Encoding.identity;
  if (value === Encoding.gzip || value === 'x-gzip') return Encoding.gzip;
  if (value === Encoding.deflate) return Encoding.deflate;
  if (value === Encoding.zstd || value === 'zstd1') return Encoding.zstd;
  return { unknown: value };
}

export type Decoded = { ok: true; data: Buffer } | { ok: false; status: 400 | 413; error: string };

/** Decompresses with a hard output limit, so a small bomb cannot fill memory. Deflate is zlib (RFC 1950) framing. */
export function decodeBody(data: Buffer, encoding: EncodingName, maxDecodedBytes: number): Decoded {
  if (encoding === Encoding.identity) return { ok: true, data };
  const options = { maxOutputLength: maxDecodedBytes };
  try {
    if (encoding === Encoding.gzip) return { ok: true, data: gunzipSync(data, options) };
    if (encoding === Encoding.deflate) return { ok: true, data: inflateSync(data, options) };
    return { ok: true, data: zstdDecompressSync(data, options) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, status: 413, error: `Payload too large: more than ${maxDecodedBytes} bytes once decompressed` };
    }
    return { ok: false, status: 400, error: `Body is not valid ${encoding} data` };
  }
}
