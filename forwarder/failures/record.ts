/**
 * Payload ⇄ stored record, and the object key. Pure.
 *
 * The key is a hash of the batch id, the kind and the payload's JSON: the same payload of the same invocation always
 * lands on the same key, so storing it twice (a Lambda retry of that invocation) makes one object and one resend.
 * The batch id keeps two invocations apart whose payloads happen to be byte-identical (two batches each counting one
 * invocation of a function in the same 10-second bucket): those are two real data points and must stay two objects.
 */
import { createHash } from 'node:crypto';
import { compress, decompress, type Encoding } from '../ship/compress.js';
import { ContentEncodingOf, EndpointPath } from '../ship/constants.js';
import { serialise } from '../ship/payloads.js';
import { countPoints } from '../ship/halve.js';
import type { Payload, PayloadItems, PayloadKindName } from '../ship/types.js';
import { RECORD_VERSION } from './constants.js';
import type { StoredFailure } from './types.js';

export interface RecordContext {
  batchId: string;
  functionName: string;
  storedAt: number;
  reasons: string[];
}

/**
 * Keys for a list of payloads. The Nth copy of identical JSON within one call gets `-N` (never expected; it keeps
 * two identical payloads of one invocation from collapsing into one).
 */
export function objectKeys(prefix: string, payloads: readonly Payload[], batchId: string): string[] {
  const seen = new Map<string, number>();
  return payloads.map((payload) => {
    const hash = createHash('sha256').update(`${batchId}\n${payload.kind}\n${serialise(payload)}`).digest('hex');
    const copy = seen.get(hash) ?? 0;
    seen.set(hash, copy + 1);
    return `${prefix}${payload.kind}/${hash}${copy === 0 ? '' : `-${copy}`}.json`;
  });
}

export function toRecord(payload: Payload, context: RecordContext): StoredFailure {
  return {
    version: RECORD_VERSION,
    kind: payload.kind,
    endpoint: EndpointPath[payload.kind],
    contentEncoding: ContentEncodingOf[payload.kind],
    body: payload.body.toString('base64'),
    pointCount: payload.pointCount,
    batchId: context.batchId,
    functionName: context.functionName,
    storedAt: context.storedAt,
    reasons: context.reasons,
  };
}

const KINDS: readonly PayloadKindName[] = ['distributions', 'series', 'checks'];

/** A stored object's text → the record and its payload (items decoded from the body), or why it cannot be used. */
export function readRecord(text: string): { ok: true; record: StoredFailure; payload: Payload } | { ok: false; problem: string } {
  let record: StoredFailure;
  try {
    record = JSON.parse(text) as StoredFailure;
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (typeof record !== 'object' || record === null) return { ok: false, problem: 'not an object' };
  if (record.version !== RECORD_VERSION) return { ok: false, problem: `unknown version ${String(record.version)}` };
  if (!KINDS.includes(record.kind) || typeof record.body !== 'string') return { ok: false, problem: 'no kind or body' };
  if (record.contentEncoding !== ContentEncodingOf[record.kind] || record.endpoint !== EndpointPath[record.kind]) {
    return { ok: false, problem: 'endpoint or encoding does not match the kind' };
  }
  try {
    const body = Buffer.from(record.body, 'base64');
    const raw = decompress(body, record.contentEncoding).toString('utf8');
    const parsed = JSON.parse(raw) as unknown;
    const items = (record.kind === 'checks' ? parsed : (parsed as { series?: unknown }).series) as PayloadItems['items'];
    if (!Array.isArray(items)) return { ok: false, problem: 'body holds no item list' };
    const withItems = { kind: record.kind, items } as PayloadItems;
    return { ok: true, record, payload: { ...withItems, body, rawBytes: Buffer.byteLength(raw), pointCount: countPoints(withItems) } };
  } catch {
    return { ok: false, problem: 'body does not decode' };
  }
}

/** A payload rebuilt from items (after expired points were taken out), encoded as ship would. */
export function encodePayload(items: PayloadItems): Payload {
  const raw = serialise(items);
  const encoding: Encoding = ContentEncodingOf[items.kind];
  return { ...items, body: compress(raw, encoding), rawBytes: Buffer.byteLength(raw), pointCount: countPoints(items) };
}
