/**
 * The local page as a person sees it: headless Chromium (test/support/chromium.ts chooses it, playwright-core drives
 * it) opens the page while `npm start` is running, and checks on the rendered page: each metric drawn by the type the
 * intake describes (counts as sums, gauges as lines, distributions as percentiles; a type declared through the
 * intake's metadata changes the drawing), one function's figures (invocations, errors, error rate, duration
 * percentiles, cold-start share, throttles, concurrency, iterator age, cost) equal to the intake's, the time range,
 * the forwarder's time split into work and waiting, labels that fit their boxes and axes, the tag filter, and a
 * browser whose language Intl rejects (`en-US@posix`, Chromium's under LANG=C). Screenshots go to
 * test-output/browser/ for a human to look at.
 * With no Chromium at all this test FAILS, saying what to install: a page nobody looked at is not tested.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FunctionFigures } from '../../intake/routes/functions.js';
import type { MetricDescription } from '../../intake/routes/metadata.js';
import { ForwarderMetric, platformNames } from '../../forwarder/metric-names.js';
import { PipelineMetric } from '../../pipeline/metric-names.js';
import { requireBuild, ROOT, startRunner, type RunnerProcess } from '../local/support/runner.js';
import { openBrowser, type OpenBrowser } from '../support/chromium.js';

const SCREENSHOTS = join(ROOT, 'test-output', 'browser');
const DATA_TIMEOUT_MS = 90_000;
/** The key local/run.ts gives its intake (any 32 characters; it never leaves the machine). */
const LOCAL_API_KEY = 'local0000000000000000000000000000'.slice(0, 32);
const P = platformNames().platform;

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

async function intakeJson<T>(path: string): Promise<T> {
  return (await (await fetch(`${url}${path}`)).json()) as T;
}

/** Retries `check` until it passes (data keeps arriving while the run goes on, so a figure can be one refresh behind). */
async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The raw number behind a figure the page shows (data-value), and its text. */
async function figure(metric: string, key: string): Promise<{ value: number; text: string }> {
  const locator = page.locator(`[data-metric="${metric}"] [data-figure="${key}"]`);
  return { value: Number(await locator.getAttribute('data-value')), text: (await locator.locator('b').textContent()) ?? '' };
}

/** The time range the page's latest refresh asked the intake for. */
async function pageRange(): Promise<{ from: number; to: number }> {
  const { from, to } = await page.evaluate('({ ...document.body.dataset })') as { from: string; to: string };
  return { from: Number(from), to: Number(to) };
}

async function refreshed(): Promise<void> {
  const before = await page.getAttribute('body', 'data-refreshed');
  await page.waitForFunction(`document.body.dataset.refreshed !== ${JSON.stringify(before ?? '')}`, undefined, { timeout: 30_000 });
}

/**
 * Runs in the page: every figure, tile, title and badge inside its card (not cut off), and every chart's y-axis labels
 * narrower than the axis uPlot drew them in (measured with the axis's own font). A string: the project compiles
 * without the DOM library.
 */
const LABEL_PROBLEMS = `(() => {
  const out = [];
  const name = (el) => (el.closest('[data-metric]')?.getAttribute('data-metric') ?? el.closest('[id]')?.id) + ': ' + el.textContent;
  for (const el of document.querySelectorAll('.figures span, .tile b, .tile span, .card h3, .kind, .check .name')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const card = el.closest('.card, .tile, .check').getBoundingClientRect();
    if (box.left < card.left - 0.5 || box.right > card.right + 0.5) out.push('outside its card: ' + name(el));
    if (getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1) out.push('cut off: ' + name(el));
  }
  const ctx = document.createElement('canvas').getContext('2d');
  for (const box of document.querySelectorAll('.chart')) {
    const y = box.uplot?.axes[1];
    if (!y) continue;
    ctx.font = y.font[0];
    const widest = Math.max(0, ...(y._values ?? []).map((text) => ctx.measureText(String(text)).width / devicePixelRatio));
    if (widest + y.ticks.size + y.gap > y._size) out.push('y labels wider than their axis (' + [widest, y.ticks.size, y.gap, y._size].join(' ') + '): ' + name(box) + ' ' + JSON.stringify(y._values));
    // Time labels, centred on their ticks: each ends before the next begins.
    const x = box.uplot.axes[0];
    ctx.font = x.font[0];
    const labels = (x._values ?? []).map((text, i) => {
      const centre = box.uplot.valToPos(x._splits[i], 'x');
      const half = ctx.measureText(String(text)).width / devicePixelRatio / 2;
      return { text, left: centre - half, right: centre + half };
    });
    for (let i = 1; i < labels.length; i++) if (labels[i].left < labels[i - 1].right + 2) out.push('time labels overlap: ' + name(box) + ' ' + labels[i - 1].text + ' / ' + labels[i].text);
  }
  return out;
})()`;

