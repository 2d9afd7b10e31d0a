/** Looking at an event's shape without trusting it: for recognising a source, and for naming one no source knows. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A short description of an event's shape, for the error that refuses it: its type, its top-level keys, and for a
 * `Records` array the event sources it names (e.g. `an object with keys [Records] (3 records from aws:sqs)`).
 * Keys and event source names only: never a value, which could be anything.
 */
export function describeShape(event: unknown): string {
  if (event === null) return 'null';
  if (Array.isArray(event)) return `an array of ${event.length}`;
  if (!isRecord(event)) return `a ${typeof event}`;
  const keys = Object.keys(event);
  const shown = keys.slice(0, 8).map((key) => key.slice(0, 40));
  let text = `an object with keys [${shown.join(', ')}${keys.length > shown.length ? ', …' : ''}]`;
  const records = event.Records;
  if (Array.isArray(records)) {
    const sources = [...new Set(records.map((r) => (isRecord(r) && typeof r.eventSource === 'string' ? r.eventSource.slice(0, 40) : '?')))];
    text += ` (${records.length} record${records.length === 1 ? '' : 's'} from ${sources.slice(0, 4).join(', ') || 'nothing'})`;
  }
  return text;
}
