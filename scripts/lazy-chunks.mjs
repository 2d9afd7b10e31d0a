/**
 * esbuild plugin for the Lambda bundles: each dynamic `import()` in our own source becomes a file of its own beside
 * index.js, loaded (require) only when that import runs.
 *
 * Why not leave it in index.js: esbuild does wrap a dynamically imported module so it is *evaluated* only when
 * imported, but V8 still has to *compile* the whole file at every cold start. Measured on the forwarder (Node 24):
 * index.js with the AWS SDK inside, even unevaluated, took 180-440 ms to require; with the SDK in lazy files, 25 ms.
 * (esbuild's own code splitting needs ESM output; the Lambdas ship as CommonJS.)
 *
 * Usage: `const chunks = new Map(); build({ ..., plugins: [lazyChunks(chunks)] })`, then build every entry of
 * `chunks` (file name → source path) to `<outdir>/<file name>` with the same options (buildLambda in build.mjs).
 */
import { basename } from 'node:path';

/** `@aws-lambda-powertools/parameters/secrets` → `lazy-aws-lambda-powertools-parameters-secrets.js`. */
export function chunkFileName(specifier) {
  const base = specifier.startsWith('.') ? basename(specifier).replace(/\.[cm]?[jt]s$/, '') : specifier;
  return `lazy-${base.replace(/^@/, '').replace(/[^A-Za-z0-9]+/g, '-')}.js`;
}

/** @param {Map<string, string>} chunks filled with file name → resolved source path */
export function lazyChunks(chunks) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        // Only our own dynamic imports: dependencies' internal ones stay as esbuild bundles them.
        if (args.kind !== 'dynamic-import' || args.importer.includes('/node_modules/')) return undefined;
        const resolved = await build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const file = chunkFileName(args.path);
        const known = chunks.get(file);
        if (known !== undefined && known !== resolved.path) {
          return { errors: [{ text: `two lazy imports map to ${file}: ${known} and ${resolved.path}` }] };
        }
        chunks.set(file, resolved.path);
        return { path: `./${file}`, external: true };
      });
    },
  };
}
