/** The plain data the local intake stores, answers with and takes as options. */
import type { DropReason, Encoding, Percentiles, SeriesKindByNumber } from './constants.js';

export type EncodingName = (typeof Encoding)[keyof typeof Encoding];
export type SeriesKind = (typeof SeriesKindByNumber)[number];
export type MetricKind = SeriesKind | 'distribution';
export type PercentileName = `p${(typeof Percentiles)[number]}`;

/** Tags to match: every listed tag must be on the series. `'a:b,c:d'`, `['a:b']` or `{ a: 'b' }`. */
export type TagFilter = string | readonly string[] | Readonly<Record<string, string | number | boolean>>;

/** One stored series point (count, rate, gauge): the last value received for metric + tags + timestamp. */
export interface SeriesPoint {
  metric: string;
  kind: SeriesKind;
  tags: string[];
  /** Epoch seconds. */
  timestamp: number;
  value: number;
}

/** count, sum, min, max, avg and percentiles of a set of distribution values. NaN (null in JSON) when empty. */
export type DistributionStats = {
  count: number;
  sum: number;
  min: number;
  max: number;
  avg: number;
} & Record<PercentileName, number>;

export interface StoredCheckRun {
  check: string;
  status: number;
  tags: string[];
  hostName?: string;
  message?: string;
  /** Epoch seconds: the run's own timestamp, or the time it was received. */
  timestamp: number;
}

export type DropReasonName = (typeof DropReason)[keyof typeof DropReason];

/** A point Datadog would have accepted with 202 and then silently not stored. */
export interface DroppedPoint {
  metric: string;
  kind: MetricKind;
  timestamp: number;
  reason: DropReasonName;
}

export interface MetricSummary {
  metric: string;
  kind: MetricKind;
  /** Each distinct tag set seen, sorted. */
  tagSets: string[][];
}

/** One request to a Datadog path, as the intake saw it. The API key is never kept: only whether it was valid. */
export interface RequestRecord {
  seq: number;
  /** Epoch ms (from the injected clock). */
  receivedAt: number;
  method: string;
  path: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  encoding?: string;
  /** Body size as sent. */
  bytes: number;
  /** Body size after decompression, when it got that far. */
  decodedBytes?: number;
  apiKey: 'valid' | 'invalid' | 'missing';
  fault?: FaultKind | 'down';
  errors?: string[];
}

export type FaultKind = 'status' | 'delay' | 'drop' | 'late_answer';

/** What the next matching request(s) suffer. */
export type Fault =
  | { kind: 'status'; status: number; /** for 429: the X-RateLimit-Reset header, seconds */ rateLimitResetSeconds?: number }
  | { kind: 'delay'; delayMs: number }
  /**
   * Stored on receipt, answered `delayMs` later: what a slow Datadog intake looks like to a client that gives up
   * first (the payload is kept although no answer came; a resend stores it again).
   */
  | { kind: 'late_answer'; delayMs: number }
  | { kind: 'drop' };

/** A fault for the next `times` requests (default 1), to one Datadog path or (no endpoint) to any of them. */
export type FaultRule = Fault & { times?: number; endpoint?: string };

/** What a route answers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of `body` as JSON (the local page's HTML, script and styles); set Content-Type in headers. */
  raw?: string | Buffer;
}

export interface IntakeOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keys accepted in DD-API-KEY. */
  apiKeys: readonly string[];
  /** Epoch milliseconds; inject a fixed clock in tests. Defaults to Date.now. */
  now?: () => number;
}
