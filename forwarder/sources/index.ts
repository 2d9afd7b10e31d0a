/**
 * The event sources the forwarder reads, each a small adapter (types.ts says what one does). An event no source
 * recognises is refused loudly: an UnrecognisedEventError naming its shape, never a silent success.
 */
import { cloudWatchSubscription } from './cloudwatch-subscription.js';
import { kinesis } from './kinesis.js';
import { describeShape } from './shape.js';
import type { Source } from './types.js';

export const sources: readonly Source[] = [cloudWatchSubscription, kinesis];

/** The Lambda invoked the forwarder with an event it cannot read at all (wrong trigger, test event, typo). */
export class UnrecognisedEventError extends Error {
  override name = 'UnrecognisedEventError';
}

/** The source whose shape the event has, or undefined. */
export function sourceOf(event: unknown): Source | undefined {
  return sources.find((source) => source.recognises(event));
}

export function unrecognisedEvent(event: unknown): UnrecognisedEventError {
  const known = sources.map((source) => source.name).join(', ');
  return new UnrecognisedEventError(`The forwarder cannot read this event: ${describeShape(event)}; it reads ${known} events`);
}

export { SourceName, type Source, type SourceRecord, type DeliveryOutcome } from './types.js';
