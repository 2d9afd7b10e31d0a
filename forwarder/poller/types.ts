/** The plain data the poller works with. */
import type { FetchErrorKindName } from '../enrich/function-tags-policy.js';
import type { PolledMetrics, PollerApi } from './constants.js';

/** How the functions to poll are chosen: exactly one of the three settings. */
export type FunctionSelector =
  | { kind: 'names'; names: string[] }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'tag'; key: string; value: string };

export interface PollerSettings {
  selector: FunctionSelector;
  windowMinutes: number;
}

export type PolledMetric = (typeof PolledMetrics)[number];
export type PollerApiName = (typeof PollerApi)[keyof typeof PollerApi];

/** One GetMetricData query and what it stands for. */
export interface PlannedQuery {
  /** The query Id (unique within a run; CloudWatch wants a lowercase letter first, then letters, digits, `_`). */
  id: string;
  functionName: string;
  metric: PolledMetric;
}

/** The time range of one run, in epoch seconds, whole minutes: [start, end). */
export interface PollWindow {
  startSec: number;
  endSec: number;
}

/** One result of GetMetricData, reduced to what the poller uses. */
export interface QueryResult {
  id: string;
  /** Epoch milliseconds, as the SDK's Date objects give them. */
  timestampsMs: number[];
  values: number[];
}

/** A read that failed: counted, logged, never thrown out of the run. */
export interface PollError {
  api: PollerApiName;
  reason: FetchErrorKindName;
  /** The error's name only (never a message that could quote a request). */
  name: string;
}
