import { Json, RequestIds, Text } from '../fixtures/lines.js';
import { EVENT_MS, parseMessages } from './helpers.js';

const { a, b, c } = RequestIds;

describe('error signals', () => {
  it.each([
    ['nodeInvokeError', a, 'unhandled'],
    ['nodeUncaught', b, 'unhandled'],
    ['nodeUnhandledRejection', c, 'unhandled'],
    ['runtimeKilled', b, 'out_of_memory'],
  ] as const)('%s → request %s, kind %s', (fixture, requestId, kind) => {
    expect(parseMessages([Text[fixture]]).errors).toEqual([{ requestId, timestamp: EVENT_MS, kind }]);
  });

  it.each([
    ['pythonUnhandled', 'unhandled'],
    ['pythonUnhandledCr', 'unhandled'],
    ['pythonMemoryError', 'out_of_memory'],
    ['nodeHeapOom', 'out_of_memory'],
    ['javaOom', 'out_of_memory'],
    ['goOom', 'out_of_memory'],
  ] as const)('%s without a request id → kind %s, once', (fixture, kind) => {
    expect(parseMessages([Text[fixture]]).errors).toEqual([{ timestamp: EVENT_MS, kind }]);
  });

  it.each(['nodeLoggedError', 'pythonLoggerError', 'plainLog', 'innocentMemoryWords'] as const)('%s is not an invocation error', (fixture) => {
    expect(parseMessages([Text[fixture]]).errors).toEqual([]);
  });

  it('gives a signal without request id the request id of the one open invocation', () => {
    const start = `START RequestId: ${b} Version: $LATEST\n`;
    const parsed = parseMessages([start, Text.pythonUnhandled, `END RequestId: ${b}\n`, Text.pythonUnhandled]);
    expect(parsed.errors).toEqual([
      { requestId: b, timestamp: EVENT_MS + 1, kind: 'unhandled' },
      { timestamp: EVENT_MS + 3, kind: 'unhandled' }, // after END: nobody's
    ]);
  });

  it('guesses no request id while two invocations are open at once', () => {
    const parsed = parseMessages([`START RequestId: ${a} Version: 1\n`, `START RequestId: ${b} Version: 1\n`, Text.goOom]);
    expect(parsed.errors).toEqual([{ timestamp: EVENT_MS + 2, kind: 'out_of_memory' }]);
  });

  it('JSON platform.start opens an invocation too', () => {
    const parsed = parseMessages([Json.start, Text.javaOom]);
    expect(parsed.errors).toEqual([{ requestId: c, timestamp: EVENT_MS + 1, kind: 'out_of_memory' }]);
  });
});
