/**
 * Peer parity for invocation failure signals: the out-of-memory and timeout cases of the Datadog Forwarder's own
 * enhanced-metrics tests agree with ours (kind, value, metric type).
 *
 * Data, not code, from DataDog/datadog-serverless-functions at b9af797e0266b2be4011a94147419089833605c5,
 * aws/logs_monitoring/tests/test_enhanced_lambda_metrics.py (test_create_out_of_memory_enhanced_metric,
 * test_generate_enhanced_lambda_metrics_timeout, test_generate_enhanced_lambda_metrics_out_of_memory,
 * timeout_json_report) and the approved files beside it (aws.lambda.enhanced.timeouts / .out_of_memory, value 1.0).
 *
 * Where we differ on purpose: the Datadog Forwarder counts an OOM hint anywhere in any message; we count it only
 * where the runtime or platform writes it (errors.test.ts, signal-precision.test.ts), so each case below is the line
 * as a runtime writes it. Its points are stamped in milliseconds (its known bug); ours in seconds.
 */
import { platformNames } from '../../../forwarder/metric-names.js';
import { processEvent } from '../../../forwarder/pipeline.js';
import { ErrorKind } from '../../../forwarder/types.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { parseMessages } from './helpers.js';

/** create_out_of_memory_enhanced_metric cases: each message counts as one out-of-memory failure (or none). */
const OutOfMemoryMessages = {
  go: 'fatal error: runtime: out of memory',
  java: 'Requested array size exceeds VM limit: java.lang.OutOfMemoryError',
  node: 'FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - JavaScript heap out of memory',
  ruby: 'failed to allocate memory (NoMemoryError)',
} as const;

/** The whole-event fixtures of the timeout and out-of-memory tests (space separated, two newlines). */
const Events = {
  timeout: '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 Task timed out after 3.00 seconds\n\n',
  nodeOom: '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - JavaScript heap out of memory\n\n',
  timeoutJsonReport: JSON.stringify({
    time: '2024-10-18T19:38:39.661Z',
    type: 'platform.report',
    record: {
      requestId: 'b441820a-ebe5-4d5f-93bc-f945707b0225',
      metrics: { durationMs: 30000.0, billedDurationMs: 30000, memorySizeMB: 128, maxMemoryUsedMB: 74, initDurationMs: 985.413 },
      status: 'timeout',
    },
  }),
} as const;

describe('create_out_of_memory_enhanced_metric cases', () => {
  it.each(Object.entries(OutOfMemoryMessages))('%s: one out-of-memory failure', (_, message) => {
    expect(parseMessages([message]).errors.map((e) => e.kind)).toEqual([ErrorKind.OutOfMemory]);
  });

  it('"Success!" counts nothing', () => {
    expect(parseMessages(['Success!']).errors).toEqual([]);
  });
});

describe('the runtimes write these lines inside longer output', () => {
  it("Java: the runtime's report of an uncaught Throwable (<message>: <class>, then the stack trace) in one event", () => {
    const event = 'Java heap space: java.lang.OutOfMemoryError\njava.lang.OutOfMemoryError: Java heap space\n\tat example.Handler.handleRequest(Handler.java:12)\n\n';
    expect(parseMessages([event]).errors.map((e) => e.kind)).toEqual([ErrorKind.OutOfMemory]);
  });

  it('Java in JSON log format: the same report as an ERROR record without errorType, its request id kept', () => {
    const record = JSON.stringify({ timestamp: '2025-01-15T12:00:00.120Z', message: 'Java heap space: java.lang.OutOfMemoryError\njava.lang.OutOfMemoryError: Java heap space\n', level: 'ERROR', AWSRequestId: '7c9567b5-107b-4a6c-8798-0157ac21db52' });
    expect(parseMessages([record]).errors).toEqual([expect.objectContaining({ kind: ErrorKind.OutOfMemory, requestId: '7c9567b5-107b-4a6c-8798-0157ac21db52' })]);
  });

  it("Ruby: the runtime's pretty-printed error record for a NoMemoryError (one event)", () => {
    const event = '{\n  "errorMessage": "failed to allocate memory",\n  "errorType": "Function<NoMemoryError>",\n  "stackTrace": [\n    "/var/task/app.rb:3:in `handler\'"\n  ]\n}\n';
    expect(parseMessages(['Critical exception from handler\n', event]).errors.map((e) => e.kind)).toEqual([ErrorKind.OutOfMemory]);
  });

  it("Ruby: the interpreter's own uncaught-exception line", () => {
    expect(parseMessages(["/var/task/app.rb:3:in 'Array#*': failed to allocate memory (NoMemoryError)\n"]).errors.map((e) => e.kind)).toEqual([ErrorKind.OutOfMemory]);
  });

  it('a function that merely mentions the words in its own log line counts nothing', () => {
    const logged = [
      '2025-01-15T12:00:00.100Z\tabc\tINFO\tcaught java.lang.OutOfMemoryError, retrying with a smaller batch\n',
      '2025-01-15T12:00:00.100Z\tabc\tINFO\tretry: failed to allocate memory (NoMemoryError) was handled\n',
    ];
    expect(parseMessages(logged).errors).toEqual([]);
  });
});

describe('the whole-event fixtures through the pipeline: metric, value and type agree', () => {
  const names = platformNames();
  const outcome = (message: string) => {
    const event = toAwslogsEvent(dataPayload([{ message, timestamp: 1591714946151 }], { functionName: 'cloudwatch-event' }));
    const { outbound } = processEvent(event, { now: 1591714946151 + 60_000, region: 'us-east-1' });
    return Object.fromEntries(outbound.distributions.map((d) => [d.metric, d.points.flatMap(([, values]) => values)]));
  };

  it.each([
    ['Task timed out (text)', Events.timeout, names.platform.Timeouts],
    ['Task timed out (JSON platform.report status timeout)', Events.timeoutJsonReport, names.platform.Timeouts],
    ['JavaScript heap out of memory', Events.nodeOom, names.platform.OutOfMemory],
  ])('%s: one %s distribution value of 1, one error', (_, message, metric) => {
    const sent = outcome(message);
    expect(sent[metric]).toEqual([1]);
    expect(sent[names.platform.Errors]).toEqual([1]);
  });
});
