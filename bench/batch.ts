/**
 * The benchmark's batch (issue 14): per ten log events, one START, six MONITORING, two plain lines and one REPORT,
 * written as the Lambda Node.js runtime writes them (every message ends in `\n`; MONITORING lines half behind the
 * console prefix `<time>\t<requestId>\tINFO\t`, half raw as the emitter flushes them). 60 % MONITORING, 20 % plain,
 * 10 % REPORT, 10 % START. Deterministic: the same arguments give the same bytes.
 */
import { dataPayload, toAwslogsEvent, type AwslogsEvent } from '../test/forwarder/fixtures/awslogs.js';

export interface BenchBatchOptions {
  /** Log events in the whole batch (split evenly over the log groups). */
  events: number;
  /** Epoch ms of the first event. */
  startMs: number;
  /** Log groups (functions) the events are spread over: one subscription event each. Default 1. */
  logGroups?: number;
  /** The function of a single log group (default checkout-api); several are named checkout-api-<n>. */
  functionName?: string;
  /**
   * `monitoring` (default): every metric line is a MONITORING line. `mixed`: per invocation, two of the six metric
   * lines are datadog-lambda points (`{"m","v","e","t"}` behind the runtime prefix) and one is an EMF object holding
   * two metrics (as Powertools Metrics flushes it: no prefix), so one batch holds every dialect the forwarder reads.
   */
  dialects?: 'monitoring' | 'mixed';
}

export interface BenchBatch {
  /** One subscription event per log group. */
  events: AwslogsEvent[];
  monitoringLines: number;
  invocations: number;
  /** Decoded JSON bytes, summed over the log groups. */
  jsonBytes: number;
  /** A `now` just after the last event. */
  now: number;
}

const TIERS = ['gold', 'silver', 'bronze'] as const;
const PLAIN = ['processing 25 records from the queue', 'fetched customer profile in 12ms', 'order validated, reserving stock'] as const;
/** Per group of ten events: START, MONITORING ×6, plain ×2, REPORT. */
const EVENTS_PER_INVOCATION = 10;

function requestId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `6234bffe-149a-4642-81ff-${hex}`;
}

/** The messages of one log group, `count` of them, from `clock` on (1 ms apart). */
/**
 * The shapes the clients write (test/forwarder/parse/dialects.test.ts holds lines from the real clients): datadog-lambda-js
 * points carry the `dd_lambda_layer` tag; Powertools writes one EMF object per flush with its service dimension.
 */
function datadogLambdaPoint(name: string, value: number, second: number, tier: string): string {
  return JSON.stringify({ e: second, m: name, t: [`tier:${tier}`, 'dd_lambda_layer:datadog-nodev24.0.0'], v: value });
}

function emfObject(second: number, latency: number, items: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: second * 1000,
      CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'CheckoutLatency', Unit: 'Milliseconds' }, { Name: 'CartItems', Unit: 'Count' }] }],
    },
    service: 'checkout',
    CheckoutLatency: latency,
    CartItems: items,
  });
}

function messagesFor(count: number, clock: number, counters: { monitoring: number; invocations: number }, mixed: boolean): Array<{ message: string; timestamp: number }> {
  const out: Array<{ message: string; timestamp: number }> = [];
  let n = 0;
  while (out.length < count) {
    const id = requestId(counters.invocations + n);
    const second = Math.floor(clock / 1000);
    const iso = new Date(clock).toISOString();
    const tier = TIERS[n % TIERS.length] ?? 'gold';
    const lines = [
      `START RequestId: ${id} Version: $LATEST\n`,
      `${iso}\t${id}\tINFO\tMONITORING|${second}|${1 + (n % 5)}|count|orders.items|#env:prod,tier:${tier}\n`,
      `${iso}\t${id}\tINFO\t${PLAIN[n % PLAIN.length] ?? ''}\n`,
      `${iso}\t${id}\tINFO\tMONITORING|${second}|${(n % 997) / 10}|histogram|checkout.latency|#env:prod,tier:${tier}\n`,
      `${iso}\t${id}\tINFO\tMONITORING|${second}|1|count|orders.placed|#env:prod\n`,
      `MONITORING|${second}|${n % 100}|gauge|queue.depth|#queue:orders\n`,
      `MONITORING|${second}|${(n % 50) * 3}|distribution|payment.amount|#currency:eur\n`,
      `${iso}\t${id}\tINFO\t${PLAIN[(n + 1) % PLAIN.length] ?? ''}\n`,
      `MONITORING|${second}|1|count|orders.shipped|#env:prod,tier:${tier}\n`,
      `REPORT RequestId: ${id}\tDuration: ${(12 + (n % 400) / 7).toFixed(2)} ms\tBilled Duration: ${13 + (n % 57)} ms\tMemory Size: 1024 MB\tMax Memory Used: ${70 + (n % 30)} MB\t\n`,
    ];
    if (mixed) {
      lines[4] = `${iso}\t${id}\tINFO\t${datadogLambdaPoint('orders.placed', 1, second, tier)}\n`;
      lines[5] = `${iso}\t${id}\tINFO\t${datadogLambdaPoint('queue.depth', n % 100, second, tier)}\n`;
      lines[6] = `${emfObject(second, (n % 997) / 10, 1 + (n % 7))}\n`;
    }
    for (const message of lines.slice(0, Math.min(EVENTS_PER_INVOCATION, count - out.length))) {
      if (message.includes('MONITORING|')) counters.monitoring++;
      out.push({ message, timestamp: clock++ });
    }
    n++;
  }
  counters.invocations += n;
  return out;
}

export function buildBenchBatch(options: BenchBatchOptions): BenchBatch {
  const groups = options.logGroups ?? 1;
  const counters = { monitoring: 0, invocations: 0 };
  const events: AwslogsEvent[] = [];
  let clock = options.startMs;
  let jsonBytes = 0;
  for (let g = 0; g < groups; g++) {
    const count = Math.floor(options.events / groups) + (g < options.events % groups ? 1 : 0);
    const messages = messagesFor(count, clock, counters, options.dialects === 'mixed');
    clock += count;
    const payload = dataPayload(messages, { functionName: groups === 1 ? (options.functionName ?? 'checkout-api') : `checkout-api-${g}` });
    jsonBytes += Buffer.byteLength(JSON.stringify(payload));
    events.push(toAwslogsEvent(payload));
  }
  return { events, monitoringLines: counters.monitoring, invocations: counters.invocations, jsonBytes, now: clock + 1000 };
}
