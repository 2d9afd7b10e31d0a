/**
 * A loopback HTTP server that answers like a healthy Datadog intake at once (the API key check with valid:true,
 * every submission 202) and keeps nothing: for measuring the forwarder's own cost (benchmarks, memory tests), where
 * the local intake's storing and checking would be measured too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FastSink {
  url: string;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

export async function startFastSink(): Promise<FastSink> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests++;
      const validate = request.url?.startsWith('/api/v1/validate') ?? false;
      response.writeHead(validate ? 200 : 202, { 'content-type': 'application/json' });
      response.end(validate ? '{"valid":true}' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
