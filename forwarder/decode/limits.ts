/**
 * How much one CloudWatch Logs payload may hold once inflated, derived from what CloudWatch Logs can deliver
 * (wire-formats §2), so that a gzip bomb is cut while inflating instead of filling a 128 MB function.
 *
 * What a payload carries is what PutLogEvents took in: at most 10,000 events and 1,048,576 bytes of messages a call
 * (each event counted as its UTF-8 message plus 26 bytes). As payload JSON that batch grows by about 105 bytes of id,
 * timestamp and keys an event (1.05 MB at 10,000 events) and by its escapes (a quote, tab or newline takes two bytes):
 * about 3.2 MB if every message byte were a quote, about 2.2 MB for real logs (the realistic 10,000-event test batch
 * inflates to 2.17 MB from 187 KB of gzip).
 *
 * The caps: 4 MiB inflated, four times the message bytes of a full PutLogEvents call (1.3 times that quote-only
 * worst case, 1.9 times a real full batch); 20,000 events, twice PutLogEvents' 10,000. An honest payload stays under
 * both. They are also what a 128 MB function can afford: the forwarder under Lambda's 128 MB Node flags peaks at about
 * 85 MB on the realistic batch and about 90 MB on a 4 MiB payload of tiny events or on a 60 MB bomb cut at the cap
 * (8 MiB would take those two to about 110 MB, too close to the limit). What passes a cap is cut and counted (decode
 * reasons too_large, too_many_events); the invocation still succeeds, since a retry would be cut the same way.
 */
export const DecodeLimits = {
  /** Bytes of inflated JSON one payload may hold: inflating stops as soon as this is passed. */
  maxInflatedBytes: 4 * 1024 * 1024,
  /** Log events one payload may hold: the ones after it are cut. */
  maxEvents: 20_000,
} as const;
