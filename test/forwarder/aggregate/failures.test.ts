/**
 * Errors counted as Lambda's own `Errors` metric counts them: one per failed invocation. An init failure is not an
 * invocation: Lambda runs the failed init again inside the next invocation, which then fails (AWS Lambda developer
 * guide, "Understand the Lambda execution environment lifecycle": Init is retried at the first invocation; the log
 * lines are wire-formats §3's `INIT_REPORT … Phase: init|invoke … Status: error` and `REPORT … Status: error`).
 * The batches here are log lines as Lambda writes them, through the real parse and aggregate.
 */
import { failuresOf } from '../../../forwarder/aggregate/failures.js';
import { platformNames } from '../../../forwarder/metric-names.js';
import { processEvent } from '../../../forwarder/pipeline.js';
import type { InvocationError, InvocationReport } from '../../../forwarder/types.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { Json, RequestIds, T0, Text } from '../fixtures/lines.js';

const { a, b, c } = RequestIds;
const P = platformNames().platform;

const initFailed = `INIT_REPORT Init Duration: 812.40 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError\n`;
const initFailedAgain = `INIT_REPORT Init Duration: 790.02 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError\n`;
const nodeInitCrash = `2025-01-15T12:00:00.010Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Error","errorMessage":"cannot load config","stack":["Error: cannot load config"]}\n`;
const failedReport = (id: string) => `REPORT RequestId: ${id}\tDuration: 791.00 ms\tBilled Duration: 1604 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: error\tError Type: Runtime.ExitError\n`;
const goodReport = (id: string) => `REPORT RequestId: ${id}\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 640.00 ms\t\n`;

/** Sums and tag sets of the platform metrics of one batch of messages (one log event each, 1 ms apart). */
function run(messages: readonly string[]) {
  const result = processEvent(toAwslogsEvent(dataPayload(messages, { startMs: T0 * 1000 })), { now: (T0 + 60) * 1000, region: 'us-east-1' });
  const series = (metric: string) => result.outbound.distributions.filter((d) => d.metric === metric);
  const sum = (metric: string) => series(metric).reduce((s, d) => s + d.points.reduce((t, [, values]) => t + values.reduce((u, v) => u + v, 0), 0), 0);
  const coldStartTags = (metric: string) => series(metric).map((d) => d.tags.find((tag) => tag.startsWith('cold_start:')));
  return { stats: result.stats, sum, coldStartTags };
}

describe('an init failure and the invocation that fails with it', () => {
  it('count one error, as Lambda does (today: two)', () => {
    const batch = run([nodeInitCrash, initFailed, `START RequestId: ${a} Version: $LATEST\n`, nodeInitCrash, initFailedAgain, `END RequestId: ${a}\n`, failedReport(a)]);
    expect(batch.stats.errors).toBe(1);
    expect(batch.sum(P.Errors)).toBe(1);
    expect(batch.sum(P.Invocations)).toBe(1);
  });

  it('make that invocation a cold start on every one of its metrics, though its REPORT has no Init Duration', () => {
    const batch = run([initFailed, `START RequestId: ${a} Version: $LATEST\n`, initFailedAgain, `END RequestId: ${a}\n`, failedReport(a)]);
    for (const metric of [P.Invocations, P.Errors, P.Duration, P.BilledDuration, P.MaxMemoryUsed, P.MemorySize, P.EstimatedCost]) {
      expect([metric, batch.coldStartTags(metric)]).toEqual([metric, ['cold_start:true']]);
    }
  });

  it('in the JSON log format too (platform.initReport, then the invocation that fails)', () => {
    const record = (type: string, body: Record<string, unknown>) => JSON.stringify({ time: '2025-01-15T12:00:00.100Z', type, record: body });
    const batch = run([
      Json.initReportError,
      record('platform.start', { requestId: c, version: '$LATEST' }),
      record('platform.initReport', { initializationType: 'on-demand', phase: 'invoke', status: 'error', errorType: 'Runtime.ExitError' }),
      record('platform.report', { requestId: c, status: 'error', errorType: 'Runtime.ExitError', metrics: { durationMs: 790, billedDurationMs: 1604, memorySizeMB: 128, maxMemoryUsedMB: 40 } }),
    ]);
    expect(batch.stats.errors).toBe(1);
    expect(batch.coldStartTags(P.Duration)).toEqual(['cold_start:true']);
  });

  it('count no error when the init run again inside the invocation succeeds (Lambda counts none)', () => {
    const batch = run([initFailed, `START RequestId: ${b} Version: $LATEST\n`, `END RequestId: ${b}\n`, goodReport(b)]);
    expect(batch.stats.errors).toBe(0);
    expect(batch.sum(P.Invocations)).toBe(1);
  });

  it('an init failure with no invocation in the batch still counts once (its invocation may be in the next batch, or never come)', () => {
    expect(run([initFailed]).stats.errors).toBe(1);
  });
});

describe('signals without a request id (failuresOf)', () => {
  const at = (second: number) => (T0 + second) * 1000;
  const report = (requestId: string, second: number): InvocationReport => ({ requestId, timestamp: at(second), durationMs: 1 });

  it('join the next failed invocation, keeping its kinds and the earliest time', () => {
    const errors: InvocationError[] = [
      { timestamp: at(1), kind: 'init_failure' },
      { timestamp: at(1), kind: 'unhandled' },
      { requestId: 'r1', timestamp: at(3), kind: 'timeout' },
    ];
    expect(failuresOf(errors, [report('r1', 3)])).toEqual([{ requestId: 'r1', timestampMs: at(1), lastMs: at(3), kinds: new Set(['timeout', 'init_failure', 'unhandled']) }]);
  });

  it('written inside an invocation whose START came in an earlier batch, join it (a heap OOM between its error and its REPORT)', () => {
    const errors: InvocationError[] = [
      { requestId: 'r1', timestamp: at(1), kind: 'unhandled' },
      { timestamp: at(2), kind: 'out_of_memory' },
      { requestId: 'r1', timestamp: at(3), kind: 'out_of_memory' },
    ];
    expect(failuresOf(errors, [report('r1', 3)])).toHaveLength(1);
  });

  it('count on their own when a successful invocation came between them and the next failure', () => {
    const errors: InvocationError[] = [
      { timestamp: at(1), kind: 'out_of_memory' },
      { requestId: 'r2', timestamp: at(5), kind: 'unhandled' },
    ];
    const failures = failuresOf(errors, [report('ok', 2), report('r2', 5)]);
    expect(failures.map((f) => [f.requestId, [...f.kinds]])).toEqual([['r2', ['unhandled']], [undefined, ['out_of_memory']]]);
  });
});

it('a timeout written three ways (Task timed out, Status: timeout, REPORT) is one error and one timeout', () => {
  const batch = run([`START RequestId: ${a} Version: $LATEST\n`, Text.taskTimedOut, `END RequestId: ${a}\n`, Text.reportTimeout]);
  expect([batch.sum(P.Errors), batch.sum(P.Timeouts)]).toEqual([1, 1]);
  expect(batch.coldStartTags(P.Timeouts)).toEqual(['cold_start:false']);
});
