/**
 * `lambda-dd-metrics backfill --log-group G --start T --end T [--dry-run]`: reads a log group's history with
 * FilterLogEvents and pushes it through the forwarder's own pipeline (processEvent: the same parsing, tags and
 * aggregation as the live forwarder), then ships it like the forwarder, or with --dry-run prints what it would send.
 *
 * Events are grouped per log stream (a subscription batch is one stream) into batches of at most 10,000 events,
 * PutLogEvents' own limit, so a batch here looks like one the forwarder could have received.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { gzipSync } from 'node:zlib';
import { loadConfig, parseSettings } from '../forwarder/config.js';
import { processEvent, type PipelineResult } from '../forwarder/pipeline.js';
import { buildPayloads } from '../forwarder/ship/payloads.js';
import { ship } from '../forwarder/ship/ship.js';
import type { Outbound } from '../forwarder/types.js';

export const BACKFILL_USAGE = `Usage: lambda-dd-metrics backfill --log-group NAME --start TIME --end TIME [--dry-run]

Reads the log group's events between --start and --end (ISO 8601, or epoch seconds or milliseconds) with
FilterLogEvents, turns them into metrics exactly as the forwarder does, and sends them to Datadog (DD_API_KEY or
DD_API_KEY_SECRET_ARN / DD_API_KEY_SSM_NAME, DD_SITE or DD_URL, DD_TAGS, METRIC_PREFIX, AWS_REGION).

  --dry-run        print the metrics instead of sending them (no API key needed)
  --region REGION  the log group's region (default $AWS_REGION)

Datadog's time window applies: points more than 1 hour old (or 10 minutes ahead) are dropped by Datadog, so the
backfill does not send them and reports how many it left out. Only the last hour of history can be backfilled.`;

/** What the command needs from the outside world (the dispatcher's CliIo fits; tests pass a moto client). */
export interface BackfillIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Epoch ms: Datadog's window is judged from here. */
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
  logs?: Pick<CloudWatchLogsClient, 'send'>;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface BackfillOptions {
  logGroup: string;
  startMs: number;
  endMs: number;
  dryRun: boolean;
  region: string;
}

class UsageError extends Error {}

/** Most events in one batch: PutLogEvents' limit, so each batch is one the forwarder could have been sent. */
export const MAX_EVENTS_PER_BATCH = 10_000;

