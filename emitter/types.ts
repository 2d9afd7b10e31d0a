import type { CheckStatus, MetricType, RejectReason } from './constants.js';

export type MetricTypeName = (typeof MetricType)[keyof typeof MetricType];
export type CheckStatusValue = (typeof CheckStatus)[keyof typeof CheckStatus];
export type RejectReasonName = (typeof RejectReason)[keyof typeof RejectReason];

/** Tags as users write them: `{ env: 'prod' }` or `['env:prod', 'canary']`. */
export type TagsInput =
  | Readonly<Record<string, string | number | boolean | null | undefined>>
  | readonly string[];

/** One metric point in the MONITORING grammar: what a line says, already validated and normalised. */
export interface MonitoringPoint {
  name: string;
  type: MetricTypeName;
  value: number;
  /** Unix epoch seconds. */
  timestamp: number;
  /** Normalised, sorted, without duplicates. */
  tags: string[];
}

export type ParseResult =
  | { ok: true; point: MonitoringPoint }
  | { ok: false; reason: RejectReasonName; detail: string };
