/**
 * How a request to a Datadog path is answered once its body is read, in Datadog's order of checks:
 * API key (403) → size as sent (413) → Content-Encoding (400) → size decompressed (413) → JSON (400) → the route.
 * Pure apart from the route's own handler.
 */
import { Encoding, IntakeLimits } from './constants.js';
import { decodeBody, encodingOf, type RawBody } from './body.js';
import { errorReply, StatusText } from './replies.js';
import type { Route, RouteContext } from './router.js';
import type { Fault, Reply, RequestRecord } from './types.js';

export type ApiKeyVerdict = RequestRecord['apiKey'];

export function apiKeyVerdict(header: string | string[] | undefined, apiKeys: ReadonlySet<string>): ApiKeyVerdict {
  if (header === undefined || header === '') return 'missing';
  return typeof header === 'string' && apiKeys.has(header) ? 'valid' : 'invalid';
}

/** The answer to an injected status fault, in Datadog's error shape; 429 says when to retry. */
export function faultReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
  const reply = errorReply(fault.status, StatusText[fault.status] ?? 'Injected fault');
  if (fault.status === 429) {
    reply.headers = {
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Period': '10',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(fault.rateLimitResetSeconds ?? 1),
    };
  }
  return reply;
}

export interface DatadogRequest {
  route: Route;
  apiKey: ApiKeyVerdict;
  contentEncoding: string | undefined;
  raw: RawBody;
  context: Omit<RouteContext, 'body'>;
}

export async function answerDatadog(request: DatadogRequest): Promise<{ reply: Reply; decodedBytes?: number }> {
  const { route, raw } = request;
  if (request.apiKey !== 'valid') return { reply: errorReply(403, 'Forbidden') };
  if (raw.data === undefined) {
    return { reply: errorReply(413, `Payload too large: more than ${IntakeLimits.maxWireBytes} bytes as sent`) };
  }
  const encoding = encodingOf(request.contentEncoding);
  const allowed = route.encodings ?? [Encoding.identity];
  if (typeof encoding !== 'string' || !allowed.includes(encoding)) {
    const name = typeof encoding === 'string' ? encoding : encoding.unknown;
    return { reply: errorReply(400, `Content-Encoding ${name} is not supported on ${route.path} (use: ${allowed.join(', ')})`) };
  }
  const decoded = decodeBody(raw.data, encoding, IntakeLimits.maxDecodedBytes);
  if (!decoded.ok) return { reply: errorReply(decoded.status, decoded.error) };
  const decodedBytes = decoded.data.length;
  let body: unknown;
  if (route.jsonBody) {
    try {
      body = JSON.parse(decoded.data.toString('utf8'));
    } catch {
      return { reply: errorReply(400, 'Payload is not valid JSON'), decodedBytes };
    }
  }
  return { reply: await route.handle({ ...request.context, body }), decodedBytes };
}
