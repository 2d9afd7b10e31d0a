/**
 * What `lambda-dd-metrics parse` finds in its input: the forwarder's own processEvent result, and for each log line
 * where it came from (its line in the input, or its log event in a subscription event), why it was rejected, and what
 * was suspicious in a line that was accepted (parse-warnings.ts). All reading is the forwarder's: decode, parse and
 * the pipeline run as they do in Lambda.
 */
import { gzipSync } from 'node:zlib';
import { decodeEvent } from '../forwarder/decode/index.js';
import { parseBatch, splitLines } from '../forwarder/parse/index.js';
import { processEvent, type PipelineOptions, type PipelineResult } from '../forwarder/pipeline.js';
import type { DialectName, LogBatch } from '../forwarder/types.js';
import { lineWarnings, type WarningKindName } from './parse-warnings.js';

/** What the input was, and the subscription event the forwarder would have been given for it. */
export interface ReadInput {
  kind: 'subscription event' | 'decoded DATA_MESSAGE' | 'raw log lines';
  event: unknown;
  /** Raw lines only: the 1-based input line of each log event (blank lines are not events). */
  inputLines?: number[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Raw lines become one batch of the named function, one log event per non-blank line, stamped `nowMs`. */
export function readInput(text: string, functionName: string, nowMs: number): ReadInput {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined; // several JSON log records, one a line: raw lines
    }
    if (isRecord(parsed) && isRecord(parsed.awslogs)) return { kind: 'subscription event', event: parsed };
    if (isRecord(parsed) && ('messageType' in parsed || 'logEvents' in parsed)) return { kind: 'decoded DATA_MESSAGE', event: encode(parsed) };
  }
  const lines: string[] = [];
  const inputLines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    lines.push(line);
    inputLines.push(i + 1);
  });
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: '000000000000',
    logGroup: `/aws/lambda/${functionName}`,
    logStream: 'lambda-dd-metrics-parse',
    subscriptionFilters: ['lambda-dd-metrics-parse'],
    logEvents: lines.map((line, i) => ({ id: String(i + 1), timestamp: nowMs, message: `${line}\n` })),
  };
  return { kind: 'raw log lines', event: encode(message), inputLines };
}

function encode(message: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } };
}

/**
 * Where a line was: `line` for raw input (its line number there); `logEvent` (1-based, with its `logEventId`) for a
 * subscription event, and `lineInEvent` when that event's message holds several lines. None of them for a rejection
 * of the payload itself (a log event decode skipped, events cut).
 */
export interface LineLocation {
  line?: number;
  logEvent?: number;
  logEventId?: string;
  lineInEvent?: number;
}

export interface RejectedLine extends LineLocation {
  /** The line as it was (the first 160 characters are shown in text output). */
  text: string;
  reason: string;
  detail: string;
  /** The metric dialect the line was read as (monitoring, datadog_lambda, emf); absent for a payload rejection. */
  dialect?: DialectName;
}

export interface WarnedLine extends LineLocation {
  text: string;
  kind: WarningKindName;
  dialect: DialectName;
  detail: string;
}

export interface ParseReport {
  input: ReadInput['kind'];
  logGroup?: string;
  result: PipelineResult;
  rejectedLines: RejectedLine[];
  warnings: WarnedLine[];
}

/** The forwarder's settings that change what it makes of a line (naming, prefix, EMF rule, DD_TAGS), and the clock. */
export interface ExplainOptions extends Omit<PipelineOptions, 'now' | 'functionTags' | 'prices'> {
  nowMs: number;
}

/**
 * Runs the forwarder's processEvent, then reads the batch's lines one at a time with the forwarder's own parser
 * (rejections are per line): the line behind each rejection, and the warnings of each line that gave points.
 */
export function explain(input: ReadInput, options: ExplainOptions): ParseReport {
  const { nowMs, ...pipeline } = options;
  const result = processEvent(input.event, { ...pipeline, now: nowMs });
  const parseOptions = { metricPrefix: options.prefix, emfNamespaceRule: options.emfNamespaceRule };
  const rejectedLines: RejectedLine[] = [];
  const warnings: WarnedLine[] = [];
  const decoded = decodeEvent(input.event);
  if (decoded.outcome === 'batch') {
    const { events, ...meta } = decoded.batch;
    events.forEach((event, index) => {
      const lines = splitLines(event.message);
      lines.forEach((text, lineIndex) => {
        const where: LineLocation =
          input.inputLines !== undefined
            ? { line: input.inputLines[index] }
            : { logEvent: index + 1, logEventId: event.id, ...(lines.length > 1 ? { lineInEvent: lineIndex + 1 } : {}) };
        const parsed = parseBatch({ ...meta, events: [{ ...event, message: text }] } satisfies LogBatch, parseOptions);
        for (const rejection of parsed.rejections) rejectedLines.push({ ...where, text, ...rejection });
        if (parsed.metrics.length > 0) for (const warning of lineWarnings(text)) warnings.push({ ...where, text, ...warning });
      });
    });
    for (const rejection of decoded.rejections) rejectedLines.push({ text: '(the payload)', ...rejection });
  }
  return { input: input.kind, ...(decoded.outcome === 'batch' ? { logGroup: decoded.batch.logGroup } : {}), result, rejectedLines, warnings };
}

/** "line 3", "log event 2", "log event 2, line 4", or "payload". */
export function locationText(where: LineLocation): string {
  if (where.line !== undefined) return `line ${where.line}`;
  if (where.logEvent === undefined) return 'payload';
  return where.lineInEvent === undefined ? `log event ${where.logEvent}` : `log event ${where.logEvent}, line ${where.lineInEvent}`;
}
