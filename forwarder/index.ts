/** The forwarder Lambda's entry point (dist/forwarder/index.js exports `handler`). */
import { createHandler } from './handler.js';

export const handler = createHandler();
