/**
 * The Python the tests need: moto's server (AWS emulator), cfn-lint and aws-sam-translator (template checks).
 *
 *     const python = pythonWithTools();   // an interpreter that imports all three, or a clear Error saying what to do
 *
 * Found where installed: `$TEST_PYTHON`, then `python3` on PATH, then the project-local `.venv-test/`. When none has
 * them, the first call creates `.venv-test/` and pip-installs the pinned versions there (no root, nothing global);
 * if that fails (no network to Python's package index, no venv module) the Error names the exact command to run.
 * Checked once per test file (one Python start that looks the modules up without importing them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned: the versions these tests were written and run against. */
export const PYTHON_TOOLS = ['moto[server]==5.2.1', 'cfn-lint==1.51.0', 'aws-sam-translator==1.110.0'] as const;
/** The modules that must be importable (flask and flask_cors serve moto's server); found, not imported: that is slow. */
const MODULES = ['moto', 'flask', 'flask_cors', 'cfnlint', 'samtranslator'] as const;
const FIND_MODULES = `import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ${JSON.stringify(MODULES)}) else 1)`;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_VENV = join(ROOT, '.venv-test');
const VENV_PYTHON = join(TEST_VENV, 'bin', 'python');
const PIP_TIMEOUT_MS = 300_000;

export const PYTHON_INSTALL_HINT =
  `Python 3 with ${PYTHON_TOOLS.join(', ')} is needed by the AWS emulation and template tests. Either install them ` +
  `where python3 finds them (\`python3 -m pip install --user "${PYTHON_TOOLS.join('" "')}"\`), or let the tests use ` +
  `a project-local environment: \`python3 -m venv .venv-test && .venv-test/bin/pip install "${PYTHON_TOOLS.join('" "')}"\`.`;

function hasTools(python: string): boolean {
  const run = spawnSync(python, ['-c', FIND_MODULES], { stdio: 'ignore', timeout: 60_000 });
  return run.status === 0;
}

function pythonExists(python: string): boolean {
  return spawnSync(python, ['--version'], { stdio: 'ignore' }).status === 0;
}

function runStep(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: PIP_TIMEOUT_MS });
  if (run.status === 0) return undefined;
  return `\`${[command, ...args].join(' ')}\` failed: ${(run.error?.message ?? run.stderr ?? '').trim().slice(-1500)}`;
}

/** Creates .venv-test and installs the pinned tools; a directory lock keeps parallel test files from doing it twice. */
function installIntoVenv(): string | undefined {
  const lock = `${TEST_VENV}.lock`;
  const deadline = Date.now() + PIP_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) return `another test process held ${lock} too long (remove it if none is running)`;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (existsSync(VENV_PYTHON) && hasTools(VENV_PYTHON)) return undefined; // the other process finished it
    return runStep('python3', ['-m', 'venv', TEST_VENV]) ?? runStep(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', ...PYTHON_TOOLS]);
  } finally {
    rmdirSync(lock);
  }
}

let found: string | undefined;

/** A Python interpreter that imports moto's server, cfn-lint and aws-sam-translator; throws a clear Error otherwise. */
export function pythonWithTools(): string {
  if (found) return found;
  const candidates = [process.env.TEST_PYTHON, 'python3', VENV_PYTHON].filter((p): p is string => Boolean(p));
  found = candidates.find((python) => hasTools(python));
  if (found) return found;
  if (!pythonExists('python3')) {
    throw new Error(`python3 was not found on PATH. ${PYTHON_INSTALL_HINT}`);
  }
  const failure = installIntoVenv();
  if (failure === undefined && hasTools(VENV_PYTHON)) return (found = VENV_PYTHON);
  throw new Error(`Could not install the Python test tools into .venv-test: ${failure ?? 'they still do not import'}\n${PYTHON_INSTALL_HINT}`);
}

/** Arguments that run cfn-lint with that interpreter (its console script may not be on PATH, e.g. inside the venv). */
export const CFN_LINT_ARGS = ['-c', "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())"] as const;
