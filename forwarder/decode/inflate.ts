/**
 * gunzip within a cap: a payload is inflated only as far as `maxBytes`, so a gzip bomb (a few hundred KB that
 * inflate to gigabytes) never allocates more than the cap. zlib itself stops at the cap (maxOutputLength: it checks
 * after each 16 KB of output), so a payload under the cap costs exactly one gunzip, as before.
 *
 * Past the cap, what came before it is still wanted (the events read before the cut are counted, not lost): zlib
 * keeps none of it when it stops, so prefixes of the gzip, halved each time, are inflated as truncated streams until
 * one fits. That gives at least half of what fits, for at most log2(output / cap) more inflations of up to the cap.
 */
import { constants, gunzipSync } from 'node:zlib';

/** zlib's smallest output chunk (Z_MIN_CHUNK) and the default one, which the trailer's size replaces. */
const MIN_CHUNK = 64;
const DEFAULT_CHUNK = 16 * 1024;

/**
 * The output chunk for one gunzip: the size the gzip trailer states (ISIZE, RFC 1952: the input's length mod 2^32)
 * plus one byte, within [default chunk, maxBytes]. With the whole output in one chunk zlib allocates once and
 * returns it as it is; with the default 16 KB a 2 MB payload took 128 allocations and a copy into one buffer (about
 * a third of gunzip + toString). A trailer that lies costs nothing: maxOutputLength still caps the output, and a
 * chunk too small only brings back the copy.
 */
function outputChunk(zipped: Buffer, maxBytes: number): number {
  if (zipped.length < 18) return DEFAULT_CHUNK;
  const stated = zipped.readUInt32LE(zipped.length - 4);
  return Math.max(MIN_CHUNK, Math.min(maxBytes, Math.max(DEFAULT_CHUNK, stated + 1)));
}

export type Inflated =
  /** The whole stream, at most maxBytes. */
  | { outcome: 'whole'; bytes: Buffer }
  /** The stream inflates past maxBytes: the output of the longest prefix tried that fits (may be empty). */
  | { outcome: 'cut'; bytes: Buffer }
  /** Not a complete gzip stream. */
  | { outcome: 'bad'; error: string };

/** zlib's refusal to go past maxOutputLength (by its code: a RangeError of another realm fails instanceof). */
function isOverCap(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}

export function inflateWithin(zipped: Buffer, maxBytes: number): Inflated {
  try {
    return { outcome: 'whole', bytes: gunzipSync(zipped, { maxOutputLength: maxBytes, chunkSize: outputChunk(zipped, maxBytes) }) };
  } catch (error) {
    if (!isOverCap(error)) return { outcome: 'bad', error: error instanceof Error ? error.message : String(error) };
  }
  return { outcome: 'cut', bytes: prefixWithin(zipped, maxBytes) };
}

/** The output of the longest prefix of `zipped`, of its length halved each time, that inflates within maxBytes. */
function prefixWithin(zipped: Buffer, maxBytes: number): Buffer {
  for (let length = zipped.length >> 1; length > 0; length >>= 1) {
    try {
      // Z_SYNC_FLUSH: a truncated stream gives what it holds instead of an error.
      return gunzipSync(zipped.subarray(0, length), { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      if (!isOverCap(error)) break; // damaged before the cap: nothing to keep
    }
  }
  return Buffer.alloc(0);
}
