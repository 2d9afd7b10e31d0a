/**
 * One POST to the intake over node:http / node:https, on keep-alive connections kept from one warm invocation to the
 * next. Written on node:http rather than fetch because the forwarder must know what fetch does not say:
 * - whether the whole body had been handed to the connection when a request failed (then Datadog may have stored
 *   it, and a resend may count it twice) or not (nothing can have landed);
 * - a time limit that does not count a starved event loop against the server (deadline.ts);
 * and because it costs less CPU per request (no WHATWG streams, Headers or Response objects).
 *
 * Idle connections are not reused after KeepAlive.maxIdleMs of wall-clock time (Date.now, which a frozen Lambda
 * container's timers cannot be trusted with): a server closes idle connections, and a request written to one it has
 * just closed fails after its body was sent, an ambiguous failure this avoids. A connection's age is counted from
 * the start of its last request, not from when its answer was read: the server's idle clock starts at its answer,
 * which came after that start, while a forwarder starved of CPU may read the answer seconds late and take the
 * connection for younger than the server does.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { startDeadline } from './deadline.js';
import { processAnswerTimes, type AnswerTimes } from './patience.js';
import { parseRateLimitReset } from './retry-policy.js';
import type { AttemptOutcome } from './types.js';

export const KeepAlive = {
  /**
   * An idle connection older than this is closed rather than reused. Below the 5 s idle timeout of Node's own HTTP
   * server and the 60 s of common load balancers; a server's `Keep-Alive: timeout=N` lowers it to N / 2 s (a server
   * short of CPU may run its idle timer before reading a request that arrived just in time, and drop it unread).
   */
  maxIdleMs: 4_000,
} as const;

export interface PostRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  /** Awake time the server is given (patience.ts). */
  patienceMs: number;
  /** Wall-clock limit, the invocation's deadline minus the safety margin. */
  hardMs: number;
  /** Where the answer time is recorded (default: the process-wide record). */
  answerTimes?: AnswerTimes;
}

/** Per pooled connection: when its last request started (Date.now), and its idle limit from the server's hint. */
const lastStart = new WeakMap<Socket, number>();
const idleLimit = new WeakMap<Socket, number>();
const agents = {
  'http:': new HttpAgent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }),
} as const;

/**
 * Closes the idle connections that have waited too long (checked when a request starts, by the wall clock), and
 * those the server has closed (its close read in the turn post() waits first).
 */
function dropStaleConnections(agent: HttpAgent, now: number): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    if (!sockets) continue;
    for (let i = sockets.length - 1; i >= 0; i--) {
      const socket = sockets[i] as Socket;
      const since = lastStart.get(socket) ?? now;
      const closedByServer = socket.destroyed || socket.readableEnded || !socket.writable;
      if (closedByServer || now - since >= (idleLimit.get(socket) ?? KeepAlive.maxIdleMs)) {
        sockets.splice(i, 1);
        socket.destroy();
      }
    }
  }
}

/** A server's `Keep-Alive: timeout=N` (seconds) as this connection's idle limit: half of it. */
function noteKeepAliveHint(response: IncomingMessage): void {
  const hint = /(?:^|,)\s*timeout=(\d{1,6})/.exec(headerOf(response, 'keep-alive') ?? '')?.[1];
  if (hint) idleLimit.set(response.socket, Math.min(KeepAlive.maxIdleMs, (Number(hint) * 1000) / 2));
}

/**
 * Sends `body` once. Never throws and never rejects: every ending is an AttemptOutcome.
 *
 * It first lets the event loop poll for I/O once more. A server closes an idle connection on its own clock; when that
 * close arrives while this process is busy (parsing the next batch, or starved of CPU after reading the previous answer
 * late, which makes the connection look younger here than it is), it waits unread in the socket, the pool would hand
 * the closed connection out, and the request would fail after its body was written: an ambiguous failure (counted,
 * resent) for a payload that never reached the server. The poll reads the close first. Two immediates: called from
 * an I/O callback, the first runs in this very turn's check phase, before any new poll; the second after one.
 */
export async function post(request: PostRequest): Promise<AttemptOutcome> {
  await nextPoll();
  await nextPoll();
  const agent = request.url.protocol === 'https:' ? agents['https:'] : agents['http:'];
  dropStaleConnections(agent, Date.now());
  const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const answerTimes = request.answerTimes ?? processAnswerTimes;

  return new Promise((resolve) => {
    let bodyOut = false;
    let answer: { status: number; rateLimitResetSeconds?: number } | undefined;
    let done = false;
    const finish = (outcome: AttemptOutcome) => {
      if (done) return;
      done = true;
      deadline.stop();
      resolve(outcome);
    };
    const unanswered = (kind: 'timeout' | 'network', detail?: string): AttemptOutcome =>
      kind === 'timeout' ? { kind, mayHaveLanded: bodyOut } : { kind, detail: detail ?? 'unknown', mayHaveLanded: bodyOut };

    const req: ClientRequest = send(request.url, {
      method: 'POST',
      agent,
      headers: { ...request.headers, 'Content-Length': String(request.body.length) },
    });
    const deadline = startDeadline({
      patienceMs: request.patienceMs,
      hardMs: request.hardMs,
      onExpire: () => {
        // A status already read is a definite answer, even if its body never finished.
        finish(answer ? { kind: 'response', ...answer } : unanswered('timeout'));
        req.destroy();
      },
    });
    const startedAt = Date.now();
    req.on('socket', (socket: Socket) => lastStart.set(socket, startedAt));
    req.on('finish', () => (bodyOut = true)); // the whole body was handed to the connection
    req.on('response', (response) => {
      answerTimes.record(deadline.awakeMs());
      answer = { status: response.statusCode ?? 0 };
      const reset = parseRateLimitReset(headerOf(response, 'x-ratelimit-reset'));
      if (reset !== undefined) answer.rateLimitResetSeconds = reset;
      noteKeepAliveHint(response);
      // Read the (small) body to its end so the connection goes back to the pool; the status alone decides.
      response.on('end', () => finish({ kind: 'response', ...answer! }));
      response.on('error', () => finish({ kind: 'response', ...answer! }));
      response.resume();
    });
    // Only the error's code or name is kept: never a header or the URL.
    req.on('error', (error: NodeJS.ErrnoException) => finish(answer ? { kind: 'response', ...answer } : unanswered('network', error.code ?? error.name)));
    req.end(request.body);
  });
}

function nextPoll(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function headerOf(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
