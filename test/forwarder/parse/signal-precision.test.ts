/**
 * Out-of-memory and timeout signals count only where the platform or a runtime wrote them; the function's own INFO /
 * WARN / DEBUG lines (text or JSON) that merely mention the words count nothing (wire-formats §3; the Datadog
 * Forwarder's substring heuristics count them, peers.md).
 */
import { emitPlatformMetrics, failuresOf } from '../../../forwarder/aggregate/platform.js';
import { PlatformMetric } from '../../../forwarder/metric-names.js';
import { Json, RequestIds, Text } from '../fixtures/lines.js';
import { EVENT_MS, parseMessages } from './helpers.js';

const { a, b, c } = RequestIds;
const TS = '2025-01-15T12:00:00.120Z';

/** errors / timeouts / out_of_memory counted for a batch of messages, through the real aggregation of failures. */
function failureCounts(messages: readonly string[]): Record<'errors' | 'timeouts' | 'out_of_memory', number> {
  const counts = { errors: 0, timeouts: 0, out_of_memory: 0 };
  const failures = failuresOf(parseMessages(messages).errors);
  emitPlatformMetrics([], failures, 'p', [], {
    count(metric, _tags, _ts, value) {
      const name = metric.slice('p.'.length);
      if (name === PlatformMetric.Errors || name === PlatformMetric.Timeouts || name === PlatformMetric.OutOfMemory) counts[name] += value;
    },
    value() {},
  });
  return counts;
}

const ONE_OOM = { errors: 1, timeouts: 0, out_of_memory: 1 };
const NOTHING = { errors: 0, timeouts: 0, out_of_memory: 0 };

