/**
 * `npm run bench`: runs every bench/*.bench.ts in sorted order (the 100-process one last), each in its own Node
 * process (so one benchmark's heap and JIT state cannot colour the next), and passes their output through. Exits
 * non-zero if any fails.
 * `npm run bench -- kinesis handler` runs only the files whose names contain one of the words given.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
/** Runs last: its 100 processes would still weigh on the load average the benchmarks after it print. */
const LAST = 'concurrent.bench.ts';
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts') && (only.length === 0 || only.some((word) => file.includes(word))))
  .sort((a, b) => Number(a === LAST) - Number(b === LAST) || a.localeCompare(b));
if (files.length === 0) {
  console.error(`no benchmark matches ${only.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file} (node ${process.version}) ==`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`!! ${file} failed (exit ${String(run.status ?? run.signal)})`);
  }
}
console.log(`\n${files.length - failed} benchmarks passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
