/**
 * A private moto server (AWS emulator speaking the real wire protocol) for one test file.
 *
 *     const moto = await startMoto();            // in beforeAll
 *     const logs = new CloudWatchLogsClient(awsClientConfig(moto.endpoint));
 *     await moto.reset();                         // between tests, if they must not see each other's resources
 *     await moto.stop();                          // in afterAll
 *
 * Jest runs test files in parallel workers, so each file starts its own server on its own free port: no shared
 * state between files and nothing to coordinate. Startup is under a second (moto_server.py patches lazily).
 * The server also exits by itself when this process dies (it watches its stdin), so no orphan is left behind.
 */
import { CreateFunctionCommand, LambdaClient, type Architecture } from '@aws-sdk/client-lambda';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pythonWithTools } from './python-tools.js';

export interface Moto {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` to SDK clients (see awsClientConfig). */
  endpoint: string;
  /** Forgets every resource in every service (POST /moto-api/reset). The Docker-free config survives a reset. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Client settings for moto: any region works, us-east-1 by convention; credentials are not checked. */
export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Only the S3 client reads it (moto cannot serve virtual-host buckets on 127.0.0.1); others ignore it. */
  forcePathStyle: boolean;
}

export const MOTO_REGION = 'us-east-1';
/** moto's default account id: ARNs it creates carry it. */
export const MOTO_ACCOUNT = '123456789012';

export function awsClientConfig(endpoint: string): MotoClientConfig {
  return {
    endpoint,
    region: MOTO_REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
  };
}

const SCRIPT = fileURLToPath(new URL('./moto_server.py', import.meta.url));
/** moto_server.py exits with this code when moto cannot be imported. */
const MISSING_MOTO_EXIT = 3;
const INSTALL_HINT = 'moto server is not available: install it with `pip install "moto[server]"` (needs python3)';
// Node's fetch refuses these (SIP ports).
const BLOCKED_PORTS = new Set([5060, 5061]);
const STARTUP_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const found = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(found));
      });
    });
    if (port > 0 && !BLOCKED_PORTS.has(port)) return port;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Polls until the server answers; stops early with a clear error when the process fails to start or exits. */
async function waitUntilUp(child: ChildProcess, url: string, stderr: () => string): Promise<void> {
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error;
  });
  void exited(child).then((code) => {
    failure ??= code === MISSING_MOTO_EXIT
      ? new Error(INSTALL_HINT)
      : new Error(`moto server exited (code ${code}) before answering:\n${stderr().slice(-2000)}`);
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  child.kill('SIGKILL');
  throw new Error(`moto server did not answer ${url} within ${STARTUP_TIMEOUT_MS} ms:\n${stderr().slice(-2000)}`);
}

export interface StartMotoOptions {
  /** The Python interpreter; default `$MOTO_PYTHON`, else the one python-tools.ts finds (or installs) with moto. */
  python?: string;
  /** Flags for the interpreter (the launcher's own test passes `-S` to hide site-packages, i.e. moto). */
  pythonFlags?: string[];
}

export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const python = options.python ?? process.env.MOTO_PYTHON ?? pythonWithTools();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // stdin stays an open pipe: when it closes (stop() or this process dying) the server exits.
  const args = [...(options.pythonFlags ?? []), SCRIPT, '--port', String(port)];
  const child = spawn(python, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderrText = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrText = (stderrText + chunk).slice(-10_000);
  });
  await waitUntilUp(child, `${endpoint}/moto-api/`, () => stderrText);

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    async stop() {
      const done = exited(child);
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(timer);
    },
  };
}

/**
 * Creates an IAM role Lambda can "assume" and returns its ARN: moto refuses CreateFunction for a role that does not
 * exist. Spoken through IAM's query protocol with fetch (the repository has no IAM client); moto reads the service
 * from the Authorization header and does not check the signature.
 */
export async function createLambdaRole(endpoint: string, roleName = 'moto-lambda-role'): Promise<string> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify(trust),
  });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${MOTO_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const text = await response.text();
  if (response.ok) return `arn:aws:iam::${MOTO_ACCOUNT}:role/${roleName}`;
  if (text.includes('EntityAlreadyExists')) return `arn:aws:iam::${MOTO_ACCOUNT}:role/${roleName}`;
  throw new Error(`IAM CreateRole answered ${response.status}: ${text.slice(0, 300)}`);
}

/** A test function's settings; moto without Docker never runs its code, so it has none worth the name. */
export interface MotoFunction {
  tags?: Record<string, string>;
  /** MemorySize in MB (moto's default when left out). */
  memory?: number;
  arch?: Architecture;
}

/** Creates a Lambda function in moto (and the role it needs) and returns its ARN. */
export async function createMotoFunction(endpoint: string, name: string, options: MotoFunction = {}): Promise<string> {
  const out = await new LambdaClient(awsClientConfig(endpoint)).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs24.x',
      Role: await createLambdaRole(endpoint),
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array(Buffer.from('never run without Docker')) },
      ...(options.memory ? { MemorySize: options.memory } : {}),
      ...(options.arch ? { Architectures: [options.arch] } : {}),
      ...(options.tags ? { Tags: options.tags } : {}),
    }),
  );
  return out.FunctionArn as string;
}
