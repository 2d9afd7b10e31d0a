/**
 * The part of a payload cut short (inflated only up to the cap) that is whole: its JSON up to the last complete log
 * event, closed. CloudWatch Logs writes logEvents last, each event `{"id":…,"timestamp":…,"message":…}` (wire-formats
 * §2), and `},{"id":"` can stand only between two events: inside a JSON string every `"` is escaped.
 */
const BETWEEN_EVENTS = '},{"id":"';

/** The payload JSON of every event that ends before the cut, or undefined when not even one does. */
export function completeEventsOf(cutText: string): string | undefined {
  const between = cutText.lastIndexOf(BETWEEN_EVENTS);
  return between === -1 ? undefined : `${cutText.slice(0, between + 1)}]}`;
}
