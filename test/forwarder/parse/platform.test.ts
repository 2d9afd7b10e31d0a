import { Json, RequestIds, Text } from '../fixtures/lines.js';
import { EVENT_MS, parseMessages } from './helpers.js';

const { a, b, c } = RequestIds;

describe('REPORT lines, text format', () => {
  it('reads every field of the AWS docs sample (stray space before a tab, trailing tab)', () => {
    expect(parseMessages([Text.reportDocs]).reports).toEqual([
      { requestId: a, timestamp: EVENT_MS, durationMs: 46.84, billedDurationMs: 47, memorySizeMb: 192, maxMemoryUsedMb: 72 },
    ]);
  });

  it('reads Init Duration on a cold start', () => {
    const [report] = parseMessages([Text.reportCold]).reports;
    expect(report).toMatchObject({ requestId: b, durationMs: 102.25, billedDurationMs: 103, memorySizeMb: 128, maxMemoryUsedMb: 70, initDurationMs: 150.12 });
  });

  it('reads SnapStart Restore Duration and Billed Restore Duration', () => {
    const [report] = parseMessages([Text.reportSnapStart]).reports;
    expect(report).toMatchObject({ requestId: c, durationMs: 20.11, restoreDurationMs: 474.16, billedRestoreDurationMs: 75 });
    expect(report?.initDurationMs).toBeUndefined();
  });

  it('reads a REPORT event that carries an XRAY second line, and makes nothing of the XRAY line', () => {
    const parsed = parseMessages([Text.reportXray]);
    expect(parsed.reports).toEqual([{ requestId: a, timestamp: EVENT_MS, durationMs: 12.5, billedDurationMs: 13, memorySizeMb: 256, maxMemoryUsedMb: 80 }]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rejections).toEqual([]);
  });

  it('reads Status: timeout as a timeout of that request', () => {
    const parsed = parseMessages([Text.reportTimeout]);
    expect(parsed.reports[0]).toMatchObject({ requestId: a, status: 'timeout', durationMs: 3000 });
    expect(parsed.errors).toEqual([{ requestId: a, timestamp: EVENT_MS, kind: 'timeout' }]);
  });

  it('reads Status: error with Error Type: Runtime.OutOfMemory as out of memory', () => {
    const parsed = parseMessages([Text.reportOom]);
    expect(parsed.reports[0]).toMatchObject({ requestId: b, status: 'error', errorType: 'Runtime.OutOfMemory', maxMemoryUsedMb: 128 });
    expect(parsed.errors).toEqual([{ requestId: b, timestamp: EVENT_MS, kind: 'out_of_memory' }]);
  });

  it('reads Status: error with another Error Type as an unhandled error', () => {
    expect(parseMessages([Text.reportError]).errors).toEqual([{ requestId: a, timestamp: EVENT_MS, kind: 'unhandled' }]);
  });

  it('reports nothing for START and END lines', () => {
    const parsed = parseMessages([Text.start, Text.end]);
    expect(parsed.reports).toEqual([]);
    expect(parsed.errors).toEqual([]);
  });

  it('a REPORT line whose tabs were escaped away does not invent values', () => {
    const escaped = Text.reportDocs.replaceAll('\t', '\\t');
    const [report] = parseMessages([escaped]).reports;
    // One field only: the request id swallows the rest, no duration is read. (Fixtures must carry real tabs.)
    expect(report?.durationMs).toBeUndefined();
  });
});

describe('INIT_REPORT and timeouts, text format', () => {
  it('reads an INIT_REPORT with Status: error as an init failure', () => {
    expect(parseMessages([Text.initReportError]).errors).toEqual([{ timestamp: EVENT_MS, kind: 'init_failure' }]);
  });

  it('reads `Task timed out after` with the request id of its prefix', () => {
    expect(parseMessages([Text.taskTimedOut]).errors).toEqual([{ requestId: a, timestamp: EVENT_MS, kind: 'timeout' }]);
  });
});

describe('JSON log format platform records', () => {
  it('reads platform.report metrics', () => {
    expect(parseMessages([Json.start, Json.report]).reports).toEqual([
      { requestId: c, timestamp: EVENT_MS + 1, status: 'success', durationMs: 1.317, billedDurationMs: 2, memorySizeMb: 1024, maxMemoryUsedMb: 68, initDurationMs: 10 },
    ]);
  });

  it('reads restoreDurationMs (SnapStart)', () => {
    expect(parseMessages([Json.reportSnapStart]).reports[0]).toMatchObject({ restoreDurationMs: 474.16, durationMs: 20.5 });
  });

  it('reads a report without any metrics (managed instances) as an invocation with no values', () => {
    expect(parseMessages([Json.reportNoMetrics]).reports).toEqual([{ requestId: c, timestamp: EVENT_MS, status: 'success' }]);
  });

  it('reads status timeout and status error + Runtime.OutOfMemory', () => {
    expect(parseMessages([Json.reportTimeout]).errors).toEqual([{ requestId: c, timestamp: EVENT_MS, kind: 'timeout' }]);
    expect(parseMessages([Json.reportFailureOom]).errors).toEqual([{ requestId: c, timestamp: EVENT_MS, kind: 'out_of_memory' }]);
  });

  it('reads a failed platform.initReport as an init failure and a failed runtimeDone as an error of its request', () => {
    expect(parseMessages([Json.initReportError]).errors).toEqual([{ timestamp: EVENT_MS, kind: 'init_failure' }]);
    expect(parseMessages([Json.runtimeDoneFailure]).errors).toEqual([{ requestId: c, timestamp: EVENT_MS, kind: 'unhandled' }]);
  });

  it('reads a function JSON log at level ERROR with errorType as an unhandled error; a logged error without errorType is not', () => {
    expect(parseMessages([Json.unhandledError]).errors).toEqual([{ requestId: c, timestamp: EVENT_MS, kind: 'unhandled' }]);
    expect(parseMessages([Json.loggedError, Json.plainInfo]).errors).toEqual([]);
  });

  it('reads a line that starts with { but is not JSON as plain text', () => {
    const parsed = parseMessages(['{not json MONITORING|1736942400|1|count|brace.line']);
    expect(parsed.metrics.map((m) => m.name)).toEqual(['brace.line']);
  });
});
