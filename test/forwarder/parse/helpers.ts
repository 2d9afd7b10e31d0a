import { parseBatch } from '../../../forwarder/parse/index.js';
import type { LogBatch, ParsedBatch } from '../../../forwarder/types.js';

export const EVENT_MS = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A LogBatch of the given messages (one log event each, 1 ms apart), parsed. */
export function parseMessages(messages: readonly string[]): ParsedBatch {
  const batch: LogBatch = {
    owner: '123456789012',
    logGroup: '/aws/lambda/checkout-api',
    logStream: '2025/01/15/[$LATEST]abc',
    functionName: 'checkout-api',
    events: messages.map((message, i) => ({ id: String(i), timestamp: EVENT_MS + i, message })),
  };
  return parseBatch(batch);
}
