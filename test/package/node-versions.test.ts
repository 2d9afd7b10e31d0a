/**
 * The packed emitter on every Node a Lambda runs it on (nodejs20.x, 22.x, 24.x; issue 15.5): the tarball unpacked into
 * a consumer's node_modules, loaded by name through `require` and through `import`, writing count, gauge, histogram and
 * check lines. Each Node is one found on this machine with that major version (npm's own Node, `node` on PATH, the
 * repository's pinned Node), else the `node` package of that major installed once into
 * node_modules/.cache/node<major> (npm ci empties it; the next run installs again, about 15 s each).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerWith, pack, ROOT } from './support.js';

const MAJORS = [20, 22, 24];
const SCRIPT = fileURLToPath(new URL('./fixtures/emit-lines.mjs', import.meta.url));
/** Installing a Node from the npm registry on a busy machine. */
const INSTALL_TIMEOUT_MS = 240_000;

function versionOf(node: string): string | undefined {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

const cachedNode = (major: number): string => join(ROOT, 'node_modules/.cache', `node${major}`, 'node_modules/.bin/node');

/** The Node binaries at hand: npm's own, every `node` on PATH, the pinned one, the running one, earlier installs. */
function candidates(): string[] {
  const found = [process.env.npm_node_execpath, join(ROOT, 'node_modules/.bin/node'), process.execPath, ...MAJORS.map(cachedNode)];
  try {
    found.push(...execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n'));
  } catch {
    // no `which`, or no node on PATH
  }
  return [...new Set(found.filter((path): path is string => !!path && existsSync(path)).map((path) => realpathSync(path)))];
}

/** A Node of `major`: one at hand, else the npm `node` package of that major, installed into the cache. */
function nodeOf(major: number): string {
  const atHand = candidates().find((node) => versionOf(node)?.startsWith(`v${major}.`));
  if (atHand !== undefined) return atHand;
  const prefix = join(ROOT, 'node_modules/.cache', `node${major}`);
  const install = spawnSync('npm', ['install', '--prefix', prefix, `node@${major}`, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
  const node = cachedNode(major);
  if (install.status !== 0 || !versionOf(node)?.startsWith(`v${major}.`)) {
    throw new Error(`no Node ${major} here, and installing node@${major} from npm failed (exit ${install.status}):\n${install.stdout}${install.stderr}`.slice(0, 4000));
  }
  return node;
}

let consumer: string;
beforeAll(async () => {
  consumer = consumerWith((await pack()).tarball);
  copyFileSync(SCRIPT, join(consumer, 'emit-lines.mjs'));
}, 120_000);

describe.each(MAJORS)('the packed emitter on Node %i', (major) => {
  let node: string;
  beforeAll(() => {
    node = nodeOf(major);
  }, INSTALL_TIMEOUT_MS + 30_000);

  it.each(['require', 'import'])('loaded through %s: count, gauge, histogram and check lines', (how) => {
    const run = spawnSync(node, [join(consumer, 'emit-lines.mjs'), how], { cwd: consumer, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

    expect(run.status).toBe(0);
    const report = JSON.parse(run.stderr.trim().split('\n').pop() ?? '{}') as { node: string; grammarReads: boolean };
    expect(report.node).toMatch(new RegExp(`^v${major}\\.`));
    expect(report.grammarReads).toBe(true);
    expect(run.stdout.split('\n').filter((line) => line !== '')).toEqual([
      `MONITORING|1700000000|5|count|nodes.count|#loaded:${how}`,
      `MONITORING|1700000000|7.5|gauge|nodes.gauge|#loaded:${how}`,
      `MONITORING|1700000000|12|histogram|nodes.histogram|#loaded:${how}`,
      `MONITORING|1700000000|30|histogram|nodes.histogram|#loaded:${how}`,
      `MONITORING|1700000000|1|check|nodes.check|#loaded:${how}`,
    ]);
  });
});
