/** The poller Lambda's entry point (dist/poller/index.js exports `handler`). */
import { createPollerHandler } from './handler.js';

export const handler = createPollerHandler();
