/**
 * A slow AWS, for the tests of the forwarder's first tag lookup: an HTTP proxy in front of moto that holds every
 * GetResources call (Resource Groups Tagging API, named by its X-Amz-Target header) for `delayMs` before passing it
 * on, and passes everything else at once. The SDK clients talk to it exactly as to moto (AWS_ENDPOINT_URL); only
 * time changes, as when the tagging API answers slowly under load.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const GET_RESOURCES = 'ResourceGroupsTaggingAPI_20170126.GetResources';

export interface SlowAws {
  endpoint: string;
  /** GetResources calls seen so far. */
  getResourcesCalls(): number;
  stop(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSlowAws(motoEndpoint: string, delayMs: number): Promise<SlowAws> {
  let calls = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      if (request.headers['x-amz-target'] === GET_RESOURCES) {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
      const answer = await fetch(new URL(request.url ?? '/', motoEndpoint), {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const out = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length')));
      response.end(out);
    })().catch(() => {
      response.writeHead(502);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    getResourcesCalls: () => calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
