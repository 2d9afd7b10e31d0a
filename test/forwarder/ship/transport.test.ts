/**
 * transport.ts against real node:http servers on loopback (no mock): what an attempt that got no answer reports about
 * whether its body may have been stored (mayHaveLanded), and that an answer waiting in the socket while this
 * process was starved is read, not abandoned.
 *
 * "Before send" cases use a body larger than the loopback socket buffers, so it cannot have been handed over in full
 * when the server cuts the connection or stops reading; "after send" cases use a small body the server reads to its
 * end before cutting or keeping silent.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { AnswerTimes } from '../../../forwarder/ship/patience.js';
import { post, type PostRequest } from '../../../forwarder/ship/transport.js';

const SMALL = Buffer.from(JSON.stringify({ series: [] }));
/** Far more than loopback's socket buffers hold: the body cannot all be out while the server does not read it. */
const LARGE = Buffer.alloc(48 * 1024 * 1024, 0x20);

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void, onConnection?: (socket: Socket) => void): Promise<URL> {
  const server = createServer(handler);
  if (onConnection) server.on('connection', onConnection);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/series`);
}

function request(url: URL, body: Buffer, limits: Partial<Pick<PostRequest, 'patienceMs' | 'hardMs' | 'answerTimes'>> = {}): PostRequest {
  return { url, headers: { 'Content-Type': 'application/json' }, body, patienceMs: 30_000, hardMs: 60_000, ...limits };
}

/** Reads the whole body, then runs `then`. */
const afterBody = (then: (request: IncomingMessage, response: ServerResponse) => void) => (request: IncomingMessage, response: ServerResponse) => {
  request.resume();
  request.on('end', () => then(request, response));
};

/**
 * A server on its own thread (`source`: CommonJS run in a Worker, posting its port, closing on any message), so it
 * answers while this thread spins; `flags` is an Int32Array shared with it. Started before and stopped after the
 * tests of the describe block it is called in.
 */
function serverOnItsOwnThread(source: string, path: string): { flags: () => Int32Array; url: () => URL } {
  let worker: Worker;
  let flags: Int32Array;
  let url: URL;
  beforeAll(async () => {
    const shared = new SharedArrayBuffer(8);
    flags = new Int32Array(shared);
    worker = new Worker(source, { eval: true, workerData: { shared } });
    const [port] = (await once(worker, 'message')) as [number];
    url = new URL(`http://127.0.0.1:${port}${path}`);
  });
  afterAll(async () => {
    worker.postMessage('stop');
    await once(worker, 'exit');
  });
  return { flags: () => flags, url: () => url };
}

describe('answered', () => {
  it('a status is a response, whatever it is; the answer time is recorded', async () => {
    const url = await serve(afterBody((_, response) => response.writeHead(202).end('{}')));
    const answerTimes = new AnswerTimes();
    expect(await post(request(url, SMALL, { answerTimes }))).toEqual({ kind: 'response', status: 202 });
    expect(answerTimes.slowest()).toBeGreaterThan(0);
  });

  it('429 carries X-RateLimit-Reset', async () => {
    const url = await serve(afterBody((_, response) => response.writeHead(429, { 'X-RateLimit-Reset': '7' }).end('{}')));
    expect(await post(request(url, SMALL, { answerTimes: new AnswerTimes() }))).toEqual({ kind: 'response', status: 429, rateLimitResetSeconds: 7 });
  });
});

describe('no answer: may it have landed?', () => {
  it('connection refused: a network failure that cannot have landed', async () => {
    const url = await serve(() => undefined);
    const [server] = servers.splice(0);
    await new Promise((resolve) => server!.close(resolve)); // nothing listens on that port now
    expect(await post(request(url, SMALL))).toEqual({ kind: 'network', detail: 'ECONNREFUSED', mayHaveLanded: false });
  });

  it('reset before the body was out: cannot have landed', async () => {
    const url = await serve(() => undefined, (socket) => socket.destroy());
    const outcome = await post(request(url, LARGE));
    expect(outcome).toMatchObject({ kind: 'network', mayHaveLanded: false });
  });

  it('reset after the server read the whole body: may have landed', async () => {
    const url = await serve(afterBody((incoming) => incoming.socket.destroy()));
    const outcome = await post(request(url, SMALL));
    expect(outcome).toMatchObject({ kind: 'network', mayHaveLanded: true });
  });

  it('timeout while the server was not reading the body: cannot have landed', async () => {
    const url = await serve((incoming) => incoming.pause()); // reads the headers, never the body
    expect(await post(request(url, LARGE, { patienceMs: 300 }))).toEqual({ kind: 'timeout', mayHaveLanded: false });
  });

  it('timeout after the server read the whole body and kept silent: may have landed', async () => {
    const url = await serve(afterBody(() => undefined));
    expect(await post(request(url, SMALL, { patienceMs: 300 }))).toEqual({ kind: 'timeout', mayHaveLanded: true });
  });

  it('the wall-clock limit ends the wait too', async () => {
    const url = await serve(afterBody(() => undefined));
    expect(await post(request(url, SMALL, { patienceMs: 60_000, hardMs: 300 }))).toEqual({ kind: 'timeout', mayHaveLanded: true });
  });
});

