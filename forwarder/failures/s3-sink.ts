/**
 * The durable FailureSink: each undelivered payload becomes one S3 object (record.ts), ready for the replay Lambda.
 *
 * A put that fails is logged loudly, per payload, and counted (the Datadog forwarder's failed-event store once kept
 * nothing and said nothing, #1129): the caller learns how many were kept and how many were not.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ErrorLogger } from '../ship/failure-sink.js';
import type { FailureMeta, FailureSink, Payload } from '../ship/types.js';
import { FailureLayout } from './constants.js';
import { objectKeys, toRecord } from './record.js';

export interface S3SinkOptions {
  client: Pick<S3Client, 'send'>;
  bucket: string;
  prefix?: string;
  logger: ErrorLogger;
  /** Epoch ms (stamped on each record). */
  now?: () => number;
}

export interface S3FailureSink extends FailureSink {
  /** Stored payloads survive this invocation, so the handler may rely on them instead of a Lambda retry. */
  readonly durable: true;
  /** Payloads this sink failed to keep since it was created. */
  storeErrors(): number;
}

export function createS3FailureSink(options: S3SinkOptions): S3FailureSink {
  const prefix = options.prefix ?? FailureLayout.defaultPrefix;
  const now = options.now ?? Date.now;
  let errors = 0;

  return {
    durable: true,
    storeErrors: () => errors,
    async store(payloads: Payload[], meta: FailureMeta) {
      const keys = objectKeys(prefix, payloads, meta.requestId);
      const context = { batchId: meta.requestId, functionName: meta.functionName, storedAt: now(), reasons: meta.reasons };
      const results = await Promise.all(
        payloads.map(async (payload, i) => {
          const key = keys[i]!;
          try {
            await options.client.send(
              new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: JSON.stringify(toRecord(payload, context)), ContentType: 'application/json' }),
            );
            return true;
          } catch (error) {
            errors++;
            const err = error as { name?: string; $metadata?: { httpStatusCode?: number } };
            options.logger.error('FAILURE STORE: an undelivered payload could NOT be written to S3 and is lost', {
              bucket: options.bucket,
              key,
              kind: payload.kind,
              points: payload.pointCount,
              error: err?.name ?? 'unknown',
              status: err?.$metadata?.httpStatusCode,
              requestId: meta.requestId,
              functionName: meta.functionName,
            });
            return false;
          }
        }),
      );
      const stored = results.filter(Boolean).length;
      return { stored, errors: payloads.length - stored };
    },
  };
}
