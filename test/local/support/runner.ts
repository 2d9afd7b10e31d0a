/**
 * Starts the local runner (`npm start` without the build step) as a child process: the same Node as the tests
 * (Node 24 under npm), tsx as its loader. The caller stops it; nothing here waits on wall-clock time except a
 * generous limit on how long the runner may take to say where its intake listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FORWARDER_BUNDLE = `${ROOT}dist/forwarder/index.js`;

export interface RunnerProcess {
  child: ChildProcess;
  /** The intake's URL, once the runner has printed it. */
  url: Promise<string>;
  /** Exit code (null when killed by a signal). */
  exit: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export function requireBuild(): void {
  if (!existsSync(FORWARDER_BUNDLE)) throw new Error(`${FORWARDER_BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
}

export function startRunner(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunnerProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The runner must talk to its own intake, never to a real Datadog account a developer has configured.
  delete childEnv.DD_API_KEY;
  delete childEnv.DD_SITE;
  delete childEnv.DD_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/run.ts', ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      const match = /Local Datadog intake: (http:\/\/\S+)/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the runner exited (${code}) before starting its intake:\n${err}`)));
  });
  url.catch(() => undefined); // a caller that only waits for the exit need not handle this
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exit, stdout: () => out, stderr: () => err };
}
