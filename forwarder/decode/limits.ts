/**
 * How much one CloudWatch Logs payload may hold once inflated, derived from what CloudWatch Logs can deliver
 * (wire-formats §2), so that a gzip bomb is cut while inflating instead of filling a 128 MB function.
 *
 * - What goes in: PutLogEvents takes at most 10,000 events and 1,048,576 bytes of messages a call (each event counted
 *   as its UTF-8 message plus 26 bytes). As a payload that batch becomes JSON: about 105 bytes of id, timestamp and
 *   keys an event (1.05 MB for 10,000) plus the messages, escaped (a quote or a tab takes two bytes): at most about
 *   3.2 MB if every message were made of quotes, about 2.2 MB for real logs (the realistic 10,000-event test batch
 *   inflates to 2.17 MB from 187 KB of gzip).
 * - What comes out: a delivery to Lambda is one asynchronous invocation, whose payload limit (256 KB, reported raised
 *   to 1 MB in late 2025) bounds the base64 of the gzip: at most 786,432 gzip bytes, which real logs inflate about
 *   12 times (the test batch: 11.6).
 *
 * The caps leave a margin over both: 2.5 times the largest batch of quote-only messages and about the most a 1 MB
 * invocation of real logs could inflate to, 8 MiB; and twice PutLogEvents' 10,000 events. An honest payload never
 * reaches them; what passes them is cut, counted (decode reasons too_large, too_many_events) and the invocation
 * still succeeds (a retry would be cut again). 8 MiB inflated is also what a 128 MB function can hold while the
 * JSON is read (the text, its parsed events and the runtime together stay under 128 MB; see test/forwarder/decode).
 */
export const DecodeLimits = {
  /** Bytes of inflated JSON one payload may hold: inflating stops as soon as this is passed. */
  maxInflatedBytes: 8 * 1024 * 1024,
  /** Log events one payload may hold: the ones after it are cut. */
  maxEvents: 20_000,
} as const;
