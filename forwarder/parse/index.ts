/**
 * Parse: LogBatch → ParsedBatch. Pure and per event; runs on 10,000-event batches, so every line is first sorted by
 * cheap character and substring tests and only the few that can matter meet a regex or JSON.parse.
 *
 * A line is one of: a metric line in one of the dialects (a MONITORING line alone or after a runtime prefix; a
 * datadog-lambda `{"m","v","e","t"}` point or an EMF object, raw, after a runtime prefix or as a JSON log's message),
 * a platform line (START / END / REPORT / INIT_REPORT, text or JSON format), an error signal, or anything else
 * (ignored). A metric line that cannot be read, or that uses a name reserved for the forwarder, is a counted rejection.
 */
import { LineFormat } from '../../emitter/constants.js';
import type { InvocationError, InvocationReport, LogBatch, ParsedBatch } from '../types.js';
import { ErrorKind } from '../types.js';
import { dialectOf, mayBeMetricJson } from './dialects/shape.js';
import { detectErrorSignal, kindFromErrorType, kindFromRuntimeErrorMessage, kindFromStatus, type ErrorSignal } from './error-signals.js';
import { jsonLineMayMatter, readJsonLine } from './json-line.js';
import { MetricLines, type ParseOptions } from './metric-lines.js';
import { OpenInvocations } from './request-id.js';
import { parseInitReportLine, parseReportLine, PlatformLinePrefix } from './report-text.js';

export type { ParseOptions } from './metric-lines.js';
export { EmfNamespaceRule, EMF_NAMESPACE_RULE_ENV, DEFAULT_EMF_NAMESPACE_RULE, emfNamespaceRuleFrom, type EmfNamespaceRuleName } from './dialects/emf-names.js';

const MONITORING = LineFormat.prefix + LineFormat.separator;

const Char = { Tab: 9, Space: 32, OpenBrace: 123, CloseBrace: 125, E: 69, I: 73, M: 77, R: 82, S: 83 } as const;
/** Where a JSON metric starts after a runtime prefix (`<time>\t<requestId>\tINFO\t{…}`, `[INFO]\t…\t{…}`). */
const TAB_BRACE = '\t{';
/** Lines this long may have lost their end to CloudWatch's 256 KB event limit (the JSON's closing brace with it). */
const CUT_LINE_LENGTH = 65_536;

/**
 * Calls `each` with every non-empty line of a message. Node writes a multi-line console message as one event with
 * `\r` (stdout) or `\n`; REPORT ends in `\t\n`; Windows-style `\r\n` occurs in hand-written lines.
 * (indexOf is a fast native scan; no array is built for the common one-line message.)
 */
export function forEachLine(message: string, each: (line: string) => void): void {
  let lf = message.indexOf('\n');
  let cr = message.indexOf('\r');
  if (lf === -1 && cr === -1) {
    if (message.length !== 0) each(message);
    return;
  }
  let from = 0;
  while (from < message.length) {
    if (lf !== -1 && lf < from) lf = message.indexOf('\n', from);
    if (cr !== -1 && cr < from) cr = message.indexOf('\r', from);
    const cut = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (cut === -1) {
      each(message.slice(from));
      return;
    }
    if (cut > from) each(message.slice(from, cut));
    from = cut === cr && lf === cut + 1 ? cut + 2 : cut + 1;
  }
}

/** The non-empty lines of a message (see forEachLine). */
export function splitLines(message: string): string[] {
  const lines: string[] = [];
  forEachLine(message, (line) => lines.push(line));
  return lines;
}

/**
 * Where a MONITORING line starts in `line`: at 0, or right after a space or tab (a runtime prefix such as
 * `<time>\t<requestId>\tINFO\t` or `[INFO]\t<time>\t<requestId>\t`). -1 when there is none.
 */
export function monitoringStart(line: string): number {
  let at = line.indexOf(MONITORING);
  while (at > 0) {
    const before = line.charCodeAt(at - 1);
    if (before === Char.Tab || before === Char.Space) return at;
    at = line.indexOf(MONITORING, at + MONITORING.length);
  }
  return at;
}

/** Accumulates what one batch's lines say. */
class BatchReader {
  readonly reports: InvocationReport[] = [];
  readonly errors: InvocationError[] = [];
  private readonly open = new OpenInvocations();
  readonly metricLines: MetricLines;

  constructor(options: ParseOptions) {
    this.metricLines = new MetricLines(options);
  }

  /** The event being read: readTopLine is one function for the whole batch, not a closure per event. */
  private timestampMs = 0;
  private readonly readTopLine = (line: string): void => this.readLine(line, this.timestampMs, true);

  /**
   * The request id of the last error signal in the event being read. One event is one write of one invocation, so a
   * runtime's later line without an id (`Runtime.OutOfMemory` after `RequestId: … Error: Runtime exited …`) is the
   * same failure, not another one.
   */
  private eventRequestId: string | undefined;

  readEvent(message: string, timestampMs: number): void {
    this.timestampMs = timestampMs;
    this.eventRequestId = undefined;
    forEachLine(message, this.readTopLine);
  }

