/** Sends payloads concurrently (bounded by p-limit) and reports what was acknowledged and what was not. */
import pLimit from 'p-limit';
import { sendPayload, type SendOptions } from './send.js';
import type { Payload, ShipReport } from './types.js';

export interface ShipOptions extends SendOptions {
  concurrency: number;
}

export function emptyReport(): ShipReport {
  return { acked: [], failed: [], requests: [], retries: 0, oversize: [], ambiguousResends: [] };
}

export async function ship(payloads: readonly Payload[], options: ShipOptions, report: ShipReport = emptyReport()): Promise<ShipReport> {
  const limit = pLimit(Math.max(1, options.concurrency));
  await Promise.all(payloads.map((payload) => limit(() => sendPayload(payload, options, report))));
  return report;
}
