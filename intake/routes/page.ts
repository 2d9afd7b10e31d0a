/**
 * The local page: `GET /` on the intake shows what it received, each metric as a chart over time (uPlot), with
 * percentiles for distributions, a tag filter, the service checks and the forwarder's own metrics. The page polls
 * the /_intake query endpoints; nothing here changes the store.
 *
 * Files are read on each request (the page is for people, a few requests a second at most), so an edit to
 * intake/page/ shows on reload. uPlot comes from node_modules as its own package ships it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_METRIC_PREFIX, ForwarderMetric, PlatformMetric, platformMetricName } from '../../forwarder/metric-names.js';
import { PipelineMetric } from '../../pipeline/metric-names.js';
import { errorReply } from '../replies.js';
import type { Router } from '../router.js';
import type { Reply } from '../types.js';

export const PagePath = {
  index: '/',
  app: '/_page/app.js',
  style: '/_page/style.css',
  uplotScript: '/_page/uplot.js',
  uplotStyle: '/_page/uplot.css',
} as const;

const PAGE_DIR = fileURLToPath(new URL('../page/', import.meta.url));

function uplotDir(): string {
  return dirname(createRequire(import.meta.url).resolve('uplot'));
}

const platform = (suffix: string): string => platformMetricName(DEFAULT_METRIC_PREFIX, suffix);

/**
 * What the page needs to know about metric names: which distributions carry counts (chart their sum per interval)
 * rather than measurements (chart percentiles), and each measurement's unit. From the projects' name modules.
 */
export function pageCatalog(): { counts: string[]; units: Record<string, string> } {
  const counts = [
    ...[PlatformMetric.Invocations, PlatformMetric.Errors, PlatformMetric.Timeouts, PlatformMetric.OutOfMemory].map(platform),
    PipelineMetric.Runs,
    PipelineMetric.DockerRebuilds,
    PipelineMetric.PollCount,
    PipelineMetric.Notifications,
    PipelineMetric.Failures,
    ...Object.values(ForwarderMetric).filter((name) => name !== ForwarderMetric.Duration),
  ];
  const units: Record<string, string> = {
    [platform(PlatformMetric.Duration)]: 'ms',
    [platform(PlatformMetric.BilledDuration)]: 'ms',
    [platform(PlatformMetric.InitDuration)]: 'ms',
    [platform(PlatformMetric.RestoreDuration)]: 'ms',
    [platform(PlatformMetric.MaxMemoryUsed)]: 'MB',
    [platform(PlatformMetric.MemorySize)]: 'MB',
    [platform(PlatformMetric.EstimatedCost)]: 'USD',
    [PipelineMetric.BuildDuration]: 's',
    [PipelineMetric.RunDuration]: 's',
    [ForwarderMetric.Duration]: 'ms',
  };
  return { counts, units };
}

async function file(path: string, contentType: string, transform?: (text: string) => string): Promise<Reply> {
  try {
    const data = await readFile(path);
    const raw = transform ? transform(data.toString('utf8')) : data;
    return { status: 200, body: undefined, raw, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-cache' } };
  } catch {
    return errorReply(404, `page file missing: ${path}`);
  }
}

/** `</script>` cannot appear in JSON.stringify output of these names, but escape `<` anyway: it is inlined in HTML. */
const inlineJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

export function registerPageRoutes(router: Router): void {
  const html = 'text/html; charset=utf-8';
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  router.add(
    { method: 'GET', path: PagePath.index, kind: 'control', handle: () => file(join(PAGE_DIR, 'index.html'), html, (text) => text.replace('__CATALOG__', inlineJson(pageCatalog()))) },
    { method: 'GET', path: PagePath.app, kind: 'control', handle: () => file(join(PAGE_DIR, 'app.js'), js) },
    { method: 'GET', path: PagePath.style, kind: 'control', handle: () => file(join(PAGE_DIR, 'style.css'), css) },
    { method: 'GET', path: PagePath.uplotScript, kind: 'control', handle: () => file(join(uplotDir(), 'uPlot.iife.min.js'), js) },
    { method: 'GET', path: PagePath.uplotStyle, kind: 'control', handle: () => file(join(uplotDir(), 'uPlot.min.css'), css) },
  );
}
