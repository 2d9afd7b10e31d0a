/**
 * The local page as a person sees it: headless Chromium (test/support/chromium.ts chooses it, playwright-core drives it) opens the page
 * while `npm start` is running, and finds a chart for a pipeline metric, a distribution's percentiles, the service
 * checks, and a working tag filter. Screenshots go to test-output/browser/ for a human to look at.
 * With no Chromium at all this test FAILS, saying what to install: a page nobody looked at is not tested.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { requireBuild, ROOT, startRunner, type RunnerProcess } from '../local/support/runner.js';
import { openBrowser, type OpenBrowser } from '../support/chromium.js';

const SCREENSHOTS = join(ROOT, 'test-output', 'browser');
const DATA_TIMEOUT_MS = 90_000;

let runner: RunnerProcess | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let url: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  requireBuild();
  mkdirSync(SCREENSHOTS, { recursive: true });
  runner = startRunner(['--port', '0', '--wait-ms', '150', '--executions', '6']);
  url = await runner.url;
  browser = await openBrowser({ viewport: { width: 1400, height: 1000 } });
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${url}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (runner && runner.child.exitCode === null) runner.child.kill('SIGKILL');
});

/** The numbers a card shows for one figure (p50, p95, total…), e.g. "376 s" → 376. */
async function figure(metric: string, key: string): Promise<number> {
  const text = await page.locator(`[data-metric="${metric}"] [data-figure="${key}"] b`).textContent();
  const value = Number.parseFloat(text ?? '');
  if (!Number.isFinite(value)) throw new Error(`figure ${key} of ${metric} is "${text}"`);
  return value;
}

describe('the local page', () => {
  it('charts a pipeline metric, shows a distribution\'s percentiles and the service checks while a run is going', async () => {
    await page.waitForSelector('[data-metric="pipeline.runs"] canvas', { timeout: DATA_TIMEOUT_MS });
    await page.waitForSelector('[data-metric="pipeline.build.duration"] canvas', { timeout: DATA_TIMEOUT_MS });
    await page.waitForSelector('.check[data-check="pipeline.health"]', { timeout: DATA_TIMEOUT_MS });
    await page.waitForSelector('[data-metric="forwarder.batches"] canvas', { timeout: DATA_TIMEOUT_MS });

    expect(await page.locator('[data-metric="pipeline.runs"]').getAttribute('data-mode')).toBe('count');
    expect(await figure('pipeline.runs', 'total')).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-metric="pipeline.build.duration"]').getAttribute('data-mode')).toBe('values');
    const [p50, p95, p99] = [await figure('pipeline.build.duration', 'p50'), await figure('pipeline.build.duration', 'p95'), await figure('pipeline.build.duration', 'p99')];
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
    expect(await page.locator('[data-metric="pipeline.build.duration"] [data-figure="p95"]').textContent()).toMatch(/^[\d.]+k? sp95$/);
    // The same figures the intake answers (the page draws the intake's own percentiles, not its own guess).
    const intake = (await (await fetch(`${url}/_intake/query?metric=aws.lambda.enhanced.init_duration`)).json()) as { totals: { count: number } };
    expect(intake.totals.count).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'page.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('filters every chart and check by a tag', async () => {
    await page.fill('#tag-filter', 'functionname:pipeline-notify');
    await page.click('#filter-form button[type="submit"]');
    await page.waitForSelector('#status:has-text("filter functionname:pipeline-notify")', { timeout: 30_000 });

    // CheckBuild alone counts polls: under the Notify function's filter that chart is empty…
    await page.waitForSelector('[data-metric="pipeline.poll.count"] .empty', { timeout: 30_000 });
    expect(await page.locator('[data-metric="pipeline.poll.count"] .empty').textContent()).toBe('no data matches the filter');
    // …while Notify's own metrics and invocations are still drawn, with the totals the intake gives for that tag.
    await page.waitForSelector('[data-metric="pipeline.notifications"] canvas');
    const invocations = (await (await fetch(`${url}/_intake/query?metric=aws.lambda.enhanced.invocations&tags=functionname:pipeline-notify`)).json()) as { totals: { sum: number } };
    expect(await figure('aws.lambda.enhanced.invocations', 'total')).toBeLessThanOrEqual(invocations.totals.sum);
    expect(new URL(page.url()).searchParams.get('tags')).toBe('functionname:pipeline-notify');
    await page.screenshot({ path: join(SCREENSHOTS, 'page-filtered.png'), fullPage: true });

    await page.click('#clear-filter');
    await page.waitForSelector('[data-metric="pipeline.poll.count"] canvas', { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('stops with Ctrl-C, printing the summary', async () => {
    runner?.child.kill('SIGINT');
    expect(await runner?.exit).toBe(0);
    expect(runner?.stdout()).toMatch(/^Summary: \d+ executions in [\d.]+ s; metrics sent to the local intake/m);
  }, 120_000);
});
