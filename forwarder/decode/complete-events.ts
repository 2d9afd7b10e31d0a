/**
 * The part of a payload cut short (inflated only up to the cap) that is whole: its JSON up to the last complete log
 * event, closed. CloudWatch Logs writes logEvents last, each event `{"id":…,"timestamp":…,"message":…}` (wire-formats
 * §2), and `},{"id":"` can stand only between two events: inside a JSON string every `"` is escaped.
 */
const BETWEEN_EVENTS = '},{"id":"';

/**
 * The payload JSON of the events that end before the cut, at most `maxEvents` of them (so a bomb of tiny events never
 * becomes more objects than the event cap keeps), or undefined when not even one event ends before the cut.
 */
export function completeEventsOf(cutText: string, maxEvents: number): string | undefined {
  let end = -1;
  for (let events = 1, at = cutText.indexOf(BETWEEN_EVENTS); at !== -1 && events <= maxEvents; events++) {
    end = at;
    at = cutText.indexOf(BETWEEN_EVENTS, at + BETWEEN_EVENTS.length);
  }
  return end === -1 ? undefined : `${cutText.slice(0, end + 1)}]}`;
}
