/**
 * The package as a user gets it: `npm pack` of the built tree, unpacked into a consumer's node_modules, offline.
 * npm packs a copy of the package root (package.json, README.md, LICENSE and the whole of dist/): the `files` field
 * decides what ships, as it does for `npm publish`, and a build that replaces dist/ meanwhile cannot change the pack.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export interface Packed {
  /** The .tgz file. */
  tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
  packageJson: PackageJson;
}

export interface PackageJson {
  name: string;
  license?: string;
  main?: string;
  module?: string;
  types?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  bin?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The files package.json points at (main, module, types, bin and every exports target). */
function pointedAt(pkg: PackageJson): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(targets) : [];
  return [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin ?? {}), ...targets(pkg.exports)].filter((path): path is string => path !== undefined);
}

/**
 * A copy of the package root, taken when every file package.json points at is there: a build started meanwhile
 * (`npm run build` empties dist/ first) is waited out, for at most a minute.
 */
async function stagedCopy(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const stage = mkdtempSync(join(tmpdir(), 'package-stage-'));
    try {
      for (const entry of ['package.json', 'README.md', 'LICENSE', 'dist']) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
      const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as PackageJson;
      const missing = pointedAt(pkg).filter((path) => !existsSync(join(stage, path)));
      if (missing.length === 0) return stage;
      if (attempt >= 30) throw new Error(`the build is incomplete (run \`npm run build\`; npm test does): missing ${missing.join(', ')}`);
    } catch (error) {
      if (attempt >= 30) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** npm pack of the package, into a new temporary directory. */
export async function pack(): Promise<Packed> {
  const stage = await stagedCopy();
  const out = mkdtempSync(join(tmpdir(), 'package-pack-'));
  const json = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  const [result] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (result === undefined) throw new Error(`npm pack said nothing: ${json}`);
  const tarball = join(out, result.filename);
  return { tarball, files: result.files.map((f) => f.path).sort(), packageJson: JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as PackageJson };
}

/** A new consumer directory with the tarball unpacked as node_modules/lambda-dd-metrics; returns the directory. */
export function consumerWith(tarball: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'package-consumer-'));
  const target = join(dir, 'node_modules', 'lambda-dd-metrics');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  return dir;
}
