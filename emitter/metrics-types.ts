/** The public types of a Metrics instance: its options and what it reports about rejected calls. */
import type { RejectReasonName, TagsInput } from './types.js';

/** Where text goes: one call per write. Default: process.stdout.write (stdout) and process.stderr.write (warnings). */
export type OutputFn = (text: string) => void;

/** Environment variables as process.env holds them. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface MetricsOptions {
  /** Tags on every metric of this instance, merged with MONITORING_TAGS and DD_ENV/DD_SERVICE/DD_VERSION. */
  tags?: TagsInput;
  /** Put in front of every metric name (joined with `.`); overrides MONITORING_PREFIX. */
  prefix?: string;
  /** Throw MetricsValidationError on a bad call instead of counting it; overrides MONITORING_STRICT. */
  strict?: boolean;
  /** Validate and count, but write nothing; overrides MONITORING_DISABLED. */
  disabled?: boolean;
  /** Buffered lines that trigger an early flush (default 5,000). */
  maxBufferedLines?: number;
  /** Cached names and tag inputs before the caches are emptied (default 10,000). */
  maxCachedEntries?: number;
  /** Receives each write of MONITORING lines. */
  output?: OutputFn;
  /** Receives each warning line. */
  errorOutput?: OutputFn;
  /** Clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  /** Where MONITORING_* and DD_* are read from (default process.env). */
  env?: EnvVars;
}

/** Calls rejected since the instance was created. */
export interface RejectionCounts {
  total: number;
  byReason: Partial<Record<RejectReasonName, number>>;
}

/** What the handler wrappers need of a Metrics instance: typed structurally, so copies from either build fit. */
export interface Flushable {
  flush(): void;
}
