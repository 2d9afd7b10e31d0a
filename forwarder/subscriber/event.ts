/**
 * Which kind of run an event asks for: the CloudTrail CreateLogGroup event through EventBridge
 * (`detail.eventName: "CreateLogGroup"`, `detail.requestParameters.logGroupName`) names one new log group; anything
 * else (the schedule's event, a manual test invoke) means "go through them all".
 */
export type SubscriberRequest = { kind: 'one'; logGroupName: string } | { kind: 'all' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readSubscriberEvent(event: unknown): SubscriberRequest {
  if (!isRecord(event) || !isRecord(event.detail)) return { kind: 'all' };
  const { detail } = event;
  if (detail.eventName !== 'CreateLogGroup' || !isRecord(detail.requestParameters)) return { kind: 'all' };
  const name = detail.requestParameters.logGroupName;
  return typeof name === 'string' && name !== '' ? { kind: 'one', logGroupName: name } : { kind: 'all' };
}
