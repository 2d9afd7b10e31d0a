/**
 * Log events of one stream → the event a CloudWatch Logs subscription hands to a Lambda (wire-formats §2):
 * `{"awslogs":{"data": base64(gzip(DATA_MESSAGE JSON))}}`. Pure.
 */
import { gzipSync } from 'node:zlib';
import type { LogEvent } from './types.js';

export const SUBSCRIPTION_FILTER = 'lambda-dd-metrics-local';
/** PutLogEvents accepts at most 10,000 events a batch; a delivery never holds more. */
export const MAX_EVENTS_PER_BATCH = 10_000;

export interface DataMessage {
  messageType: 'DATA_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: LogEvent[];
}

export interface SubscriptionEvent {
  awslogs: { data: string };
}

export function dataMessage(owner: string, logGroup: string, logStream: string, events: readonly LogEvent[]): DataMessage {
  return { messageType: 'DATA_MESSAGE', owner, logGroup, logStream, subscriptionFilters: [SUBSCRIPTION_FILTER], logEvents: [...events] };
}

export function encodeSubscriptionEvent(message: unknown): SubscriptionEvent {
  return { awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } };
}

/** One stream's events as one or more subscription events (split at the batch limit). */
export function subscriptionEvents(owner: string, logGroup: string, logStream: string, events: readonly LogEvent[]): SubscriptionEvent[] {
  const out: SubscriptionEvent[] = [];
  for (let at = 0; at < events.length; at += MAX_EVENTS_PER_BATCH) {
    out.push(encodeSubscriptionEvent(dataMessage(owner, logGroup, logStream, events.slice(at, at + MAX_EVENTS_PER_BATCH))));
  }
  return out;
}
