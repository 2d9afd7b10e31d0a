/**
 * `lambda-dd-metrics parse [file|-]`: what the forwarder makes of some logs. Reads raw log lines (as CloudWatch shows
 * them: MONITORING lines, runtime prefixes, START/REPORT, JSON log records) or a subscription event (JSON with
 * awslogs.data, or the decoded DATA_MESSAGE), runs the forwarder's own processEvent on it (with the forwarder's
 * settings from the environment) and prints the metrics it would send, each rejected line with where it was and why,
 * a warning for each accepted line that may not say what was meant, and the points the time window would drop; exits 1
 * when a line was rejected, so it can gate a CI step. The tool to reach for when a metric does not show up in Datadog.
 * Here: arguments, I/O and the exit status; what is found is parse-explain.ts (and parse-warnings.ts), how it is shown
 * parse-render.ts.
 */
import { readFile } from 'node:fs/promises';
import { RejectReason } from '../emitter/constants.js';
import { ConfigError, ForwarderEnv, parseSettings } from '../forwarder/config.js';
import { NamingPrefix } from '../forwarder/metric-names.js';
import { Dialect } from '../forwarder/types.js';
import { explain, readInput, type RejectedLine } from './parse-explain.js';
import { renderReport, reportJson } from './parse-render.js';

export { explain, readInput, type ParseReport, type ReadInput } from './parse-explain.js';

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
DATA_MESSAGE JSON), from the file or standard input, and prints what the forwarder would send to Datadog: every
dialect it reads (MONITORING lines, datadog-lambda {"m","v","e","t"} points, CloudWatch EMF objects; raw, after a
runtime prefix or inside a JSON log record), each rejected line with its reason, and a warning for each accepted
line that may not say what was meant (a timestamp in milliseconds, a space in a tag, "key: value").
Lines are numbered as in the input; in a subscription event, by log event (and line within it).

  --function NAME   the function the raw lines came from (log group /aws/lambda/NAME; default "my-function")
  --region REGION   the region tag (default $AWS_REGION or us-east-1)
  --now TIME        judge Datadog's time window (1 hour back, 10 minutes ahead) as of TIME: ISO or epoch ms
                    (default: now; points outside the window are dropped, as the forwarder drops them)
  --allow-rejects   exit 0 even when lines were rejected
  --json            print one JSON document instead of text (below)

The forwarder's settings are read from the environment as the forwarder reads them: ${ForwarderEnv.metricNaming},
${ForwarderEnv.metricPrefix}, ${ForwarderEnv.emfNamespaceRule}, ${ForwarderEnv.tags} (a setting it would refuse is a usage error).

Exit status: 0 read, nothing rejected (warnings, dropped points and datadog-lambda's own aws.lambda.enhanced.* lines
do not count); 1 a line was rejected (unless --allow-rejects), the payload could not be read or the file could not
be opened; 2 a usage error.

--json prints {
  "input": "raw log lines" | "subscription event" | "decoded DATA_MESSAGE", "logGroup": "/aws/lambda/NAME",
  "outcome": "processed" | "control" | "rejected", "rejection": {"reason", "detail"} (when the payload was refused),
  "exitCode": 0 | 1, "stats": {events, linesParsed, reports, errors, rejected: {reason: n}, pointsDropped, pointsOut, …},
  "metrics": [{"type": "distribution" | "count" | "rate" | "gauge" | "check", "name", "timestamp" (epoch seconds),
               "values": [n] (distribution) | "value": n (count, rate, gauge) | "status": 0-3 (check), "tags": [..]}],
  "rejected": [{"line" | "logEvent", "logEventId", "lineInEvent", "text", "dialect", "reason", "detail", "why"}],
  "warnings": [{"line" | "logEvent", "logEventId", "lineInEvent", "text", "dialect", "kind", "detail"}] }
"line" is the input line (raw lines); "logEvent" the 1-based log event of a subscription event, "lineInEvent" set
when its message holds several lines. Warning kinds: timestamp_in_milliseconds, emf_timestamp_in_seconds,
space_in_tag, space_after_colon, tag_advice, filtered_out (no term of the subscription filter pattern: a deployed
forwarder never receives the line). Values are rounded to 15 significant digits (0.1 + 0.2 is 0.3).`;

export interface ParseOptions {
  file: string;
  functionName: string;
  region: string;
  nowMs: number;
  json: boolean;
  allowRejects: boolean;
}

export class ParseUsageError extends Error {
  override name = 'ParseUsageError';
}

export function parseArgs(args: readonly string[], io: Pick<CliIo, 'now' | 'env'>): ParseOptions | 'help' {
  const options: ParseOptions = { file: '-', functionName: 'my-function', region: io.env.AWS_REGION?.trim() || 'us-east-1', nowMs: io.now(), json: false, allowRejects: false };
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
    else if (arg === '--allow-rejects') options.allowRejects = true;
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
  let settings: ReturnType<typeof parseSettings>;
  try {
    settings = parseSettings({ ...io.env, [ForwarderEnv.region]: options.region });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
  const report = explain(readInput(text, options.functionName, options.nowMs), {
    nowMs: options.nowMs,
    region: options.region,
    naming: settings.metricNaming,
    prefix: settings.metricPrefix,
    emfNamespaceRule: settings.emfNamespaceRule,
    ddTags: settings.ddTags,
  });
  const rejected = report.rejectedLines.filter((line) => !isClientsOwnEnhancedLine(line)).length;
  const code = report.result.outcome === 'rejected' || (rejected > 0 && !options.allowRejects) ? 1 : 0;
  io.stdout(options.json ? `${JSON.stringify(reportJson(report, code), null, 2)}\n` : `${renderReport(report)}\n`);
  // One line on stderr for a CI log, whatever the output format.
  if (rejected > 0) {
    const outcome = code === 1 ? 'exit status 1; --allow-rejects exits 0' : 'allowed by --allow-rejects';
    io.stderr(`lambda-dd-metrics parse: ${rejected} rejected line${rejected === 1 ? '' : 's'} (${outcome})\n`);
  }
  return code;
}

/**
 * datadog-lambda's own `aws.lambda.enhanced.*` lines (it writes them in every function unless DD_ENHANCED_METRICS=false):
 * refused as reserved names, as the forwarder refuses them (it counts the same figures from the platform's lines),
 * but nothing a user wrote wrong, so they do not fail a CI step. They are still listed with the other rejections.
 */
function isClientsOwnEnhancedLine(line: RejectedLine): boolean {
  return line.reason === RejectReason.ReservedName && line.dialect === Dialect.DatadogLambda && line.detail.includes(`${NamingPrefix.enhanced}.`);
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