describe('the local page', () => {
  it('draws each metric by the type the intake describes: counts as sums, gauges as lines, distributions as percentiles', async () => {
    for (const metric of [PipelineMetric.Runs, PipelineMetric.BuildDuration, P.Invocations, P.Duration, P.MemorySize, ForwarderMetric.Batches]) {
      await page.waitForSelector(`[data-metric="${metric}"] canvas`, { timeout: DATA_TIMEOUT_MS });
    }
    await page.waitForSelector('.check[data-check="pipeline.health"]', { timeout: DATA_TIMEOUT_MS });

    // Every card is drawn as the intake describes its metric, and the page has no list of its own.
    const { metrics } = await intakeJson<{ metrics: MetricDescription[] }>('/_intake/metrics/described');
    const drawn = await page.$$eval('[data-metric]', (cards) => cards.map((c) => [c.getAttribute('data-metric'), c.getAttribute('data-chart')]));
    expect(drawn.length).toBeGreaterThan(20);
    const described = new Map(metrics.map((m) => [m.metric, m]));
    for (const [metric, chart] of drawn) expect({ metric, chart }).toEqual({ metric, chart: described.get(metric!)?.chart });

    // The kinds that matter, each by the rule that gives it: a user's own count (declared by its emitter call), the
    // forwarder's counts and measurements, the configured memory as a level, a measurement's unit from metadata.
    const chartOf = async (metric: string) => page.locator(`[data-metric="${metric}"]`).getAttribute('data-chart');
    expect(await chartOf(PipelineMetric.Runs)).toBe('sum');
    expect(await chartOf(P.Invocations)).toBe('sum');
    expect(await chartOf(ForwarderMetric.Batches)).toBe('sum');
    expect(await chartOf(PipelineMetric.BuildDuration)).toBe('percentiles');
    expect(await chartOf(P.Duration)).toBe('percentiles');
    expect(await chartOf(P.MemorySize)).toBe('line');
    expect(described.get(P.Duration)?.unit).toBe('second');
    for (const m of metrics.filter((d) => d.kind === 'gauge')) expect(await chartOf(m.metric)).toBe('line');

    // A sum card totals what the intake holds over the page's range; a percentile card shows ordered percentiles in its unit.
    await eventually(async () => {
      const range = await pageRange();
      const runs = await intakeJson<{ totals: { sum: number } }>(`/_intake/query?metric=${PipelineMetric.Runs}&from=${range.from}&to=${range.to}`);
      expect((await figure(PipelineMetric.Runs, 'total')).value).toBe(runs.totals.sum);
    });
    expect((await figure(PipelineMetric.Runs, 'total')).value).toBeGreaterThanOrEqual(1);
    const [p50, p95, p99] = [await figure(P.Duration, 'p50'), await figure(P.Duration, 'p95'), await figure(P.Duration, 'p99')];
    expect(p50.value).toBeGreaterThan(0);
    expect(p50.value).toBeLessThanOrEqual(p95.value);
    expect(p95.value).toBeLessThanOrEqual(p99.value);
    expect(p95.text).toMatch(/^[\d.]+(e-\d+)? s$/);
    expect((await figure(PipelineMetric.BuildDuration, 'p95')).text).toMatch(/^[\d.]+k? s$/);
    // A sum card draws one series of bars; a percentile card four lines.
    const seriesCount = (metric: string) => page.$eval(`[data-metric="${metric}"] .chart`, (box) => (box as unknown as { uplot: { series: unknown[] } }).uplot.series.length - 1);
    expect(await seriesCount(PipelineMetric.Runs)).toBe(1);
    expect(await seriesCount(P.Duration)).toBe(4);
    await page.screenshot({ path: join(SCREENSHOTS, 'page.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('redraws a distribution as a count once its type is declared through the metadata (Datadog\'s PUT /api/v1/metrics/<name>); series by their wire type', async () => {
    const { metrics } = await intakeJson<{ metrics: MetricDescription[] }>('/_intake/metrics/described');
    const undeclared = metrics.find((m) => m.source === 'undeclared');
    expect(undeclared).toBeDefined();
    const name = undeclared!.metric;
    expect(await page.locator(`[data-metric="${name}"]`).getAttribute('data-chart')).toBe('percentiles');
    const put = await fetch(`${url}/api/v1/metrics/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'DD-API-KEY': LOCAL_API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'count' }) });
    expect(put.status).toBe(200);
    await page.waitForSelector(`[data-metric="${name}"][data-chart="sum"] [data-figure="total"]`, { timeout: 30_000 });

    // Series carry their type on the wire: a gauge is a line with its latest value, a count a sum.
    const now = Math.floor(Date.now() / 1000);
    const series = [
      { metric: 'local.queue_depth', type: 3, points: [{ timestamp: now - 10, value: 5 }, { timestamp: now, value: 7 }], tags: ['queue:orders'] },
      { metric: 'local.orders', type: 1, points: [{ timestamp: now - 10, value: 2 }, { timestamp: now, value: 3 }], tags: ['queue:orders'] },
    ];
    const sent = await fetch(`${url}/api/v2/series`, { method: 'POST', headers: { 'DD-API-KEY': LOCAL_API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ series }) });
    expect(sent.status).toBe(202);
    await page.waitForSelector('[data-metric="local.queue_depth"][data-chart="line"] canvas', { timeout: 30_000 });
    await page.waitForSelector('[data-metric="local.orders"][data-chart="sum"] canvas', { timeout: 30_000 });
    expect(await figure('local.queue_depth', 'latest')).toEqual({ value: 7, text: '7' });
    expect(await figure('local.orders', 'total')).toEqual({ value: 5, text: '5' });
    await page.locator('section[data-group=""]').screenshot({ path: join(SCREENSHOTS, 'page-other-metrics.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows one function at a time with the intake\'s figures over the time range', async () => {
    await page.waitForSelector('#functions-section:not([hidden]) [data-function-figure="invocations"]', { timeout: DATA_TIMEOUT_MS });
    // Each function appears once its first REPORT line has gone through the forwarder.
    for (const name of ['pipeline-notify', 'pipeline-check-build']) await page.waitForSelector(`#function option[value="${name}"]`, { state: 'attached', timeout: DATA_TIMEOUT_MS });
    await page.selectOption('#function', 'pipeline-check-build');
    await page.waitForSelector('#functions-section[data-function="pipeline-check-build"]', { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('function')).toBe('pipeline-check-build');

    const keys = await page.$$eval('[data-function-figure]', (tiles) => tiles.map((t) => t.getAttribute('data-function-figure')));
    expect(keys).toEqual(['invocations', 'errors', 'error-rate', 'duration-p50', 'duration-p95', 'duration-p99', 'cold-start-share', 'throttles', 'concurrency', 'iterator-age', 'cost']);
    const tile = async (key: string) => {
      const locator = page.locator(`[data-function-figure="${key}"]`);
      const raw = await locator.getAttribute('data-value');
      return { value: raw === '' || raw === null ? null : Number(raw), text: (await locator.locator('b').textContent()) ?? '' };
    };
    await eventually(async () => {
      await refreshed();
      const range = await pageRange();
      const { functions } = await intakeJson<{ functions: FunctionFigures[] }>(`/_intake/metrics/functions?from=${range.from}&to=${range.to}`);
      const row = functions.find((f) => f.functionname === 'pipeline-check-build')!;
      expect((await tile('invocations')).value).toBe(row.invocations);
      expect((await tile('errors')).value).toBe(row.errors);
      expect((await tile('cold-start-share')).value).toBe(row.coldStartShare);
      expect((await tile('duration-p95')).value).toBe(row.duration?.p95);
      expect((await tile('cost')).value).toBe(row.cost);
    });
    // The figures themselves, from the platform metrics by their functionname tag.
    const invocations = (await tile('invocations')).value!;
    expect(invocations).toBeGreaterThan(0);
    expect((await tile('error-rate')).value).toBeCloseTo((await tile('errors')).value! / invocations, 12);
    expect((await tile('error-rate')).text).toMatch(/^[\d.]+%$/);
    expect((await tile('cold-start-share')).text).toMatch(/^[\d.]+% \(\d+\)$/);
    expect((await tile('duration-p50')).text).toMatch(/ s$/);
    expect((await tile('cost')).text).toMatch(/^\$[\d.]+(e-\d+)?$/);
    // A local run starts no poller: throttles, concurrency and iterator age say there is nothing, not zero.
    for (const key of ['throttles', 'concurrency', 'iterator-age']) expect(await tile(key)).toEqual({ value: null, text: '–' });
    await page.waitForSelector('#function-invocations canvas');
    await page.waitForSelector('#function-duration canvas');
    await page.locator('#functions-section').screenshot({ path: join(SCREENSHOTS, 'page-function.png') });
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('asks the intake for the chosen time range and draws every chart over it', async () => {
    await page.selectOption('#range', '5m');
    await refreshed();
    await refreshed();
    expect(new URL(page.url()).searchParams.get('range')).toBe('5m');
    const range = await pageRange();
    expect(range.to - range.from).toBe(300);
    const scales = await page.$$eval('.chart', (boxes) => boxes.flatMap((box) => {
      const chart = (box as unknown as { uplot?: { scales: { x: { min: number; max: number } } } }).uplot;
      const card = box.closest('[data-metric]')?.getAttribute('data-metric') ?? box.closest('[id]')?.id;
      return chart ? [{ card, span: chart.scales.x.max - chart.scales.x.min }] : [];
    }));
    expect(scales.length).toBeGreaterThan(10);
    // Each chart spans the range the page asked for.
    for (const { card, span } of scales) expect({ card, span }).toEqual({ card, span: 300 });

    await page.selectOption('#range', 'all');
    await refreshed();
    await refreshed();
    await eventually(async () => {
      const all = await pageRange();
      const runs = await intakeJson<{ totals: { sum: number } }>(`/_intake/query?metric=${PipelineMetric.Runs}&from=${all.from}&to=${all.to}`);
      const everything = await intakeJson<{ totals: { sum: number } }>(`/_intake/query?metric=${PipelineMetric.Runs}`);
      expect(runs.totals.sum).toBe(everything.totals.sum);
      expect((await figure(PipelineMetric.Runs, 'total')).value).toBe(everything.totals.sum);
    });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('splits the forwarder\'s time per invocation into work and waiting', async () => {
    await page.waitForSelector('#forwarder-time:not([hidden]) [data-figure="work-p50"]', { timeout: 30_000 });
    expect(await page.locator('#forwarder-time h3').textContent()).toBe('Forwarder time per invocation: work and waiting');
    const value = async (key: string) => Number(await page.locator(`#forwarder-time [data-figure="${key}"]`).getAttribute('data-value'));
    expect(await value('work-p50')).toBeGreaterThanOrEqual(0);
    expect(await value('work-p50')).toBeLessThanOrEqual(await value('total-p50'));
    expect(await page.locator('#forwarder-time [data-figure="work-p95"] b').textContent()).toMatch(/^[\d.]+ ms$/);
    // Per invocation, work and waiting add up to the whole: so do their sums in the intake.
    const sum = async (metric: string) => (await intakeJson<{ totals: { sum: number; count: number } }>(`/_intake/query?metric=${metric}`)).totals;
    await eventually(async () => {
      const [work, wait, total] = [await sum(ForwarderMetric.WorkDuration), await sum(ForwarderMetric.WaitDuration), await sum(ForwarderMetric.Duration)];
      expect(work.count).toBe(total.count);
      expect(work.sum + wait.sum).toBe(total.sum);
    });
    await page.locator('#forwarder-time').screenshot({ path: join(SCREENSHOTS, 'page-forwarder-time.png') });
    await page.locator('section[data-group="aws.lambda."]').screenshot({ path: join(SCREENSHOTS, 'page-platform.png') });
  }, 60_000);

  it('keeps every label inside its box and every axis label inside its axis', async () => {
    const problems = (await page.evaluate(LABEL_PROBLEMS)) as string[];
    expect(problems).toEqual([]);
    // The cost chart had labels like 3.5e-7 cut off: it is drawn, with labels that fit (checked above).
    expect(await page.locator(`[data-metric="${P.EstimatedCost}"] canvas`).count()).toBe(1);
  }, 60_000);

  it('filters every chart and check by a tag', async () => {
    await page.fill('#tag-filter', 'functionname:pipeline-notify');
    await page.click('#filter-form button[type="submit"]');
    await page.waitForSelector('#status:has-text("filter functionname:pipeline-notify")', { timeout: 30_000 });

    // CheckBuild alone counts polls: under the Notify function's filter that chart is empty…
    await page.waitForSelector(`[data-metric="${PipelineMetric.PollCount}"] .empty`, { timeout: 30_000 });
    expect(await page.locator(`[data-metric="${PipelineMetric.PollCount}"] .empty`).textContent()).toBe('no data matches the filter in this time range');
    // …while Notify's own metrics and invocations are still drawn, with the totals the intake gives for that tag.
    await page.waitForSelector(`[data-metric="${PipelineMetric.Notifications}"] canvas`);
    const invocations = await intakeJson<{ totals: { sum: number } }>(`/_intake/query?metric=${P.Invocations}&tags=functionname:pipeline-notify`);
    expect((await figure(P.Invocations, 'total')).value).toBeLessThanOrEqual(invocations.totals.sum);
    expect(new URL(page.url()).searchParams.get('tags')).toBe('functionname:pipeline-notify');
    await page.screenshot({ path: join(SCREENSHOTS, 'page-filtered.png'), fullPage: true });

    await page.click('#clear-filter');
    await page.waitForSelector(`[data-metric="${PipelineMetric.PollCount}"] canvas`, { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('works in a browser whose language Intl rejects (en-US@posix, Chromium under LANG=C)', async () => {
    const odd = await browser!.context.newPage();
    const errors: string[] = [];
    odd.on('pageerror', (error) => errors.push(error.message));
    await odd.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'language', { get: () => 'en-US@posix', configurable: true });
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['en-US@posix'], configurable: true });
    });
    await odd.goto(`${url}/`);
    // The condition is real: this tag is refused by Intl, as uPlot would have used it.
    expect(await odd.evaluate(() => {
      try {
        new Intl.NumberFormat('en-US@posix');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })).toMatch(/Invalid language tag/);
    await odd.waitForSelector(`[data-metric="${PipelineMetric.Runs}"] canvas`, { timeout: 30_000 });
    await odd.waitForSelector('#status.live', { timeout: 30_000 });
    expect(await odd.getAttribute('html', 'data-locale-fallback')).toBe('en-US');
    await odd.screenshot({ path: join(SCREENSHOTS, 'page-posix-locale.png') });
    await odd.close();
    expect(errors).toEqual([]);
  }, 60_000);

  it('stops with Ctrl-C, printing the summary', async () => {
    runner?.child.kill('SIGINT');
    expect(await runner?.exit).toBe(0);
    expect(runner?.stdout()).toMatch(/^Summary: \d+ executions in [\d.]+ s; metrics sent to the local intake/m);
  }, 120_000);
});
