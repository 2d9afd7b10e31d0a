/**
 * The built library (dist/emitter, made by `npm run build`, which `npm test` runs first) on the system Node (v20
 * here) as well as on the Node running the tests: required as CommonJS and imported as ESM in one process, they must
 * share one buffer, and the lines they write must parse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLine } from '../../emitter/grammar.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '../../dist/emitter');
const script = join(here, 'fixtures/compat-check.mjs');

/** A Node binary other than the one running jest: npm's own (npm_node_execpath), else the first other `node` on PATH. */
function otherNode(): string | undefined {
  const running = realpathSync(process.execPath);
  const candidates = [process.env.npm_node_execpath];
  try {
    candidates.push(...execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n'));
  } catch {
    // no `which`, or no node on PATH
  }
  return candidates.find((path) => path && existsSync(path) && realpathSync(path) !== running);
}

function runCheck(node: string) {
  const run = spawnSync(node, [script, dist], { encoding: 'utf8', env: { ...process.env, MONITORING_TAGS: 'env:ci,team:platform', MONITORING_PREFIX: '' } });
  if (run.status !== 0) throw new Error(`compat script failed (exit ${String(run.status)}):\n${run.stderr}`);
  const report = JSON.parse(run.stderr.trim().split('\n').pop()!) as Record<string, unknown>;
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  const points = lines.map((line) => {
    const parsed = parseLine(line);
    if (!parsed.ok) throw new Error(`unparseable ${JSON.stringify(line)}`);
    return parsed.point;
  });
  return { report, points };
}

function expectCompatible(node: string): string {
  const { report, points } = runCheck(node);
  expect(report).toMatchObject({
    sameInstance: true,
    writesAfterMiddy: 1,
    writesAfterHandler: 2,
    result: 'handled',
    strictError: 'MetricsValidationError:bad_name',
    checkStatusCritical: 2,
  });
  expect(points.map((p) => [p.name, p.type, p.value, p.tags])).toEqual([
    ['compat.cjs', 'count', 2, ['env:ci', 'loaded:require', 'team:platform']],
    ['compat.esm', 'count', 3, ['env:ci', 'loaded:import', 'team:platform']],
    ['compat.handler', 'histogram', 42, ['env:ci', 'team:platform']],
    ['compat.exit', 'gauge', 1, ['env:ci', 'team:platform']],
  ]);
  return String(report.node);
}

const builtYet = existsSync(join(dist, 'index.cjs')) && existsSync(join(dist, 'middy.js'));
const other = otherNode();
const otherVersion = other ? execFileSync(other, ['--version'], { encoding: 'utf8' }).trim() : undefined;

describe('the built library across Node versions and module systems', () => {
  it('has been built (run `npm run build`; `npm test` does it first)', () => {
    expect(builtYet).toBe(true);
  });

  it(`works on the Node running the tests (${process.version})`, () => {
    expect(expectCompatible(process.execPath)).toBe(process.version);
  });

  const onOther = other ? it : it.skip;
  onOther(other ? `works on the system Node (${otherVersion}, ${other})` : 'SKIPPED: no Node other than the one running the tests was found', () => {
    expect(expectCompatible(other!)).toBe(otherVersion);
  });
});
