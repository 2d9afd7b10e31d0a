/**
 * The local Datadog-compatible intake: `const intake = await startIntake({ apiKeys: ['test-key'] })`, then point the
 * forwarder at `intake.url`. node:http only. The API key is never logged or stored: the request log keeps whether it
 * was valid.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from './body.js';
import { ApiKeyHeader, IntakeLimits } from './constants.js';
import { FaultController } from './faults.js';
import { answerDatadog, apiKeyVerdict, faultReply } from './pipeline.js';
import { errorReply, StatusText } from './replies.js';
import { Router, type Route, type RouteContext } from './router.js';
import { registerControlRoutes } from './routes/control.js';
import { registerDatadogRoutes } from './routes/datadog.js';
import { registerQueryRoutes } from './routes/query.js';
import { IntakeStore } from './store.js';
import type { Intake } from './instance.js';
import type { IntakeOptions, Reply, RequestRecord } from './types.js';

export interface StartIntakeOptions extends IntakeOptions {
  /** Called after each request to a Datadog path (the CLI prints these). Never sees the API key. */
  onRequest?: (record: RequestRecord) => void;
}

interface Deps {
  router: Router;
  store: IntakeStore;
  faults: FaultController;
  apiKeys: ReadonlySet<string>;
  now: () => number;
  onRequest: (record: RequestRecord) => void;
  /** Aborted on stop(), so a delayed request does not hold the server open. */
  stopping: AbortSignal;
}

export async function startIntake(options: StartIntakeOptions): Promise<Intake> {
  if (!options.apiKeys.length) throw new Error('startIntake needs at least one API key in apiKeys');
  const router = new Router();
  registerDatadogRoutes(router);
  registerQueryRoutes(router);
  registerControlRoutes(router);
  const stopper = new AbortController();
  const deps: Deps = {
    router,
    store: new IntakeStore(),
    faults: new FaultController(),
    apiKeys: new Set(options.apiKeys),
    now: options.now ?? Date.now,
    onRequest: options.onRequest ?? (() => undefined),
    stopping: stopper.signal,
  };
  const server = createServer((request, response) => {
    handleRequest(request, response, deps).catch((error: unknown) => {
      // Last resort: a bug in the intake answers 500 instead of crashing the test run.
      send(response, errorReply(500, `intake error: ${(error as Error).message}`));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store: deps.store,
    faults: deps.faults,
    router,
    stop: () =>
      new Promise<void>((resolve) => {
        stopper.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, deps: Deps): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://intake.local');
  const method = request.method ?? 'GET';
  const match = deps.router.match(method, url.pathname);
  if (!match.found) {
    request.resume();
    const status = match.reason === 'wrong_method' ? 405 : 404;
    send(response, errorReply(status, StatusText[status] as string));
    return;
  }
  const context = { method, url, params: match.params, headers: request.headers, nowMs: deps.now(), store: deps.store, faults: deps.faults };
  if (match.route.kind === 'control') {
    send(response, await answerControl(match.route, request, context));
    return;
  }
  await answerDatadogRequest(match.route, request, response, { ...context, deps });
}

async function answerControl(route: Route, request: IncomingMessage, context: Omit<RouteContext, 'body'>): Promise<Reply> {
  const raw = await readBody(request, IntakeLimits.maxDecodedBytes);
  let body: unknown;
  if (route.jsonBody) {
    try {
      body = JSON.parse(raw.data?.toString('utf8') ?? '');
    } catch {
      return errorReply(400, 'body must be JSON');
    }
  }
  return route.handle({ ...context, body });
}

async function answerDatadogRequest(
  route: Route,
  request: IncomingMessage,
  response: ServerResponse,
  { deps, ...context }: Omit<RouteContext, 'body'> & { deps: Deps },
): Promise<void> {
  const record: Omit<RequestRecord, 'seq'> = {
    receivedAt: context.nowMs,
    method: context.method,
    path: context.url.pathname,
    status: 0,
    encoding: request.headers['content-encoding'] ?? 'identity',
    bytes: 0,
    apiKey: apiKeyVerdict(request.headers[ApiKeyHeader], deps.apiKeys),
  };
  const finish = (extra: Partial<RequestRecord>) => deps.onRequest(deps.store.recordRequest({ ...record, ...extra }));

  if (deps.faults.isDown) {
    request.socket.destroy();
    finish({ fault: 'down' });
    return;
  }
  const fault = deps.faults.take(record.path);
  if (fault?.kind === 'drop') {
    request.socket.destroy();
    finish({ fault: 'drop' });
    return;
  }
  if (fault?.kind === 'delay') {
    try {
      await sleep(fault.delayMs, undefined, { signal: deps.stopping });
    } catch {
      request.socket.destroy(); // the intake is stopping
      return;
    }
  }
  const raw = await readBody(request, IntakeLimits.maxWireBytes);
  const { reply, decodedBytes } =
    fault?.kind === 'status'
      ? { reply: faultReply(fault), decodedBytes: undefined }
      : await answerDatadog({ route, apiKey: record.apiKey, contentEncoding: request.headers['content-encoding'], raw, context });
  if (fault?.kind === 'late_answer') {
    // Stored above; the answer waits (the client may give up first, holding no answer for a stored payload).
    try {
      await sleep(fault.delayMs, undefined, { signal: deps.stopping });
    } catch {
      request.socket.destroy(); // the intake is stopping
    }
  }
  send(response, reply);
  const errors = (reply.body as { errors?: string[] } | undefined)?.errors;
  finish({
    status: reply.status,
    bytes: raw.bytes,
    ...(decodedBytes !== undefined ? { decodedBytes } : {}),
    ...(fault ? { fault: fault.kind } : {}),
    ...(errors?.length ? { errors } : {}),
  });
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return; // the client went away (a delay outlived its timeout)
  const body = reply.raw ?? JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...reply.headers,
  });
  response.end(body);
}
