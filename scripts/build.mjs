// Builds everything that ships: the emitter library (ESM + CJS + .d.ts) and one self-contained bundle per Lambda.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lazyChunks } from './lazy-chunks.mjs';

const here = new URL('..', import.meta.url).pathname;
process.chdir(here);
rmSync('dist', { recursive: true, force: true });

// The library: each public entry bundled on its own (no runtime dependencies to bundle; the default `metric`
// instance lives on globalThis, so the ESM and CJS copies and the middy entry all share one buffer).
const libraryEntries = ['emitter/index.ts', 'emitter/middy.ts', 'emitter/grammar.ts'].filter((f) => existsSync(f));
for (const format of ['esm', 'cjs']) {
  await build({
    entryPoints: libraryEntries,
    outdir: 'dist/emitter',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    outExtension: { '.js': format === 'esm' ? '.js' : '.cjs' },
    external: ['@middy/core'],
    logLevel: 'warning',
  });
}
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.emitter.json'], { stdio: 'inherit' });
writeCommonJsTypes('dist/emitter');

/**
 * The types of the `require` entries: a `.d.cts` beside each `.d.ts`. TypeScript reads a `.d.ts` in this package
 * ("type": "module") as ESM, so a CommonJS consumer (`module: node16`/`nodenext`) that required it got TS1479; a
 * `.d.cts` is CommonJS. Its relative imports name `.cjs` files, so they resolve to the other `.d.cts` files and the
 * whole tree stays CommonJS (one `.js` left would pull an ESM declaration back in).
 */
function writeCommonJsTypes(dir) {
  const relativeJs = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\.js\2/g;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    writeFileSync(`${dir}/${file.slice(0, -'.d.ts'.length)}.d.cts`, text.replace(relativeJs, '$1$2$3.cjs$2'));
  }
}

// The Lambdas: one CommonJS file each at dist/<name>/index.js, with a package.json saying so (the repository's own
// package.json says "type": "module", which would otherwise make Node read the bundle as ESM).
export const lambdas = {
  forwarder: 'forwarder/index.ts',
  poller: 'forwarder/poller/index.ts',
  replay: 'forwarder/replay/index.ts',
  subscriber: 'forwarder/subscriber/index.ts',
  'pipeline-what-changed': 'pipeline/handlers/what-changed.ts',
  'pipeline-start-build': 'pipeline/handlers/start-build.ts',
  'pipeline-check-build': 'pipeline/handlers/check-build.ts',
  'pipeline-notify': 'pipeline/handlers/notify.ts',
};
// Each dynamic import() in a Lambda's source becomes its own lazy-*.js file beside index.js (scripts/lazy-chunks.mjs:
// code that a cold start does not need is then not even compiled).
async function buildLambda(entry, outfile, chunks) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [lazyChunks(chunks)],
  });
}
for (const [name, entry] of Object.entries(lambdas)) {
  if (!existsSync(entry)) continue;
  const outdir = `dist/${name}`;
  mkdirSync(outdir, { recursive: true });
  const chunks = new Map();
  await buildLambda(entry, `${outdir}/index.js`, chunks);
  for (const built = new Set(); built.size < chunks.size; ) {
    for (const [file, source] of [...chunks]) {
      if (built.has(file)) continue;
      built.add(file);
      await buildLambda(source, `${outdir}/${file}`, chunks);
    }
  }
  writeFileSync(`${outdir}/package.json`, JSON.stringify({ type: 'commonjs' }) + '\n');
}
// The command line (package.json "bin"): one CommonJS file for the system's Node 20, like the Lambda bundles.
if (existsSync('cli/index.ts')) {
  mkdirSync('dist/cli', { recursive: true });
  await build({
    entryPoints: ['cli/index.ts'],
    outfile: 'dist/cli/index.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync('dist/cli/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
  chmodSync('dist/cli/index.js', 0o755);
}
console.log('built dist/');
