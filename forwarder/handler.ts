/**
 * The forwarder Lambda's wiring: the event's source (sources/) reads it into decoded payloads, the flow (flow.ts) takes
 * them through parse → enrich → aggregate → ship and the delivery rule, and the source answers Lambda (a thrown
 * error for a direct subscription that must be retried, a partial batch response for Kinesis). An event no source
 * recognises is counted and refused with an error naming its shape. Settings are read once, in setup.ts.
 */
import type { Context } from 'aws-lambda';
import { forward, refuseEvent } from './flow.js';
import type { HandlerDeps, InvocationSummary, KinesisBatchResponse } from './handler-types.js';
import { forwarderSetup } from './setup.js';
import { sourceOf, unrecognisedEvent } from './sources/index.js';

export type { HandlerDeps, InvocationSummary, KinesisBatchResponse } from './handler-types.js';
export { DeliveryError } from './delivery.js';
export { UnrecognisedEventError } from './sources/index.js';

/** A direct subscription event is answered with the invocation's summary, a Kinesis event with a partial batch response. */
export type ForwarderResponse<E> = E extends { awslogs: unknown } ? InvocationSummary : E extends { Records: unknown } ? KinesisBatchResponse : InvocationSummary | KinesisBatchResponse;

export type ForwarderHandler = <E>(event: E, context: Context) => Promise<ForwarderResponse<E>>;

export function createHandler(deps: HandlerDeps = {}): ForwarderHandler {
  const setup = forwarderSetup(deps);
  return async function handler<E>(event: E, context: Context): Promise<ForwarderResponse<E>> {
    setup.logger.addContext(context);
    const source = sourceOf(event);
    if (!source) return refuseEvent(unrecognisedEvent(event), context, setup);
    const started = performance.now();
    const records = source.read(event);
    const outcome = await forward(source.name, records, context, setup, { started, decodeMs: performance.now() - started });
    return source.respond(records, outcome) as ForwarderResponse<E>;
  };
}
