/** The subscriber Lambda's entry point (dist/subscriber/index.js exports `handler`): built on the first invocation. */
import type { Context } from 'aws-lambda';
import { createSubscriberHandler } from './handler.js';

let handlerInstance: ReturnType<typeof createSubscriberHandler> | undefined;

export const handler = (event: unknown, context: Context) => (handlerInstance ??= createSubscriberHandler())(event, context);
