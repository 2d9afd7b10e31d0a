/** The `from`/`to` query parameters of the intake's read paths: epoch seconds, both ends included. */
import { inTimeRange, type TimeRange } from '../store.js';

/** `from` and `to` (epoch seconds, both optional, both ends included), or the reason they cannot be read. */
export function timeRangeOf(params: URLSearchParams): { ok: true; range: TimeRange } | { ok: false; error: string } {
  const range: TimeRange = {};
  for (const end of ['from', 'to'] as const) {
    const text = params.get(end);
    if (text === null || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, error: `${end} must be epoch seconds, got ${JSON.stringify(text)}` };
    range[end] = value;
  }
  return { ok: true, range };
}

/** Whether a point is stamped within the range. */
export const inRange =
  (range: TimeRange) =>
  (point: { timestamp: number }): boolean =>
    inTimeRange(range, point.timestamp);
