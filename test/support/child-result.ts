/**
 * Runs a Node child that prints one `RESULT <json>` line (the forwarder bundle under the Lambda runtime's flags,
 * in tests that measure it from outside: memory, bombs, the bundle's lazy files) and returns that JSON; a child that
 * fails or prints no result throws with the end of its output.
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export const RESULT_PREFIX = 'RESULT ';

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  /** What the child is, for the error. */
  what: string;
  /** Fail when the child wrote anything to stderr (a warning it should not have). */
  quiet?: boolean;
}

export async function childResult<T>(args: readonly string[], options: ChildOptions): Promise<T> {
  const spawnOptions: SpawnOptions = { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] };
  // process.execPath: the Node that runs jest (Node 24 under npm scripts), the Lambda runtime's major version.
  const child = spawn(process.execPath, args, spawnOptions);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line || (options.quiet === true && err !== '')) throw new Error(`${options.what} failed (exit ${code}):\n${err.slice(-2000)}\n${out.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}
