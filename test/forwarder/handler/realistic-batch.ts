/**
 * A realistic minute of one Node.js function's logs, and the truth it carries (computed here from the generated
 * values, not by the forwarder), so tests can compare what reaches the intake with what the function wrote.
 * Per invocation: START, a plain INFO line, a raw MONITORING count, a console.log-prefixed MONITORING histogram,
 * END and REPORT (a cold start every 50th invocation).
 */
import { dataPayload, type CloudWatchPayload } from '../fixtures/awslogs.js';

export interface MinuteTruth {
  invocations: number;
  coldStarts: number;
  /** Sum of the `orders.placed` count values. */
  ordersPlaced: number;
  /** Every `checkout.latency` histogram value. */
  latencies: number[];
  /** Every REPORT Duration. */
  durations: number[];
}

export interface Minute {
  messages: Array<{ message: string; timestamp: number }>;
  truth: MinuteTruth;
}

export const EVENTS_PER_INVOCATION = 6;

/** A deterministic pseudo-random sequence (the same minute every run). */
function sequence(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function requestId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `5b1e3c2a-0f4d-4e6b-9a7c-${hex}`;
}

/** `invocations` invocations spread evenly over the minute starting at `startMs` (a whole minute, epoch ms). */
export function realisticMinute(invocations: number, startMs: number, seed = 7): Minute {
  const random = sequence(seed);
  const messages: Minute['messages'] = [];
  const truth: MinuteTruth = { invocations, coldStarts: 0, ordersPlaced: 0, latencies: [], durations: [] };
  const step = 60_000 / invocations;
  for (let i = 0; i < invocations; i++) {
    const at = Math.floor(startMs + i * step);
    const seconds = Math.floor(at / 1000);
    const id = requestId(i);
    const iso = new Date(at).toISOString();
    const orders = 1 + Math.floor(random() * 5);
    const latency = Math.round(random() * 5000) / 10;
    const duration = Math.round((5 + random() * 300) * 100) / 100;
    const cold = i % 50 === 0;
    truth.ordersPlaced += orders;
    truth.latencies.push(latency);
    truth.durations.push(duration);
    if (cold) truth.coldStarts++;
    const report =
      `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\t` +
      `Memory Size: 1024 MB\tMax Memory Used: ${60 + (i % 40)} MB\t${cold ? 'Init Duration: 182.40 ms\t' : ''}\n`;
    messages.push(
      { timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
      { timestamp: at + 1, message: `${iso}\t${id}\tINFO\tprocessing order batch of ${orders} from the queue\n` },
      { timestamp: at + 2, message: `MONITORING|${seconds}|${orders}|count|orders.placed|#env:prod,tier:${i % 3 === 0 ? 'gold' : 'basic'}\n` },
      { timestamp: at + 2, message: `${iso}\t${id}\tINFO\tMONITORING|${seconds}|${latency}|histogram|checkout.latency|#env:prod\n` },
      { timestamp: at + 3, message: `END RequestId: ${id}\n` },
      { timestamp: at + 3, message: report },
    );
  }
  return { messages, truth };
}

/** One CloudWatch payload for `messages` of function `functionName` (ids unique within the payload). */
export function payloadOf(messages: Minute['messages'], functionName = 'checkout-api'): CloudWatchPayload {
  return dataPayload(messages, { functionName });
}
