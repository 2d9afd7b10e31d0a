/**
 * A TypeScript user's project against the packed tarball (issue 15.5), compiled by the repository's tsc with the
 * declaration files checked too (skipLibCheck off): `module: node16` and `nodenext`, each as an ESM package
 * ("type": "module") and a CommonJS one ("type": "commonjs", where the package's `require` types are read), and
 * `moduleResolution: bundler`. The consumer uses every entry (`.`, `./middy`, `./grammar`) and one deliberate type
 * error: were the types lost (`any`), its @ts-expect-error would fail the compile. The same CommonJS consumer against
 * the tarball with its `.d.cts` types taken away must fail with TS1479, the error users had: the test can see it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerWith, pack, TSC } from './support.js';

const CONSUMER = `import { CheckStatus, createMetrics, metric, MetricsValidationError, withMetrics, type MetricsOptions } from 'lambda-dd-metrics';
import { metricsMiddleware } from 'lambda-dd-metrics/middy';
import { parseLine } from 'lambda-dd-metrics/grammar';

const options: MetricsOptions = { tags: { service: 'checkout' }, strict: true };
const metrics = createMetrics(options);
metrics.count('orders.placed', 1, { plan: 'pro' });
metrics.check('checkout.up', CheckStatus.Ok);
metric.gauge('queue.depth', 3);
// @ts-expect-error a value is a number: the package's types are read, not \`any\`
metrics.histogram('checkout.latency', '12');

export const handler = withMetrics(async (event: { id: string }) => event.id.length);
export const middleware = metricsMiddleware({ metrics });
const parsed = parseLine('MONITORING|1700000000|1|count|orders.placed');
export const name: string = parsed.ok ? parsed.point.name : parsed.reason;
export const isValidationError = (error: unknown): boolean => error instanceof MetricsValidationError;
`;

/** One tsc run takes 7-9 s on a busy 2-core machine. */
const TSC_TIMEOUT_MS = 90_000;

interface Setting {
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, string>;
}

const SETTINGS: Record<string, Setting> = {
  'node16, ESM package': { type: 'module', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  'node16, CommonJS package': { type: 'commonjs', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  'nodenext, ESM package': { type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  'nodenext, CommonJS package': { type: 'commonjs', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  'bundler resolution': { type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
};

/** tsc on a consumer project in a copy of `base` (a directory with node_modules/lambda-dd-metrics). */
function compile(base: string, setting: Setting): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'package-tsc-'));
  cpSync(base, dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: setting.type }));
  const compilerOptions = { ...setting.compilerOptions, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
  const run = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let installed: string;
beforeAll(async () => {
  installed = consumerWith((await pack()).tarball);
}, 120_000);

describe('a TypeScript consumer of the packed tarball compiles', () => {
  it.each(Object.keys(SETTINGS))('%s', (name) => {
    expect(compile(installed, SETTINGS[name] as Setting)).toEqual({ status: 0, output: '' });
  }, TSC_TIMEOUT_MS);

  it('a CommonJS consumer fails with TS1479 when the require condition has only the ESM types (the test can fail)', () => {
    const withoutCts = mkdtempSync(join(tmpdir(), 'package-no-cts-'));
    cpSync(installed, withoutCts, { recursive: true });
    const manifest = join(withoutCts, 'node_modules/lambda-dd-metrics/package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { types: string }; require?: { types: string } }> };
    for (const entry of Object.values(pkg.exports)) if (entry.require && entry.import) entry.require.types = entry.import.types;
    writeFileSync(manifest, JSON.stringify(pkg));

    const { status, output } = compile(withoutCts, SETTINGS['node16, CommonJS package'] as Setting);

    expect(status).not.toBe(0);
    expect(output).toContain('error TS1479');
  }, TSC_TIMEOUT_MS);
});
