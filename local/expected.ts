/**
 * What the intake must hold after a run, counted by the simulation itself as things happen: from the metric calls
 * the handlers made (and whose lines reached the log), the invocations it ran and the batches it delivered. Nothing
 * here reads the forwarder's output, so comparing the two checks the forwarder end to end.
 */
import { normaliseTags } from '../emitter/grammar.js';
import type { MetricTypeName, TagsInput } from '../emitter/types.js';

export interface MetricCall {
  type: MetricTypeName;
  name: string;
  value: number;
  tags?: TagsInput;
}

export interface MetricTally {
  type: MetricTypeName;
  /** Sum of the values (counts: the total). */
  sum: number;
  /** How many values (histograms: the points the distribution holds). */
  values: number;
}

type PerFunction = Record<string, number>;

const bump = (into: Record<string, number>, key: string, by = 1): void => {
  into[key] = (into[key] ?? 0) + by;
};

export class Expectations {
  readonly executions: Record<string, number> = {};
  readonly invocations: PerFunction = {};
  readonly coldStarts: PerFunction = {};
  /** Failed invocations (errors and timeouts), per function. */
  readonly errors: PerFunction = {};
  readonly timeouts: PerFunction = {};
  readonly metrics = new Map<string, MetricTally>();
  /** Latest check status per check + tag set, and how many executions set it (a repeat makes the latest ambiguous). */
  readonly checks = new Map<string, { check: string; tags: string[]; status: number; runs: number }>();
  /** MONITORING lines written that the grammar refuses, by reason. */
  readonly rejected: Record<string, number> = {};
  /** MONITORING lines written that the grammar accepts. */
  linesAccepted = 0;
  logEvents = 0;
  batches = 0;

  execution(outcome: string): void {
    bump(this.executions, outcome);
  }

  invocation(functionName: string, outcome: { coldStart: boolean; status: 'success' | 'error' | 'timeout' }): void {
    bump(this.invocations, functionName);
    if (outcome.coldStart) bump(this.coldStarts, functionName);
    if (outcome.status !== 'success') bump(this.errors, functionName);
    if (outcome.status === 'timeout') bump(this.timeouts, functionName);
  }

  /** Metric calls whose lines reached the log. */
  delivered(calls: readonly MetricCall[]): void {
    for (const call of calls) {
      const tally = this.metrics.get(call.name) ?? { type: call.type, sum: 0, values: 0 };
      tally.sum += call.value;
      tally.values++;
      this.metrics.set(call.name, tally);
      if (call.type === 'check') {
        const tags = normaliseTags(call.tags);
        const key = `${call.name}|${tags.join(',')}`;
        const previous = this.checks.get(key);
        this.checks.set(key, { check: call.name, tags, status: call.value, runs: (previous?.runs ?? 0) + 1 });
      }
    }
  }

  lines(accepted: number, rejectedReasons: readonly string[] = []): void {
    this.linesAccepted += accepted;
    for (const reason of rejectedReasons) bump(this.rejected, reason);
  }

  totalOf(record: Record<string, number>): number {
    return Object.values(record).reduce((sum, n) => sum + n, 0);
  }
}
