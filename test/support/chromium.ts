/**
 * The Chromium the browser tests drive, chosen in one place, with nothing to install by hand and no root.
 *
 *     const browser = await openBrowser({ viewport: { width: 1400, height: 1000 } });
 *     const page = await browser.context.newPage();
 *     await browser.close();
 *
 * Order: the headless Chromium shipped inside the npm package @sparticuz/chromium (a devDependency, pinned by the
 * lockfile next to playwright-core, which must speak its protocol) wherever that build runs (Linux on x64), so
 * every developer and CI see the same browser; else a system Chromium (/usr/bin/chromium…), e.g. on macOS or arm64.
 * `TEST_CHROMIUM=npm` or `TEST_CHROMIUM=system` forces one; `TEST_CHROMIUM=/path/to/chrome` names a binary.
 * The context always gets `locale: 'en-US'`: under LANG=C or C.UTF-8 Chromium would report `en-US@posix`, which
 * Intl APIs reject.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export interface OpenBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Which Chromium runs, e.g. "npm @sparticuz/chromium 153.0.0" or "system /usr/bin/chromium". */
  source: string;
  close(): Promise<void>;
}

export const BROWSER_LOCALE = 'en-US';
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'] as const;
const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Launch {
  executablePath: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  source: string;
}

function systemChromium(): Launch | undefined {
  const path = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  return path ? { executablePath: path, args: [...SYSTEM_ARGS], source: `system ${path}` } : undefined;
}

/** The npm build only exists for Linux x64 (the package ships no other). */
const npmBuildRuns = process.platform === 'linux' && process.arch === 'x64';

/** Runs the package's own unpacking in a child process whose TMPDIR is `dir` (os.tmpdir() reads the real environment). */
async function unpackInto(dir: string): Promise<void> {
  const script = "const { default: c } = await import('@sparticuz/chromium'); await c.executablePath();";
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0 || !existsSync(join(dir, 'chromium'))) throw new Error(`unpacking @sparticuz/chromium failed (exit ${String(code)}): ${stderr.slice(-2000)}`);
}

/**
 * Unpacks @sparticuz/chromium into node_modules/.cache/, one folder per version. The package unpacks into
 * os.tmpdir() and reuses whatever `chromium` it finds there (another version, or one half-written by a parallel
 * test file), so it unpacks into a fresh folder (TMPDIR pointed at it) that is then renamed into place.
 */
async function npmChromium(): Promise<Launch> {
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const packageJson = join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const cache = join(ROOT, 'node_modules', '.cache');
  const dir = join(cache, `sparticuz-chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) {
    mkdirSync(cache, { recursive: true });
    const staging = mkdtempSync(join(cache, 'sparticuz-chromium-unpacking-'));
    await unpackInto(staging);
    // Its fonts.conf names /tmp/fonts: point one at the unpacked fonts, after the system's own (when there are any).
    writeFileSync(join(staging, 'fonts.conf'), [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${join(dir, 'fonts', 'fonts')}</dir>`,
      `  <cachedir>${join(dir, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'));
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file got there first
    }
  }
  return {
    executablePath: join(dir, 'chromium'),
    // --single-process is for Lambda's sandbox; here it would stop a second browser context from opening.
    args: sparticuz.args.filter((arg) => arg !== '--single-process'),
    env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    source: `npm @sparticuz/chromium ${version}`,
  };
}

async function chooseChromium(): Promise<Launch> {
  const wanted = process.env.TEST_CHROMIUM;
  if (wanted && wanted !== 'npm' && wanted !== 'system') {
    if (!existsSync(wanted)) throw new Error(`TEST_CHROMIUM=${wanted}: no such file`);
    return { executablePath: wanted, args: [...SYSTEM_ARGS], source: `TEST_CHROMIUM ${wanted}` };
  }
  if (wanted === 'npm' || (wanted !== 'system' && npmBuildRuns)) {
    if (!npmBuildRuns) throw new Error(`TEST_CHROMIUM=npm: @sparticuz/chromium ships a build for Linux x64 only (this is ${process.platform} ${process.arch})`);
    return npmChromium();
  }
  const system = systemChromium();
  if (system) return system;
  throw new Error(
    `No Chromium for the browser tests: @sparticuz/chromium (npm) runs on Linux x64 only, and none of ${SYSTEM_CHROMIUMS.join(', ')} exists. ` +
    'Install Chromium or Chrome, or set TEST_CHROMIUM=/path/to/chrome.',
  );
}

/** Launches the chosen Chromium with one context (locale en-US plus the options given). */
export async function openBrowser(options: BrowserContextOptions = {}): Promise<OpenBrowser> {
  const launch = await chooseChromium();
  const browser = await chromium.launch({
    executablePath: launch.executablePath,
    args: launch.args,
    headless: true,
    ...(launch.env ? { env: launch.env } : {}),
  });
  const context = await browser.newContext({ ...options, locale: BROWSER_LOCALE });
  return { browser, context, source: launch.source, close: () => browser.close() };
}