/** Real out-of-memory deaths, one per hint, as the runtime or the platform writes them (one log event each). */
const realOom = {
  reportErrorType: Text.reportOom,
  jsonReportErrorType: Json.reportFailureOom,
  jsonRuntimeDone: JSON.stringify({ time: TS, type: 'platform.runtimeDone', record: { requestId: c, status: 'error', errorType: 'Runtime.OutOfMemory' } }),
  nodeHeapWithGcBlock: [
    '<--- Last few GCs --->',
    '',
    '[8:0x5f1b2a0]     1021 ms: Mark-Compact 249.8 (257.9) -> 249.6 (258.4) MB, 190.11 / 0.00 ms  (average mu = 0.163, current mu = 0.018) allocation failure; scavenge might not succeed',
    '',
    '<--- JS stacktrace --->',
    '',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    ' 1: 0xb8d0a3 node::Abort() [/var/lang/bin/node]',
  ].join('\n'),
  nodeIneffectiveMarkCompacts: 'FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory\n',
  pythonMemoryError: `[ERROR] MemoryError: Unable to allocate 8.00 GiB for an array\nTraceback (most recent call last):\n  File "/var/task/app.py", line 7, in handler`,
  pythonNumpyArrayMemoryError: `[ERROR] _ArrayMemoryError: Unable to allocate 3.73 GiB for an array with shape (500000000,)\nTraceback (most recent call last):`,
  javaMainThread: `Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n`,
  goRuntime: 'fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\nruntime.throw({0x6a1c2b, 0x16})\n',
  goAllocator: 'fatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw({0x6a1c2b, 0x13})\n',
  killedWithRequestId: `RequestId: ${b} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`,
  killedBare: 'Runtime exited with error: signal: killed\n',
  killedThenOomRecord: `RequestId: ${b} Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory\n`,
  platformErrorRecord: JSON.stringify({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${b} Error: Runtime exited with error: signal: killed` }),
  jsonUnhandledMemoryError: JSON.stringify({ timestamp: TS, level: 'ERROR', requestId: c, message: 'Unable to allocate', errorType: 'MemoryError', stackTrace: [] }),
  jsonUnhandledJavaOom: JSON.stringify({ timestamp: TS, level: 'ERROR', requestId: c, message: 'Java heap space', errorType: 'java.lang.OutOfMemoryError' }),
  nodeInvokeErrorOomType: `${TS}\t${a}\tERROR\tInvoke Error \t{"errorType":"Runtime.OutOfMemory","errorMessage":"out of memory"}\n`,
} as const;

/** What the function itself might log about memory or time, none of it a failure. */
const mentions = [
  'retrying after MemoryError',
  'last call ended with Runtime.OutOfMemory, lowering the batch size',
  'child process said: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  'worker reported java.lang.OutOfMemoryError; Exception in thread "main" java.lang.OutOfMemoryError was theirs',
  'sidecar printed fatal error: runtime: out of memory',
  'sidecar printed fatal error: out of memory',
  'subprocess: Runtime exited with error: signal: killed',
  'upstream says Task timed out after 3.00 seconds',
] as const;

/** Every way a function writes an ordinary (or a logged, not thrown) line: Node text, Python text, JSON. */
function asAppLines(message: string): string[] {
  const text = (level: string) => `${TS}\t${a}\t${level}\t${message}\n`;
  const python = (level: string) => `[${level}]\t${TS}\t${a}\t${message}\n`;
  const json = (level: string) => JSON.stringify({ timestamp: TS, level, requestId: a, message });
  return [
    text('INFO'), text('WARN'), text('DEBUG'), text('ERROR'),
    python('INFO'), python('WARNING'), python('DEBUG'), python('ERROR'),
    json('INFO'), json('WARN'), json('DEBUG'),
    // The words as the message itself, right after the level: still the function's line.
    `${TS}\t${a}\tINFO\t${message.slice(message.indexOf(' ') + 1)}\n`,
  ];
}

describe('out-of-memory signals count only where the runtime or the platform wrote them', () => {
  it.each(Object.entries(realOom))('%s counts one failure, as an error and as out of memory', (_name, message) => {
    expect(failureCounts([message])).toEqual(ONE_OOM);
    expect(parseMessages([message]).errors.every((error) => error.kind === 'out_of_memory')).toBe(true);
  });

  it('reads the request id of the platform lines, and of the platform error record from inside it', () => {
    expect(parseMessages([realOom.killedWithRequestId]).errors).toEqual([{ requestId: b, timestamp: EVENT_MS, kind: 'out_of_memory' }]);
    expect(parseMessages([realOom.platformErrorRecord]).errors).toEqual([{ requestId: b, timestamp: EVENT_MS, kind: 'out_of_memory' }]);
  });

  it('gives the Runtime.OutOfMemory line after the kill line the kill line\'s request id (one failure, not two)', () => {
    expect(parseMessages([realOom.killedThenOomRecord]).errors).toEqual([
      { requestId: b, timestamp: EVENT_MS, kind: 'out_of_memory' },
      { requestId: b, timestamp: EVENT_MS, kind: 'out_of_memory' },
    ]);
  });

  it('counts one invocation that wrote every signal (crash lines, REPORT) once', () => {
    const messages = [`START RequestId: ${b} Version: $LATEST\n`, realOom.nodeHeapWithGcBlock, realOom.killedWithRequestId, Text.reportOom];
    expect(failureCounts(messages)).toEqual(ONE_OOM);
  });

  it('reads an unhandled error as out of memory by its error type only, not by its message', () => {
    const pythonMessage = '[ERROR] ValueError: could not recover from MemoryError\nTraceback (most recent call last):';
    const nodeMessage = `${TS}\t${a}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"JavaScript heap out of memory, said the child"}\n`;
    const jsonMessage = JSON.stringify({ timestamp: TS, level: 'ERROR', requestId: c, message: 'MemoryError upstream', errorType: 'Error' });
    for (const message of [pythonMessage, nodeMessage, jsonMessage]) {
      expect(failureCounts([message])).toEqual({ errors: 1, timeouts: 0, out_of_memory: 0 });
    }
  });

  it('does not count a Node FATAL ERROR that is not about memory as out of memory', () => {
    expect(parseMessages(['FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.\n']).errors).toEqual([]);
  });

  describe.each(mentions)('the function mentioning "%s"', (message) => {
    it.each(asAppLines(message))('counts nothing: %j', (line) => {
      expect(failureCounts([line])).toEqual(NOTHING);
    });

    it('counts nothing even inside an open invocation', () => {
      expect(failureCounts([`START RequestId: ${a} Version: 1\n`, ...asAppLines(message)])).toEqual(NOTHING);
    });
  });

  it('still counts a real failure beside the mentions', () => {
    const messages = [...asAppLines(mentions[0]), realOom.pythonMemoryError, ...asAppLines(mentions[6])];
    expect(failureCounts(messages)).toEqual(ONE_OOM);
  });
});

describe('Task timed out counts only as the platform writes it', () => {
  it.each([
    ['with timestamp and request id', Text.taskTimedOut, a],
    ['with RequestId: and Error:', `RequestId: ${c} Error: Task timed out after 6.00 seconds\n`, c],
  ] as const)('%s: one timeout', (_name, message, requestId) => {
    expect(parseMessages([message]).errors).toEqual([{ requestId, timestamp: EVENT_MS, kind: 'timeout' }]);
    expect(failureCounts([message])).toEqual({ errors: 1, timeouts: 1, out_of_memory: 0 });
  });

  it('an unhandled error whose message quotes a timeout is an unhandled error, not a timeout', () => {
    const message = '[ERROR] TimeoutError: Task timed out after 3.00 seconds upstream\nTraceback (most recent call last):';
    expect(parseMessages([message]).errors).toEqual([{ timestamp: EVENT_MS, kind: 'unhandled' }]);
  });
});
