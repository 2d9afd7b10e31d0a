/**
 * Replay: list the stored payloads, drop what Datadog would no longer take, resend the rest, and delete each object
 * only after the intake acknowledged it.
 *
 * Exactness. The object is deleted AFTER the 202, so the replay is at-least-once: a run that dies between the 202 and
 * the DeleteObject (a timeout, a crash, a failed delete) leaves the object, and the next run sends it again.
 *   - series (count/gauge) and check runs: harmless, Datadog keeps the last value per metric + tags + timestamp;
 *   - distributions: those values would be counted twice.
 * The other order (delete, then send) would lose the payload instead whenever the send fails or the run dies during
 * it, which is far more likely than dying in the milliseconds between a 202 and a delete. To keep that window small,
 * each object is deleted right after its own 202 (not at the end of the run), and no object is started when too little
 * time is left for its send and its delete. A run or two over the same bucket otherwise resends nothing: an object is
 * either still there (not acknowledged) or gone.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { sendPayload, type SendOptions } from '../ship/send.js';
import { emptyReport } from '../ship/ship.js';
import type { ErrorLogger } from '../ship/failure-sink.js';
import type { Payload } from '../ship/types.js';
import { FailureLayout } from './constants.js';
import { dropExpired } from './expiry.js';
import { encodePayload, readRecord } from './record.js';
import type { ReplayReport } from './types.js';

export interface ReplayOptions {
  client: Pick<S3Client, 'send'>;
  bucket: string;
  prefix: string;
  send: SendOptions;
  concurrency: number;
  /** Epoch ms: expiry is measured from here. */
  now: () => number;
  logger: ErrorLogger;
}

export function emptyReplayReport(): ReplayReport {
  return { listed: 0, replayed: 0, pointsReplayed: 0, expiredPoints: {}, expiredPayloads: 0, failed: 0, deleteErrors: 0, unreadable: 0, deferred: 0, readErrors: 0 };
}

export async function replayStored(options: ReplayOptions): Promise<ReplayReport> {
  const report = emptyReplayReport();
  const keys = await listKeys(options, report);
  report.listed = keys.length;
  const limit = pLimit(Math.max(1, options.concurrency));
  await Promise.all(keys.map((key) => limit(() => replayOne(key, options, report))));
  return report;
}

async function listKeys(options: ReplayOptions, report: ReplayReport): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await options.client.send(
        new ListObjectsV2Command({ Bucket: options.bucket, Prefix: options.prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    report.readErrors++;
    options.logger.error('Replay could not list the failure bucket', { bucket: options.bucket, error: nameOf(error) });
  }
  return keys;
}

/** Enough time for one send (its request timeout) and a delete after it. */
function timeForOne(send: SendOptions): boolean {
  return send.remainingMs() > send.policy.safetyMarginMs + send.policy.requestTimeoutMs + 1_000;
}

async function replayOne(key: string, options: ReplayOptions, report: ReplayReport): Promise<void> {
  if (!timeForOne(options.send)) {
    report.deferred++;
    return;
  }
  let text: string;
  try {
    const object = await options.client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    text = (await object.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    report.readErrors++;
    options.logger.error('Replay could not read a stored payload; it stays for the next run', { key, error: nameOf(error) });
    return;
  }

  const read = readRecord(text);
  if (!read.ok) {
    report.unreadable++;
    options.logger.error('Stored object is not a failure record: moved aside, not sent', { key, problem: read.problem });
    await setAside(key, text, options);
    return;
  }

  const { items, expired } = dropExpired(read.payload, Math.floor(options.now() / 1000));
  if (expired > 0) report.expiredPoints[read.payload.kind] = (report.expiredPoints[read.payload.kind] ?? 0) + expired;
  if (items.items.length === 0) {
    report.expiredPayloads++;
    await remove(key, options, report);
    return;
  }
  // Untouched payloads go out byte for byte as stored; a payload that lost points is re-encoded.
  const payload: Payload = expired === 0 ? read.payload : encodePayload(items);

  const shipped = emptyReport();
  await sendPayload(payload, options.send, shipped);
  // (A 413 split whose halves only partly succeed also lands here and is resent whole: stored payloads already fit
  // the limits they were built with, so this needs the limits to have shrunk in between.)
  if (shipped.failed.length > 0) {
    report.failed++;
    options.logger.error('Replay: a stored payload was not acknowledged; it stays for the next run', {
      key,
      kind: payload.kind,
      reasons: shipped.failed.map((f) => `${f.reason} (${f.lastStatus})`),
    });
    return;
  }
  report.replayed++;
  report.pointsReplayed += shipped.acked.reduce((sum, p) => sum + p.pointCount, 0);
  await remove(key, options, report);
}

async function remove(key: string, options: ReplayOptions, report: ReplayReport): Promise<void> {
  try {
    await options.client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
  } catch (error) {
    report.deleteErrors++;
    options.logger.error('Replay: delivered but could not delete; the next run sends it again (distribution values would count twice)', {
      key,
      error: nameOf(error),
    });
  }
}

/** Copies an unreadable object under unreadable/ (for a human to look at) and deletes it from the replay's prefix. */
async function setAside(key: string, text: string, options: ReplayOptions): Promise<void> {
  try {
    await options.client.send(new PutObjectCommand({ Bucket: options.bucket, Key: `${FailureLayout.unreadablePrefix}${key}`, Body: text }));
    await options.client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
  } catch (error) {
    options.logger.error('Replay could not move an unreadable object aside', { key, error: nameOf(error) });
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
