/** The local runner's command line: `npm start -- [--once] [--port 8765] [--executions 12] …`. Pure. */
import { LocalIntake } from '../intake/constants.js';
import type { LogFormatName } from './types.js';

export interface RunOptions {
  /** The intake's port; 0 picks a free one. */
  port: number;
  /** Run a fixed number of executions, print the summary, check the totals and exit. */
  once: boolean;
  /** Executions in a --once run (and per round without it). */
  executions: number;
  /** Executions in flight at once. */
  concurrency: number;
  logFormat: LogFormatName;
  seed: number;
  /** Real milliseconds each Wait state of the state machine lasts (0: as fast as possible). */
  waitMs: number;
  /** How often buffered log events go to the forwarder, as CloudWatch's subscription delivery would send them. */
  deliveryMs: number;
  /** Pause between rounds of executions when running without --once. */
  pauseMs: number;
  /** How log batches reach the forwarder: a direct subscription, or a Kinesis stream read by an event source mapping. */
  source: DeliverySource;
}

export const DeliverySources = ['direct', 'kinesis'] as const;
export type DeliverySource = (typeof DeliverySources)[number];

export const DefaultRunOptions: RunOptions = {
  port: LocalIntake.defaultPort,
  once: false,
  executions: 12,
  concurrency: 4,
  logFormat: 'text',
  seed: 42,
  waitMs: 250,
  deliveryMs: 1_000,
  pauseMs: 5_000,
  source: 'direct',
};

export const USAGE = `Usage: npm start -- [options]

  --once               run --executions executions, print the summary, check the intake's totals, exit
  --port N             local intake port (default ${LocalIntake.defaultPort}; 0 = any free port)
  --executions N       executions per round (default 12)
  --concurrency N      executions in flight at once (default 4)
  --log-format F       text or json: Lambda's log format for the simulated functions (default text)
  --seed N             seed of the simulation's random choices (default 42)
  --wait-ms N          real milliseconds per Wait state (default 250; --once uses 0 unless given)
  --source S           direct (default): each log stream's batch invokes the forwarder, as a subscription filter does;
                       kinesis: batches go into a Kinesis stream (kinesalite, in this process) that an event source
                       mapping reads, as with an account-wide subscription into a stream
  --help               this text

With DD_API_KEY set (and DD_SITE, default datadoghq.com), the forwarder ships to Datadog instead of the local intake.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const NUMBERS = { '--port': 'port', '--executions': 'executions', '--concurrency': 'concurrency', '--seed': 'seed', '--wait-ms': 'waitMs' } as const;
const LIMITS: Record<(typeof NUMBERS)[keyof typeof NUMBERS], [number, number]> = {
  port: [0, 65_535],
  executions: [1, 10_000],
  concurrency: [1, 64],
  seed: [0, 2 ** 32 - 1],
  waitMs: [0, 60_000],
};

/** Parses argv (without node and the script). Returns 'help' for --help. */
export function parseRunOptions(argv: readonly string[]): RunOptions | 'help' {
  const options: RunOptions = { ...DefaultRunOptions };
  let waitGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const text = inline ?? argv[++i];
      if (text === undefined) throw new UsageError(`${flag} needs a value`);
      return text;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--once') options.once = true;
    else if (flag === '--log-format') {
      const format = value();
      if (format !== 'text' && format !== 'json') throw new UsageError(`--log-format must be text or json, got "${format}"`);
      options.logFormat = format;
    } else if (flag === '--source') {
      const source = value();
      if (!(DeliverySources as readonly string[]).includes(source)) throw new UsageError(`--source must be ${DeliverySources.join(' or ')}, got "${source}"`);
      options.source = source as DeliverySource;
    } else if (flag in NUMBERS) {
      const key = NUMBERS[flag as keyof typeof NUMBERS];
      const text = value();
      const number = Number(text);
      const [min, max] = LIMITS[key];
      if (!/^\d+$/.test(text) || number < min || number > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
      options[key] = number;
      if (key === 'waitMs') waitGiven = true;
    } else throw new UsageError(`unknown option "${flag}"`);
  }
  if (options.once && !waitGiven) options.waitMs = 0;
  return options;
}
