/**
 * A scanner over the decompressed CloudWatch Logs payload (wire-formats §2) that reads what JSON.parse would, but
 * builds a log event only for the messages `keep` accepts (the ones parse can act on): the rest are counted, never
 * turned into objects. Kept messages without escapes are slices of the payload text, not copies.
 *
 * Exactness first: it reads JSON by the grammar (RFC 8259) and answers only for a payload it understands completely:
 * a top-level object whose messageType / owner / logGroup / logStream are strings and whose logEvents are objects
 * with a string id, a finite number timestamp and a string message. For anything else (bad JSON, another shape, a
 * duplicate field it would have to reconcile, nesting deeper than MAX_DEPTH) it returns undefined and the caller
 * reads the text with JSON.parse, whose verdict (including its error) then stands. Strings are decoded escape by
 * escape (\uXXXX as UTF-16 code units, so surrogate pairs and lone surrogates come out as JSON.parse gives them); raw
 * UTF-8 was decoded before (Buffer#toString), the same text JSON.parse would see.
 */
import type { LogEvent } from '../types.js';
import { INVALID, JsonText } from './scan-text.js';

/** What the scan read: the payload's fields as JSON.parse would give them, and the events `keep` accepted. */
export interface ScannedPayload {
  messageType?: string;
  owner?: string;
  logGroup?: string;
  logStream?: string;
  /** The kept events, in order. */
  logEvents: LogEvent[];
  /** Every event in logEvents, kept or not. */
  eventCount: number;
}

export interface ScanHints {
  /** True only when the text is known to hold no control character (control-bytes.ts): strings skip that check. */
  controlFree?: boolean;
}

/** Nesting (arrays and objects inside unknown fields) beyond which the scan leaves the text to JSON.parse. */
export const MAX_DEPTH = 64;

const EnvelopeKey = { MessageType: 'messageType', Owner: 'owner', LogGroup: 'logGroup', LogStream: 'logStream', LogEvents: 'logEvents' } as const;

/**
 * The payload in `text`, with only the events whose message `keep` accepts; undefined when the text is not exactly
 * the shape above (then JSON.parse decides). `keep` must give the same answer for a message with and without a final
 * newline: it may be shown the message without it (no copy is made of a message that is not kept). It may also be
 * shown a message's JSON text as written, its short escapes (`\t`, `\"`, …, never \u) not decoded: it must answer
 * true for that text whenever it answers true for the message (a message is decoded only when kept; one kept that
 * way is kept).
 */
export function scanPayload(text: string, keep: (message: string) => boolean, hints: ScanHints = {}): ScannedPayload | undefined {
  const json = new JsonText(text, hints.controlFree);
  json.skipWhitespace();
  if (!json.take('{')) return undefined;
  const payload: ScannedPayload = { logEvents: [], eventCount: 0 };
  const seen = new Set<string>();
  json.skipWhitespace();
  if (!json.take('}')) {
    for (;;) {
      const key = json.readKey();
      if (key === undefined) return undefined;
      if (seen.has(key)) return undefined; // JSON.parse keeps the last; rare enough to leave to it
      seen.add(key);
      if (!readEnvelopeField(json, key, payload, keep)) return undefined;
      json.skipWhitespace();
      if (json.take('}')) break;
      if (!json.take(',')) return undefined;
      json.skipWhitespace();
    }
  }
  json.skipWhitespace();
  // Without logEvents decode rejects the payload: JSON.parse's reading says why.
  return json.atEnd() && seen.has(EnvelopeKey.LogEvents) ? payload : undefined;
}

/** One `key: value` of the top-level object (the key read already); false when the scan must give up. */
function readEnvelopeField(json: JsonText, key: string, payload: ScannedPayload, keep: (message: string) => boolean): boolean {
  switch (key) {
    case EnvelopeKey.MessageType:
    case EnvelopeKey.Owner:
    case EnvelopeKey.LogGroup:
    case EnvelopeKey.LogStream: {
      // A copy, not a slice: these outlive the batch (log group names key caches), the payload text must not.
      const value = json.readString(true);
      if (value === undefined) return false;
      payload[key] = value;
      return true;
    }
    case EnvelopeKey.LogEvents:
      return readLogEvents(json, payload, keep);
    default:
      return json.skipValue(MAX_DEPTH);
  }
}

function readLogEvents(json: JsonText, payload: ScannedPayload, keep: (message: string) => boolean): boolean {
  if (!json.take('[')) return false;
  json.skipWhitespace();
  if (json.take(']')) return true;
  for (;;) {
    if (json.readPlainEvent()) {
      payload.eventCount++;
      // No copy or decoding for a message not kept (keptMessage shows `keep` its text as written where it can).
      const message = json.keptMessage(keep);
      if (message === INVALID) return false;
      if (message !== undefined) payload.logEvents.push({ id: json.eventId(), timestamp: json.eventTimestamp, message });
    } else {
      const event = readLogEvent(json);
      if (event === undefined) return false;
      payload.eventCount++;
      if (keep(event.message)) payload.logEvents.push(event);
    }
    json.skipWhitespace();
    if (json.take(']')) return true;
    if (!json.take(',')) return false;
    json.skipWhitespace();
  }
}

/** `{"id": "…", "timestamp": 123, "message": "…"}` in any order, other fields skipped; undefined to give up. */
function readLogEvent(json: JsonText): LogEvent | undefined {
  if (!json.take('{')) return undefined;
  let id: string | undefined;
  let timestamp: number | undefined;
  let message: string | undefined;
  json.skipWhitespace();
  if (json.take('}')) return undefined;
  for (;;) {
    const key = json.readEventKey();
    if (key === undefined) return undefined;
    if (key === 'id') {
      if (id !== undefined) return undefined;
      id = json.readString(false);
      if (id === undefined) return undefined;
    } else if (key === 'timestamp') {
      if (timestamp !== undefined) return undefined;
      timestamp = json.readNumber();
      if (timestamp === undefined || !Number.isFinite(timestamp)) return undefined;
    } else if (key === 'message') {
      if (message !== undefined) return undefined;
      message = json.readString(false);
      if (message === undefined) return undefined;
    } else if (!json.skipValue(MAX_DEPTH - 2)) {
      return undefined;
    }
    json.skipWhitespace();
    if (json.take('}')) break;
    if (!json.take(',')) return undefined;
    json.skipWhitespace();
  }
  if (id === undefined || timestamp === undefined || message === undefined) return undefined;
  return { id, timestamp, message };
}
