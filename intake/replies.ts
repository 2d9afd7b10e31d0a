/** Response bodies in Datadog's shapes (APIErrorResponse, IntakePayloadAccepted). */
import type { Reply } from './types.js';

/** Datadog's error body: `{"errors":[…]}`. */
export function errorReply(status: number, ...errors: string[]): Reply {
  return { status, body: { errors } };
}

/** v2 intake success: 202 `{"errors":[]}`. */
export const acceptedV2 = (): Reply => ({ status: 202, body: { errors: [] } });

/** v1 intake success (distribution_points, check_run): 202 `{"status":"ok"}`, as Datadog's v1 spec describes it. */
export const acceptedV1 = (): Reply => ({ status: 202, body: { status: 'ok' } });

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** What each injected status answers with, in Datadog's words where it has them. */
export const StatusText: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  413: 'Payload too large',
  429: 'Too many requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
