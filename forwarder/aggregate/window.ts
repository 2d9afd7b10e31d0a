/** Datadog refuses points more than 1 hour old or more than 10 minutes ahead (wire-formats §4): drop them here. */
import { DropReason, type DropReasonName } from '../types.js';

export const TimeWindow = {
  maxAgeSeconds: 60 * 60,
  maxAheadSeconds: 10 * 60,
} as const;

/** Why a point stamped `timestampSec` cannot be sent at `nowSec`, or undefined when it can. */
export function outsideWindow(timestampSec: number, nowSec: number): DropReasonName | undefined {
  if (timestampSec < nowSec - TimeWindow.maxAgeSeconds) return DropReason.TooOld;
  if (timestampSec > nowSec + TimeWindow.maxAheadSeconds) return DropReason.TooNew;
  return undefined;
}

/** DogStatsD's 10-second bucket: points of one series in one bucket are pre-aggregated into one point. */
export const BUCKET_SECONDS = 10;

export function bucketOf(timestampSec: number): number {
  return Math.floor(timestampSec / BUCKET_SECONDS) * BUCKET_SECONDS;
}

export function msToSeconds(timestampMs: number): number {
  return Math.floor(timestampMs / 1000);
}
