/**
 * What every benchmark here shares: interleaved rounds (the machine is shared and noisy, so every task runs once per
 * round in a rotating order, after a warm-up: a burst of load hits all of them alike), medians and bests, the load
 * average, and one way to print a figure.
 */
import { loadavg } from 'node:os';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export const line = (label: string, value: string): void => console.log(`${label.padEnd(62)} ${value}`);

export const loadAverage = (): string => (loadavg()[0] ?? 0).toFixed(2);

export type Rounds<Name extends string> = Record<Name, number[]>;

/** Runs every task once per round, rotating the order; returns each task's times (ms) after the warm-up rounds. */
export function interleaved<Name extends string>(tasks: Record<Name, () => void>, rounds: number, warmup: number): Rounds<Name> {
  const names = Object.keys(tasks) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Rounds<Name>;
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as Name;
      const start = process.hrtime.bigint();
      tasks[name]();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (round >= warmup) times[name].push(ms);
    }
  }
  return times;
}

/** `median x ms, best y ms`. */
export function figure(times: readonly number[]): string {
  return `median ${median(times).toFixed(2)} ms, best ${Math.min(...times).toFixed(2)} ms`;
}

/** The median of per-round ratios a[i] / b[i]: each round's work over the same round's floor. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => value / (b[i] as number)));
}