  /** `jsonAllowed` is false for lines inside a JSON log's message (no JSON inside JSON). */
  private readLine(line: string, timestampMs: number, jsonAllowed: boolean): void {
    const first = line.charCodeAt(0);
    if (first === Char.M && line.startsWith(MONITORING)) return this.metricLines.monitoring(line, 0);
    if (first === Char.OpenBrace && jsonAllowed && jsonLineMayMatter(line) && this.readJson(line, timestampMs)) return;
    if (first === Char.R && line.startsWith(PlatformLinePrefix.Report)) return this.readReport(line, timestampMs);
    if (first === Char.S && line.startsWith(PlatformLinePrefix.Start)) return this.open.startLine(line);
    if (first === Char.E && line.startsWith(PlatformLinePrefix.End)) return this.open.endLine(line);
    if (first === Char.I && line.startsWith(PlatformLinePrefix.InitReport)) {
      const init = parseInitReportLine(line);
      const kind = kindFromStatus(init.status, init.errorType);
      if (kind !== undefined) this.addError({ kind: kind === ErrorKind.Unhandled ? ErrorKind.InitFailure : kind }, timestampMs);
      return;
    }
    const at = monitoringStart(line);
    if (at > 0) return this.metricLines.monitoring(line, at);
    // A JSON metric after a runtime prefix ends the line with `}` (one character test for every other line), unless
    // CloudWatch cut it at its event size limit: long lines are looked at whatever their end.
    if ((line.charCodeAt(line.length - 1) === Char.CloseBrace || line.length >= CUT_LINE_LENGTH) && this.readPrefixedMetricJson(line, timestampMs)) return;
    const signal = detectErrorSignal(line);
    if (signal !== undefined) this.addError(signal, timestampMs);
  }

  /** `<runtime prefix>\t{…}`: a JSON metric logged through console.log (text format) or Python's logging. */
  private readPrefixedMetricJson(line: string, timestampMs: number): boolean {
    const at = line.indexOf(TAB_BRACE);
    if (at === -1 || !mayBeMetricJson(line)) return false;
    return this.metricLines.jsonText(line.slice(at + 1), timestampMs);
  }

  private readReport(line: string, timestampMs: number): void {
    const report = parseReportLine(line, timestampMs);
    if (report === undefined) return;
    this.addReport(report);
  }

  private addReport(report: InvocationReport): void {
    this.reports.push(report);
    this.open.end(report.requestId);
    const kind = kindFromStatus(report.status, report.errorType);
    if (kind !== undefined) this.errors.push({ requestId: report.requestId, timestamp: report.timestamp, kind });
  }

  /** A signal without a request id belongs to the event's earlier signal, else to the one open invocation, if any. */
  private addError(signal: ErrorSignal, timestampMs: number): void {
    if (signal.requestId !== undefined) this.eventRequestId = signal.requestId;
    const requestId = signal.requestId ?? this.eventRequestId ?? this.open.current();
    this.errors.push(requestId === undefined ? { timestamp: timestampMs, kind: signal.kind } : { requestId, timestamp: timestampMs, kind: signal.kind });
  }

  /** True when the line was JSON and has been dealt with; false sends it down the plain-text path. */
  private readJson(line: string, timestampMs: number): boolean {
    const json = readJsonLine(line, timestampMs);
    // Not JSON: a metric object cut short (or mistyped) is counted; anything else goes down the plain-text path.
    if (json === undefined) return this.metricLines.notJson(line);
    switch (json.kind) {
      case 'metric':
        this.metricLines.object(json.object, json.dialect, timestampMs);
        break;
      case 'start':
        this.open.start(json.requestId);
        break;
      case 'report':
        this.addReport(json.report);
        break;
      case 'initReport': {
        const kind = kindFromStatus(json.status, json.errorType);
        if (kind !== undefined) this.addError({ kind: kind === ErrorKind.Unhandled ? ErrorKind.InitFailure : kind }, timestampMs);
        break;
      }
      case 'runtimeDone': {
        const kind = kindFromStatus(json.status, json.errorType);
        if (kind !== undefined) this.addError({ kind, requestId: json.requestId }, timestampMs);
        break;
      }
      case 'functionLog':
        if (json.message !== undefined && json.message.includes(MONITORING)) {
          forEachLine(json.message, (inner) => this.readLine(inner, timestampMs, false));
        } else if (json.message?.charCodeAt(0) === Char.OpenBrace && mayBeMetricJson(json.message)) {
          this.metricLines.jsonText(json.message, timestampMs);
        } else if (json.messageObject !== undefined) {
          const dialect = dialectOf(json.messageObject);
          if (dialect !== undefined) this.metricLines.object(json.messageObject, dialect, timestampMs);
        }
        if (json.level === 'ERROR') {
          const kind = json.errorType !== undefined ? kindFromErrorType(json.errorType) : json.message !== undefined ? kindFromRuntimeErrorMessage(json.message) : undefined;
          if (kind === undefined) break;
          const signal: ErrorSignal = { kind };
          if (json.requestId !== undefined) signal.requestId = json.requestId;
          this.addError(signal, timestampMs);
        }
        break;
      case 'other':
        break;
    }
    return true;
  }
}

export function parseBatch(batch: LogBatch, options: ParseOptions = {}): ParsedBatch {
  const reader = new BatchReader(options);
  const { events, ...meta } = batch;
  for (const event of events) reader.readEvent(event.message, event.timestamp);
  const { metrics, rejections, linesParsed } = reader.metricLines;
  return { batch: meta, metrics, reports: reader.reports, errors: reader.errors, rejections, eventCount: events.length, linesParsed };
}
