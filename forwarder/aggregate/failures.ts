/**
 * Failed invocations from error signals, counted as Lambda's own `Errors` metric counts them: one per failed
 * invocation, however many signals it wrote (Invoke Error + `Status: error` + Task timed out for one request id = 1).
 *
 * A signal without a request id was written outside any invocation the batch shows: in the init phase (INIT_REPORT
 * `Phase: init`, a crash while the module loads), or inside an invocation whose START came in an earlier batch. One
 * batch is one log stream, that is one execution environment, whose invocations run one after the other, so such a
 * signal belongs to the next failed invocation of the batch: Lambda runs a failed init again inside that invocation,
 * which then fails too (`INIT_REPORT … Phase: invoke`, `REPORT … Status: error`), and Lambda counts ONE error. It joins
 * that invocation unless a successful invocation came in between; then it is about something else and counts on its
 * own, except an init failure: that one was followed by a successful init, and Lambda counts no error for it.
 */
import { ErrorKind, type ErrorKindName, type InvocationError, type InvocationReport } from '../types.js';

/** A failed invocation: when its signals were written, and every kind of failure they showed. */
export interface Failure {
  /** Absent for a signal that joined no invocation. */
  requestId?: string;
  /** Epoch ms of the earliest signal (the metric's timestamp) and of the latest. */
  timestampMs: number;
  lastMs: number;
  kinds: Set<ErrorKindName>;
}

/** Kinds that mean the execution environment's init failed (so the invocation that ran it was a cold start). */
export const InitKinds: readonly ErrorKindName[] = [ErrorKind.InitFailure];

/**
 * Groups error signals by request id, joins each signal without one to the invocation it belongs to (see above), and
 * answers one Failure per failed invocation. `reports` are the batch's invocation reports.
 */
export function failuresOf(errors: readonly InvocationError[], reports: readonly InvocationReport[] = []): Failure[] {
  const byRequest = new Map<string, Failure>();
  const orphans: InvocationError[] = [];
  for (const error of errors) {
    if (error.requestId === undefined) {
      orphans.push(error);
      continue;
    }
    const known = byRequest.get(error.requestId);
    if (known === undefined) {
      byRequest.set(error.requestId, { requestId: error.requestId, timestampMs: error.timestamp, lastMs: error.timestamp, kinds: new Set([error.kind]) });
    } else {
      known.kinds.add(error.kind);
      known.timestampMs = Math.min(known.timestampMs, error.timestamp);
      known.lastMs = Math.max(known.lastMs, error.timestamp);
    }
  }
  const failed = [...byRequest.values()];
  if (orphans.length === 0) return failed;

  const byLastSignal = [...failed].sort((a, b) => a.lastMs - b.lastMs);
  const successes = reports.filter((report) => !byRequest.has(report.requestId)).map((report) => report.timestamp);
  const succeededWithin = (fromMs: number, toMs: number): boolean => successes.some((at) => at >= fromMs && at < toMs);
  const alone: Failure[] = [];
  for (const orphan of orphans) {
    const next = byLastSignal.find((failure) => failure.lastMs >= orphan.timestamp);
    if (next !== undefined && !succeededWithin(orphan.timestamp, next.timestampMs)) {
      next.kinds.add(orphan.kind);
      next.timestampMs = Math.min(next.timestampMs, orphan.timestamp);
    } else if (!(orphan.kind === ErrorKind.InitFailure && succeededWithin(orphan.timestamp, Infinity))) {
      alone.push({ timestampMs: orphan.timestamp, lastMs: orphan.timestamp, kinds: new Set([orphan.kind]) });
    }
  }
  return [...failed, ...alone];
}
