/**
 * What `npm pack` ships (issue 15.5): exactly the library, its types for both module systems, the command line, the
 * README and the LICENSE; every `exports` target in the tarball, each condition with its own types (a `.d.ts` for
 * `import`, a `.d.cts` for `require`, listed first as TypeScript requires); the `.d.cts` files import only `.d.cts`
 * files; the LICENSE is the Apache License 2.0 that package.json names.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumerWith, pack, type Packed } from './support.js';

/** sha256 of https://www.apache.org/licenses/LICENSE-2.0.txt, the standard text. */
const APACHE_2_0_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';
const ENTRIES = ['index', 'middy', 'grammar'];

let packed: Packed;
let unpacked: string;
beforeAll(async () => {
  packed = await pack();
  unpacked = join(consumerWith(packed.tarball), 'node_modules', 'lambda-dd-metrics');
}, 120_000);

/** Every string target under an exports entry, with the conditions that lead to it. */
function targets(value: unknown, conditions: string[] = []): Array<{ conditions: string[]; target: string }> {
  if (typeof value === 'string') return [{ conditions, target: value }];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([condition, inner]) => targets(inner, [...conditions, condition]));
}

describe('npm pack', () => {
  it('ships the library, its types, the command line, README and LICENSE, and nothing else', () => {
    const library = ENTRIES.flatMap((entry) => [`dist/emitter/${entry}.js`, `dist/emitter/${entry}.cjs`]);
    const declarations = packed.files.filter((file) => file.endsWith('.d.ts'));
    expect(packed.files).toEqual(
      [
        'LICENSE',
        'README.md',
        'package.json',
        'dist/cli/index.js',
        'dist/cli/package.json',
        ...library,
        ...declarations,
        ...declarations.map((file) => file.replace(/\.d\.ts$/, '.d.cts')),
      ].sort(),
    );
    expect(declarations).toEqual(expect.arrayContaining(ENTRIES.map((entry) => `dist/emitter/${entry}.d.ts`)));
  });

  it('gives every entry its own types per condition: import → .d.ts, require → .d.cts, types first', () => {
    const { exports } = packed.packageJson;
    expect(Object.keys(exports ?? {})).toEqual(['.', './middy', './grammar', './package.json']);
    for (const [subpath, entry] of ENTRIES.map((name) => [name === 'index' ? '.' : `./${name}`, name] as const)) {
      const conditions = exports?.[subpath] as Record<string, Record<string, string>>;
      expect(conditions).toEqual({
        import: { types: `./dist/emitter/${entry}.d.ts`, default: `./dist/emitter/${entry}.js` },
        require: { types: `./dist/emitter/${entry}.d.cts`, default: `./dist/emitter/${entry}.cjs` },
      });
      for (const inner of Object.values(conditions)) expect(Object.keys(inner)[0]).toBe('types');
    }
    for (const { conditions, target } of targets(exports)) {
      expect({ conditions, shipped: packed.files.includes(target.replace(/^\.\//, '')) }).toEqual({ conditions, shipped: true });
    }
    // The fields older tools read: CommonJS main with its CommonJS types, the ESM module, the command.
    const { main, module, types, bin } = packed.packageJson;
    for (const path of [main, module, types, ...Object.values(bin ?? {})]) expect(packed.files).toContain(path?.replace(/^\.\//, ''));
    expect({ main, types }).toEqual({ main: './dist/emitter/index.cjs', types: './dist/emitter/index.d.cts' });
  });

  it('keeps the CommonJS types CommonJS: every relative import in a .d.cts names a .cjs that is a shipped .d.cts', () => {
    const cts = packed.files.filter((file) => file.endsWith('.d.cts'));
    expect(cts.length).toBeGreaterThanOrEqual(ENTRIES.length);
    for (const file of cts) {
      const text = readFileSync(join(unpacked, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => m[1] as string);
      for (const specifier of specifiers) {
        expect({ file, specifier, cjs: specifier.endsWith('.cjs') }).toEqual({ file, specifier, cjs: true });
        expect(packed.files).toContain(join('dist/emitter', specifier.replace(/\.cjs$/, '.d.cts')));
      }
      // The same declarations as the ESM side, only the specifiers differ.
      const esm = readFileSync(join(unpacked, file.replace(/\.d\.cts$/, '.d.ts')), 'utf8');
      expect(text.replaceAll('.cjs\'', '.js\'')).toBe(esm);
    }
  });

  it('ships the Apache License 2.0 that package.json names, in full', () => {
    expect(packed.packageJson.license).toBe('Apache-2.0');
    const license = readFileSync(join(unpacked, 'LICENSE'));
    expect(createHash('sha256').update(license).digest('hex')).toBe(APACHE_2_0_SHA256);
  });
});
