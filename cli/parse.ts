/**
 * `lambda-dd-metrics parse [file|-]`: what the forwarder makes of some logs. Reads raw log lines (as CloudWatch shows
 * them: MONITORING lines, runtime prefixes, START/REPORT, JSON log records) or a subscription event (JSON with
 * awslogs.data, or the decoded DATA_MESSAGE), runs the forwarder's own processEvent on it and prints the metrics it
 * would send, each rejected line with its reason, and the points the time window would drop.
 * The tool to reach for when a metric does not show up in Datadog.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { decodeEvent } from '../forwarder/decode/index.js';
import { parseBatch, splitLines } from '../forwarder/parse/index.js';
import { processEvent, type PipelineResult } from '../forwarder/pipeline.js';
import { Dialect, type LogBatch } from '../forwarder/types.js';

export interface CliIo {
  /** All of standard input. */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Epoch ms. */
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
}

export const PARSE_USAGE = `Usage: lambda-dd-metrics parse [file|-] [options]

Reads raw Lambda log lines, or a CloudWatch Logs subscription event ({"awslogs":{"data":…}} or the decoded
DATA_MESSAGE JSON), from the file or standard input, and prints what the forwarder would send to Datadog.

  --function NAME   the function the raw lines came from (log group /aws/lambda/NAME; default "my-function")
  --region REGION   the region tag (default $AWS_REGION or us-east-1)
  --now TIME        judge Datadog's time window (1 hour back, 10 minutes ahead) as of TIME: ISO or epoch ms
                    (default: now; points outside the window are dropped, as the forwarder drops them)
  --json            print the result as JSON`;

export interface ParseOptions {
  file: string;
  functionName: string;
  region: string;
  nowMs: number;
  json: boolean;
}

export class ParseUsageError extends Error {
  override name = 'ParseUsageError';
}

export function parseArgs(args: readonly string[], io: Pick<CliIo, 'now' | 'env'>): ParseOptions | 'help' {
  const options: ParseOptions = { file: '-', functionName: 'my-function', region: io.env.AWS_REGION?.trim() || 'us-east-1', nowMs: io.now(), json: false };
  let fileGiven = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new ParseUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--json') options.json = true;
    else if (arg === '--function') options.functionName = value();
    else if (arg === '--region') options.region = value();
    else if (arg === '--now') {
      const text = value();
      const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(ms)) throw new ParseUsageError(`--now must be an ISO time or epoch milliseconds, got "${text}"`);
      options.nowMs = ms;
    } else if (arg.startsWith('--')) throw new ParseUsageError(`unknown option "${arg}"`);
    else if (fileGiven) throw new ParseUsageError(`one input at a time (got "${options.file}" and "${arg}")`);
    else {
      options.file = arg;
      fileGiven = true;
    }
  }
  return options;
}

/** What the input was, and the subscription event the forwarder would have been given for it. */
export interface ReadInput {
  kind: 'subscription event' | 'decoded DATA_MESSAGE' | 'raw log lines';
  event: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Raw lines become one batch of the named function, one log event per line, stamped `nowMs`. */
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
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: '000000000000',
    logGroup: `/aws/lambda/${functionName}`,
    logStream: 'lambda-dd-metrics-parse',
    subscriptionFilters: ['lambda-dd-metrics-parse'],
    logEvents: lines.map((line, i) => ({ id: String(i + 1), timestamp: nowMs, message: `${line}\n` })),
  };
  return { kind: 'raw log lines', event: encode(message) };
}

function encode(message: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } };
}

export interface RejectedLine {
  /** 1-based position of the log event in the batch. */
  event: number;
  line: string;
  reason: string;
  detail: string;
  /** The metric dialect the line was read as (monitoring, datadog_lambda, emf); absent for a log event decode refused. */
  dialect?: string;
}

export interface ParseReport {
  input: ReadInput['kind'];
  logGroup?: string;
  result: PipelineResult;
  rejectedLines: RejectedLine[];
}

/**
 * Runs the forwarder's processEvent, then finds the line behind each rejection by parsing the batch's lines one at a
 * time with the forwarder's own parser (rejections are per line; nothing else of the parse is needed here).
 */
export function explain(input: ReadInput, options: Pick<ParseOptions, 'region' | 'nowMs'>): ParseReport {
  const result = processEvent(input.event, { now: options.nowMs, region: options.region });
  const rejectedLines: RejectedLine[] = [];
  const decoded = decodeEvent(input.event);
  if (decoded.outcome === 'batch') {
    const { events, ...meta } = decoded.batch;
    events.forEach((event, index) => {
      for (const line of splitLines(event.message)) {
        const single: LogBatch = { ...meta, events: [{ ...event, message: line }] };
        for (const rejection of parseBatch(single).rejections) rejectedLines.push({ event: index + 1, line, ...rejection });
      }
    });
    for (const rejection of decoded.rejections) rejectedLines.push({ event: 0, line: '(log event)', ...rejection });
  }
  return { input: input.kind, ...(decoded.outcome === 'batch' ? { logGroup: decoded.batch.logGroup } : {}), result, rejectedLines };
}