export function parseBackfillArgs(args: readonly string[], env: BackfillIo['env']): BackfillOptions | 'help' {
  const values: Record<string, string> = {};
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') dryRun = true;
    else if (['--log-group', '--start', '--end', '--region'].includes(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      values[arg] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  for (const required of ['--log-group', '--start', '--end']) if (!values[required]) throw new UsageError(`${required} is required`);
  const startMs = parseTime(values['--start']!, '--start');
  const endMs = parseTime(values['--end']!, '--end');
  if (endMs <= startMs) throw new UsageError('--end must be after --start');
  const region = values['--region'] ?? env.AWS_REGION ?? '';
  if (!region) throw new UsageError('no region: pass --region or set AWS_REGION');
  return { logGroup: values['--log-group']!, startMs, endMs, dryRun, region };
}

/** ISO 8601, or epoch seconds (up to 10 digits) or milliseconds (13 digits). */
export function parseTime(text: string, name: string): number {
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${name} "${text.slice(0, 40)}" is not a time: use ISO 8601 or epoch seconds/milliseconds`);
  return ms;
}

/** One batch as a CloudWatch Logs subscription event, so it goes through processEvent exactly as live data does. */
export function toSubscriptionEvent(owner: string, logGroup: string, logStream: string, events: ReadonlyArray<{ id: string; timestamp: number; message: string }>): unknown {
  const payload = { messageType: 'DATA_MESSAGE', owner, logGroup, logStream, subscriptionFilters: ['backfill'], logEvents: events };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** One line per point: `<kind> <metric> <ISO time> <value(s)> <tags>`. */
export function describeOutbound(outbound: Outbound): string[] {
  const lines: string[] = [];
  const at = (sec: number) => new Date(sec * 1000).toISOString();
  for (const s of outbound.distributions) for (const [ts, values] of s.points) lines.push(`distribution ${s.metric} ${at(ts)} [${values.join(',')}] ${s.tags.join(',')}`);
  for (const s of outbound.series) for (const p of s.points) lines.push(`${s.type === 3 ? 'gauge' : 'count'} ${s.metric} ${at(p.timestamp)} ${p.value} ${s.tags.join(',')}`);
  for (const c of outbound.checks) lines.push(`check ${c.check} ${at(c.timestamp)} status=${c.status} ${c.tags.join(',')}`);
  return lines;
}

interface Totals {
  pages: number;
  events: number;
  streams: Set<string>;
  batches: number;
  pointsOut: number;
  tooOld: number;
  tooNew: number;
  rejected: number;
  payloadsAcked: number;
  payloadsFailed: number;
}

export async function runBackfill(args: readonly string[], io: BackfillIo): Promise<number> {
  let options: BackfillOptions | 'help';
  try {
    options = parseBackfillArgs(args, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`backfill: ${error.message}\n\n${BACKFILL_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${BACKFILL_USAGE}\n`);
    return 0;
  }
  const opts = options;
  const env = { ...io.env, AWS_REGION: opts.region } as NodeJS.ProcessEnv;
  // Shipping needs the whole config (key included); a dry run only the settings (prefix, DD_TAGS), and no key.
  const settings = opts.dryRun ? parseSettings(env) : await loadConfig(env);
  const logs = io.logs ?? new CloudWatchLogsClient({ region: opts.region });
  const nowMs = io.now();
  const owner = await ownerOf(logs, opts.logGroup);
  const totals: Totals = { pages: 0, events: 0, streams: new Set(), batches: 0, pointsOut: 0, tooOld: 0, tooNew: 0, rejected: 0, payloadsAcked: 0, payloadsFailed: 0 };

  const handle = async (logStream: string, events: Array<{ id: string; timestamp: number; message: string }>) => {
    const result = processEvent(toSubscriptionEvent(owner, opts.logGroup, logStream, events), {
      now: nowMs,
      region: opts.region,
      naming: settings.metricNaming,
      prefix: settings.metricPrefix,
      ddTags: settings.ddTags,
    });
    count(totals, result);
    if (opts.dryRun) {
      for (const line of describeOutbound(result.outbound)) io.stdout(`${line}\n`);
      return;
    }
    const config = settings as Awaited<ReturnType<typeof loadConfig>>;
    const built = buildPayloads(result.outbound, config.limits);
    const report = await ship(built.payloads, {
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      policy: config.retry,
      limits: config.limits,
      concurrency: config.concurrency,
      remainingMs: () => Number.MAX_SAFE_INTEGER, // a CLI has no Lambda deadline
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    totals.payloadsAcked += report.acked.length;
    totals.payloadsFailed += report.failed.length + built.oversize.length;
  };

  // Per-stream buffers, flushed at MAX_EVENTS_PER_BATCH and at the end (FilterLogEvents interleaves streams by time).
  const buffers = new Map<string, Array<{ id: string; timestamp: number; message: string }>>();
  let token: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: opts.logGroup, startTime: opts.startMs, endTime: opts.endMs, ...(token ? { nextToken: token } : {}) }),
    );
    totals.pages++;
    for (const event of page.events ?? []) {
      if (event.message === undefined || event.timestamp === undefined) continue;
      const stream = event.logStreamName ?? '';
      totals.events++;
      totals.streams.add(stream);
      const buffer = buffers.get(stream) ?? [];
      buffers.set(stream, buffer);
      buffer.push({ id: event.eventId ?? `${event.timestamp}-${totals.events}`, timestamp: event.timestamp, message: event.message });
      if (buffer.length >= MAX_EVENTS_PER_BATCH) await handle(stream, buffers.get(stream)!.splice(0));
    }
    io.stderr(`backfill: page ${totals.pages}, ${totals.events} events from ${totals.streams.size} log streams read\n`);
    token = page.nextToken;
  } while (token);
  for (const [stream, events] of buffers) if (events.length > 0) await handle(stream, events);

  io.stdout(`${summaryLine(totals, opts.dryRun)}\n`);
  return totals.payloadsFailed > 0 ? 1 : 0;
}

function count(totals: Totals, result: PipelineResult): void {
  totals.batches++;
  totals.pointsOut += result.stats.pointsOut;
  totals.tooOld += result.stats.pointsDropped.too_old;
  totals.tooNew += result.stats.pointsDropped.too_new;
  for (const n of Object.values(result.stats.rejected)) totals.rejected += n;
}

function summaryLine(t: Totals, dryRun: boolean): string {
  const sent = dryRun ? `${t.pointsOut} points would be sent (dry run: nothing sent)` : `${t.pointsOut} points in ${t.payloadsAcked} payloads sent, ${t.payloadsFailed} payloads failed`;
  return (
    `backfill: ${t.events} events, ${t.streams.size} log streams, ${t.batches} batches; ${sent}; ` +
    `${t.tooOld} points older than 1 hour ${dryRun ? 'would be' : 'were'} left out (Datadog drops them), ${t.tooNew} more than 10 minutes ahead; ` +
    `${t.rejected} lines rejected`
  );
}

/** The account that owns the log group, from its ARN (the account tag of every metric); empty when not readable. */
async function ownerOf(logs: Pick<CloudWatchLogsClient, 'send'>, logGroup: string): Promise<string> {
  try {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }));
    const arn = out.logGroups?.find((group) => group.logGroupName === logGroup)?.arn ?? '';
    return arn.split(':')[4] ?? '';
  } catch {
    return '';
  }
}
