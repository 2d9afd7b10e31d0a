/**
 * Which stored points Datadog would still take at replay time. Pure.
 *
 * Datadog takes points up to 1 hour old (wire-formats §4). Series (count/rate/gauge) could go further back only with
 * Datadog's "historical metrics ingestion" enabled for the metric, and distributions never can ("no history
 * ingestion"): so the replay applies the same 1-hour window to every kind. A point outside it is dropped from the
 * payload and COUNTED (forwarder.expired), never sent to be silently discarded by Datadog.
 */
import { outsideWindow } from '../aggregate/window.js';
import type { PayloadItems } from '../ship/types.js';

export interface ExpiryResult {
  items: PayloadItems;
  /** Values (distributions), points (series) or check runs taken out. */
  expired: number;
}

export function dropExpired(payload: PayloadItems, nowSec: number): ExpiryResult {
  const fresh = (timestamp: number) => outsideWindow(timestamp, nowSec) === undefined;
  let expired = 0;
  switch (payload.kind) {
    case 'distributions': {
      const items = payload.items
        .map((series) => {
          const points = series.points.filter(([timestamp, values]) => fresh(timestamp) || ((expired += values.length), false));
          return { ...series, points };
        })
        .filter((series) => series.points.length > 0);
      return { items: { kind: payload.kind, items }, expired };
    }
    case 'series': {
      const items = payload.items
        .map((series) => ({ ...series, points: series.points.filter((point) => fresh(point.timestamp) || (expired++, false)) }))
        .filter((series) => series.points.length > 0);
      return { items: { kind: payload.kind, items }, expired };
    }
    case 'checks': {
      const items = payload.items.filter((check) => fresh(check.timestamp) || (expired++, false));
      return { items: { kind: payload.kind, items }, expired };
    }
  }
}
