/** The replay Lambda's entry point (dist/replay/index.js exports `handler`). */
import { createReplayHandler } from './handler.js';

export const handler = createReplayHandler();
