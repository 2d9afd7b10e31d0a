/**
 * What the intake must hold from the client functions, counted by the runner from what it asked each function to
 * write (and what each client documents it writes on its own): per metric and function, how many values and their
 * sum. Nothing here reads the forwarder's output; rows() compares with the intake as check.ts does for the pipeline.
 */
import type { IntakeStore } from '../intake/store.js';
import type { CheckRow } from './check.js';

interface ClientTally {
  metric: string;
  functionName: string;
  values: number;
  sum: number;
}

type StoreView = Pick<IntakeStore, 'distributionTotals'>;

export class ClientExpectations {
  private readonly tallies = new Map<string, ClientTally>();
  /** Client function invocations that failed (none is planned: any is a broken client or worker). */
  failures = 0;

  /** Values of `metric` (its Datadog name) that function `functionName` wrote and whose lines reached the log. */
  add(metric: string, functionName: string, values: readonly number[]): void {
    const key = `${metric}|${functionName}`;
    const tally = this.tallies.get(key) ?? { metric, functionName, values: 0, sum: 0 };
    tally.values += values.length;
    tally.sum += values.reduce((a, b) => a + b, 0);
    this.tallies.set(key, tally);
  }

  /** Each metric as a distribution of the function's `functionname` tag: value count and sum, exactly. */
  rows(store: StoreView): CheckRow[] {
    const rows: CheckRow[] = [];
    const row = (what: string, want: number, got: number) => rows.push({ what, expected: want, actual: got, ok: want === got });
    const sorted = [...this.tallies.values()].sort((a, b) => a.functionName.localeCompare(b.functionName) || a.metric.localeCompare(b.metric));
    for (const t of sorted) {
      const held = store.distributionTotals(t.metric, { functionname: t.functionName });
      row(`${t.metric} ${t.functionName} (values)`, t.values, held.count);
      row(`${t.metric} ${t.functionName} (sum)`, t.sum, held.sum);
    }
    row('client function invocations that failed', 0, this.failures);
    return rows;
  }
}
