/**
 * The default FailureSink: keeps nothing, logs loudly. One structured error line with counts only (never a body,
 * never a header, so never the key). A durable sink (S3, for replay) implements the same interface.
 */
import type { FailureMeta, FailureSink, Payload } from './types.js';

/** The part of a logger the sink needs (powertools Logger fits). */
export interface ErrorLogger {
  error(message: string, attributes: Record<string, unknown>): void;
}

export function logOnlyFailureSink(logger: ErrorLogger): FailureSink {
  return {
    async store(payloads: Payload[], meta: FailureMeta) {
      logger.error('Undelivered payloads after a partial delivery: NOT stored for replay (log-only failure sink)', {
        undelivered: summarise(payloads),
        ...meta,
      });
      return { stored: 0 };
    },
  };
}

/** Counts per kind: payloads, points and compressed bytes. */
export function summarise(payloads: readonly Payload[]): Record<string, { payloads: number; points: number; bytes: number }> {
  const summary: Record<string, { payloads: number; points: number; bytes: number }> = {};
  for (const payload of payloads) {
    const entry = (summary[payload.kind] ??= { payloads: 0, points: 0, bytes: 0 });
    entry.payloads++;
    entry.points += payload.pointCount;
    entry.bytes += payload.body.length;
  }
  return summary;
}