const time = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const tagText = (tags: readonly string[]): string => (tags.length ? ` #${tags.join(',')}` : '');
const CHECK_STATUS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

export function renderReport(report: ParseReport): string {
  const { result } = report;
  const out: string[] = [];
  const { stats } = result;
  if (result.outcome === 'control') return 'A CONTROL_MESSAGE (CloudWatch checking the subscription): the forwarder skips it and sends nothing.';
  if (result.outcome === 'rejected') {
    return `The forwarder cannot read this ${report.input}: ${result.rejection?.reason} (${result.rejection?.detail}). Nothing would be sent.`;
  }
  out.push(
    `Read ${report.input} from ${report.logGroup}: ${stats.events} log event${stats.events === 1 ? '' : 's'}, ` +
      `${stats.linesParsed} metric line${stats.linesParsed === 1 ? '' : 's'} accepted, ${report.rejectedLines.length} rejected, ` +
      `${stats.reports} invocation report${stats.reports === 1 ? '' : 's'}, ${stats.errors} failed invocation${stats.errors === 1 ? '' : 's'}.`,
  );

  const { distributions, series, checks } = result.outbound;
  out.push('', `Metrics the forwarder would send (${stats.pointsOut} point${stats.pointsOut === 1 ? '' : 's'}):`);
  if (distributions.length + series.length + checks.length === 0) out.push('  (none)');
  for (const d of [...distributions].sort((a, b) => a.metric.localeCompare(b.metric))) {
    for (const [ts, values] of d.points) out.push(`  distribution  ${d.metric}  ${time(ts)}  values [${values.join(', ')}]${tagText(d.tags)}`);
  }
  const gaugeNames = ['unspecified', 'count', 'rate', 'gauge'];
  for (const s of series) for (const p of s.points) out.push(`  ${gaugeNames[s.type] ?? 'series'}  ${s.metric}  ${time(p.timestamp)}  value ${p.value}${tagText(s.tags)}`);
  for (const c of checks) out.push(`  check  ${c.check}  ${time(c.timestamp)}  ${CHECK_STATUS[c.status] ?? c.status}${tagText(c.tags)}`);

  if (report.rejectedLines.length > 0) {
    out.push('', 'Rejected lines:');
    for (const r of report.rejectedLines) {
      const line = r.line.length > 160 ? `${r.line.slice(0, 157)}...` : r.line;
      // MONITORING is the default dialect; a datadog-lambda point or an EMF object says which it was read as.
      const dialect = r.dialect === undefined || r.dialect === Dialect.Monitoring ? '' : `${r.dialect} line, `;
      out.push(`  event ${r.event}: ${dialect}${r.reason}: ${r.detail}`, `    ${line}`);
    }
  }
  const dropped = Object.entries(stats.pointsDropped).filter(([, n]) => n > 0);
  if (dropped.length > 0) {
    out.push(
      '',
      `Dropped by Datadog's time window: ${dropped.map(([reason, n]) => `${n} ${reason}`).join(', ')}` +
        ' (points more than 1 hour old or 10 minutes ahead are refused; --now judges the window as of another time)',
    );
  }
  return out.join('\n');
}

export async function runParse(args: readonly string[], io: CliIo): Promise<number> {
  let options: ParseOptions | 'help';
  try {
    options = parseArgs(args, io);
  } catch (error) {
    if (!(error instanceof ParseUsageError)) throw error;
    io.stderr(`${error.message}\n\n${PARSE_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${PARSE_USAGE}\n`);
    return 0;
  }
  let text: string;
  try {
    text = options.file === '-' ? await io.readStdin() : await io.readFile(options.file);
  } catch (error) {
    io.stderr(`cannot read ${options.file}: ${(error as Error).message}\n`);
    return 1;
  }
  const report = explain(readInput(text, options.functionName, options.nowMs), options);
  if (options.json) {
    io.stdout(`${JSON.stringify({ input: report.input, logGroup: report.logGroup, outcome: report.result.outcome, rejection: report.result.rejection, stats: report.result.stats, outbound: report.result.outbound, rejectedLines: report.rejectedLines }, null, 2)}\n`);
  } else {
    io.stdout(`${renderReport(report)}\n`);
  }
  return report.result.outcome === 'rejected' ? 1 : 0;
}

/** The real I/O. */
export function processIo(): CliIo {
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    now: Date.now,
    env: process.env,
  };
}