describe('a starved event loop', () => {
  /**
   * A server on its own thread (its own event loop), so it answers while this thread spins. flags[0]: the server has
   * read a request body; flags[1]: this thread lets it answer. The answer is written while this thread is busy, so
   * it is waiting in the socket when the loop wakes, past the request's limits.
   */
  const workerSource = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const flags = new Int32Array(workerData.shared);
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        Atomics.store(flags, 0, 1);
        Atomics.wait(flags, 1, 0, 20000);
        Atomics.store(flags, 1, 0);
        response.writeHead(202, { 'Content-Type': 'application/json' });
        response.end('{}');
      });
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => { server.closeAllConnections(); server.close(); parentPort.close(); });
  `;
  const server = serverOnItsOwnThread(workerSource, '/api/v1/distribution_points');

  function busyWait(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // spin: this thread's event loop cannot run
    }
  }

  /** Starts the request, waits until the server has the body, lets it answer, and starves this thread for `ms`. */
  async function starvedWhileAnswered(limits: Pick<PostRequest, 'patienceMs' | 'hardMs'>, ms: number) {
    const pending = post(request(server.url(), SMALL, { ...limits, answerTimes: new AnswerTimes() }));
    while (Atomics.load(server.flags(), 0) === 0) await new Promise((resolve) => setImmediate(resolve));
    Atomics.store(server.flags(), 0, 0);
    Atomics.store(server.flags(), 1, 1);
    Atomics.notify(server.flags(), 1);
    busyWait(ms);
    return pending;
  }

  it('a stall longer than the patience: the answer waiting in the socket is read, not abandoned', async () => {
    expect(await starvedWhileAnswered({ patienceMs: 300, hardMs: 60_000 }, 1_500)).toEqual({ kind: 'response', status: 202 });
  });

  it('past the wall-clock limit on waking, an answer already in the socket is still read first', async () => {
    expect(await starvedWhileAnswered({ patienceMs: 60_000, hardMs: 1_000 }, 2_500)).toEqual({ kind: 'response', status: 202 });
  });
});

describe('a keep-alive connection the server closed while this process was busy', () => {
  /**
   * On its own thread: answers at once, announces `Keep-Alive: timeout=10` (so the pool here would keep the connection
   * 4 s) but closes idle connections after 1 s, as a server does on its own clock. flags[0]: connections closed.
   */
  const workerSource = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const flags = new Int32Array(workerData.shared);
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(202, { 'Content-Type': 'application/json', 'Keep-Alive': 'timeout=10' });
        response.end('{}');
      });
    });
    server.on('connection', (socket) => socket.on('close', () => Atomics.add(flags, 0, 1)));
    server.keepAliveTimeout = 1000;
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => { server.closeAllConnections(); server.close(); parentPort.close(); });
  `;
  const server = serverOnItsOwnThread(workerSource, '/api/v2/series');

  it('is not reused: the next request goes out on a new connection and is answered', async () => {
    expect(await post(request(server.url(), SMALL, { answerTimes: new AnswerTimes() }))).toEqual({ kind: 'response', status: 202 });
    // Synchronous work right after the answer (the next batch's parse), in the same turn: the server's close arrives
    // meanwhile and waits unread. Written to that connection, the request would fail after its body was out (an
    // ambiguous failure) although the server never read it.
    const until = performance.now() + 3_000;
    while (performance.now() < until) {
      // busy
    }
    expect(Atomics.load(server.flags(), 0)).toBe(1); // the server did close it
    expect(await post(request(server.url(), SMALL, { answerTimes: new AnswerTimes() }))).toEqual({ kind: 'response', status: 202 });
  });
});
