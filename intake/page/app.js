/* global document, window, URLSearchParams, ResizeObserver */
/**
 * The local intake's page. It polls the intake's read paths and draws each metric by the type the intake describes
 * (GET /_intake/metrics/described: the received kind, and metric metadata for distributions):
 *   sum         counts: the sum per 10-s interval as bars, the total and the rate per minute over the time range;
 *   line        gauges: the value over time (the average over tag sets), latest / min / max;
 *   percentiles measurements: p50 / p95 / p99 / max per interval, and the percentiles over the time range.
 * Above them: one function at a time (functions.js), the forwarder's time per invocation split into work and
 * waiting, and the service checks. The time range and the tag filter go to the intake as `from`/`to` and `tags`,
 * so the intake does the arithmetic. No framework, no build step.
 */
import { COLOURS, bars, CHART_HEIGHT, drawChart } from './charts.js';
import { formatNumber, formatTime, formatValue, unitLabel } from './format.js';
import { onFunctionChange, renderFunctions } from './functions.js';
import { el, getJson, withParams } from './http.js';

const REFRESH_MS = 2000;
const STATUS_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const GROUPS = ['pipeline.', 'aws.lambda.', 'forwarder.'];
/** Time ranges offered, in seconds (0: everything received). */
const RANGES = { '5m': 300, '15m': 900, '1h': 3600, all: 0 };
const CHART_LABELS = { sum: 'count · sum', line: 'gauge · value', percentiles: 'distribution · percentiles' };

/** metric name → { root, figures, chartBox, chartKind } (the chart itself is chartBox.uplot) */
const cards = new Map();
const params = new URLSearchParams(window.location.search);
const state = {
  filter: normaliseFilter(params.get('tags') ?? ''),
  // A local run lasts minutes: by default everything received (at least the last 2 minutes).
  range: params.get('range') in RANGES ? params.get('range') : 'all',
  /** Epoch seconds of the earliest point drawn (for the `all` range). */
  earliest: Infinity,
  window: { from: 0, to: 0 },
};

function normaliseFilter(text) {
  return text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .join(',');
}

/** The x range every chart shows and every query asks for. */
function timeWindow() {
  const to = Math.ceil(Date.now() / 1000) + 5;
  const seconds = RANGES[state.range];
  const from = seconds > 0 ? to - seconds : Math.min(Number.isFinite(state.earliest) ? state.earliest - 10 : to - 120, to - 120);
  return { from, to };
}

const chartRange = () => [state.window.from, state.window.to];
const rangeParams = () => ({ from: String(state.window.from), to: String(state.window.to) });
const filterParams = () => (state.filter ? { tags: state.filter } : {});

function sectionGrid(metric) {
  const group = GROUPS.find((prefix) => metric.startsWith(prefix)) ?? '';
  return document.querySelector(`section[data-group="${group}"] .grid`);
}

function figure(label, value, text, key) {
  const attributes = { 'data-figure': key, 'data-value': String(value) };
  const colour = COLOURS[key] ?? COLOURS[key.split('-')[0]]; // work-p95 is drawn in the work line's colour
  if (colour) attributes.style = `border-bottom: 3px solid ${colour}`;
  return el('span', attributes, el('b', {}, text), label);
}

function ensureCard(described) {
  const { metric, chart: chartKind, type, unit } = described;
  let card = cards.get(metric);
  if (card && card.chartKind === chartKind) return card;
  if (card) {
    card.chartBox.uplot?.destroy();
    card.root.remove();
  }
  const figures = el('div', { class: 'figures' });
  const chartBox = el('div', { class: 'chart' });
  const unitText = unitLabel(unit) ? ` · ${unitLabel(unit)}` : '';
  const badge = el('span', { class: 'kind', title: `${described.kind} received; type from ${described.source}` }, `${CHART_LABELS[chartKind]}${unitText}`);
  const root = el('article', { class: 'card', 'data-metric': metric, 'data-chart': chartKind, 'data-type': type, 'data-unit': unit ?? '' }, el('header', {}, el('h3', {}, metric), badge), figures, chartBox);
  const grid = sectionGrid(metric);
  const after = [...grid.children].find((child) => child.dataset.metric > metric);
  grid.insertBefore(root, after ?? null);
  card = { root, figures, chartBox, chartKind };
  cards.set(metric, card);
  return card;
}

/** Per-timestamp values of a series query, merged over tag sets: sums for counts, averages for gauges. */
function seriesByTime(points, merge) {
  const byTime = new Map();
  for (const p of points) byTime.set(p.timestamp, [...(byTime.get(p.timestamp) ?? []), p.value]);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  return { times, values: times.map((t) => merge(byTime.get(t))) };
}

const sum = (list) => list.reduce((a, b) => a + b, 0);
const avg = (list) => sum(list) / list.length;

/** uPlot data and series options, and the figures, for one card's query result. */
function drawing(chartKind, result, unit) {
  const isSeries = result.kind !== 'distribution';
  const minutes = (state.window.to - state.window.from) / 60;
  if (chartKind === 'sum') {
    const { times, values } = isSeries ? seriesByTime(result.points, sum) : { times: result.points.map((p) => p.timestamp), values: result.points.map((p) => p.sum) };
    const total = isSeries ? result.sum : result.totals.sum;
    return {
      data: [times, values],
      series: [{ label: 'sum per 10 s', stroke: COLOURS.sum, fill: 'rgba(139, 92, 246, .35)', width: 1, paths: bars() }],
      figures: [
        ['total', total, formatValue(total, unit), 'total'],
        ['per minute', total / minutes, formatValue(total / minutes, unit), 'rate'],
      ],
    };
  }
  if (chartKind === 'line') {
    const { times, values } = isSeries ? seriesByTime(result.points, avg) : { times: result.points.map((p) => p.timestamp), values: result.points.map((p) => p.avg) };
    const latest = values.at(-1);
    const [min, max] = values.length ? [Math.min(...values), Math.max(...values)] : [NaN, NaN];
    return {
      data: [times, values],
      series: [{ label: 'value', stroke: COLOURS.line, width: 2 }],
      figures: [
        ['latest', latest, formatValue(latest, unit), 'latest'],
        ['min', min, formatValue(min, unit), 'min'],
        ['max', max, formatValue(max, unit), 'max'],
      ],
    };
  }
  const times = result.points.map((p) => p.timestamp);
  const line = (key, width = 2, dash) => ({ label: key, stroke: COLOURS[key], width, ...(dash ? { dash } : {}) });
  const t = result.totals;
  return {
    data: [times, ...['p50', 'p95', 'p99', 'max'].map((key) => result.points.map((p) => p[key]))],
    series: [line('p50'), line('p95'), line('p99'), line('max', 1, [4, 4])],
    figures: [...['p50', 'p95', 'p99', 'max'].map((key) => [key, t[key], formatValue(t[key], unit), key]), ['values', t.count, formatNumber(t.count), 'count']],
  };
}

function drawCard(card, result, unit) {
  const { data, series, figures } = drawing(card.chartKind, result, unit);
  card.figures.replaceChildren(...figures.map(([label, value, text, key]) => figure(label, value, text, key)));
  drawChart(card.chartBox, series, data, chartRange, state.filter ? 'no data matches the filter in this time range' : 'no data in this time range');
}

async function refreshMetric(described) {
  const card = ensureCard(described);
  const result = await getJson(withParams('/_intake/query', { metric: described.metric, ...filterParams(), ...rangeParams() }));
  if (result.errors) return; // no data for this metric (any more): keep the last drawing
  const first = result.points[0]?.timestamp;
  if (first !== undefined) state.earliest = Math.min(state.earliest, first);
  drawCard(card, result, described.unit);
}

/** The forwarder's time per invocation, split as the benchmark splits it: in-process work and waiting. */
async function refreshForwarderTime(names) {
  const box = document.getElementById('forwarder-time');
  const query = (metric) => getJson(withParams('/_intake/query', { metric, ...filterParams(), ...rangeParams() }));
  const [work, wait, total] = await Promise.all([names.work, names.wait, names.total].map(query));
  if (work.errors || wait.errors) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const figures = box.querySelector('.figures');
  const ms = (value) => formatValue(value, 'millisecond');
  figures.replaceChildren(
    figure('work p50', work.totals.p50, ms(work.totals.p50), 'work-p50'),
    figure('work p95', work.totals.p95, ms(work.totals.p95), 'work-p95'),
    figure('waiting p50', wait.totals.p50, ms(wait.totals.p50), 'waiting-p50'),
    figure('waiting p95', wait.totals.p95, ms(wait.totals.p95), 'waiting-p95'),
    figure('whole invocation p50', total.totals?.p50, ms(total.totals?.p50), 'total-p50'),
  );
  // Both lines on the same times: the work and waiting values of one invocation share its timestamp.
  const times = work.points.map((p) => p.timestamp);
  const waitAt = new Map(wait.points.map((p) => [p.timestamp, p.p95]));
  const data = [times, work.points.map((p) => p.p95), times.map((t) => waitAt.get(t) ?? null)];
  const series = [{ label: 'work p95', stroke: COLOURS.work, width: 2 }, { label: 'waiting p95', stroke: COLOURS.waiting, width: 2 }];
  drawChart(box.querySelector('.chart'), series, data, chartRange, 'no data in this time range');
}

function renderChecks(latest) {
  const box = document.getElementById('checks');
  document.getElementById('checks-count').textContent = latest.length ? `${latest.length} tag sets, latest run each` : '';
  if (latest.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, state.filter ? 'No check runs match the filter.' : 'No check runs yet.'));
    return;
  }
  const tag = (run, key) => run.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
  const title = (run) => (tag(run, 'repo') ? `${tag(run, 'repo')} @ ${tag(run, 'branch') ?? '?'}` : run.tags.join(', '));
  const byTitle = (a, b) => (title(a) < title(b) ? -1 : title(a) > title(b) ? 1 : 0);
  // Worst first, then by repository and branch.
  const sorted = [...latest].sort((a, b) => b.status - a.status || byTitle(a, b));
  box.replaceChildren(
    ...sorted.map((run) =>
      el(
        'div',
        { class: `check s${run.status}`, 'data-check': run.check, 'data-status': String(run.status) },
        el('span', { class: 'state' }, STATUS_NAMES[run.status] ?? String(run.status)),
        el('div', { class: 'name' }, title(run)),
        el('div', { class: 'tags' }, [run.check, tag(run, 'step') && `step ${tag(run, 'step')}`, formatTime(run.timestamp)].filter(Boolean).join(' · ')),
      ),
    ),
  );
}

function renderTagOptions(metrics) {
  const tags = new Set();
  for (const m of metrics) for (const set of m.tagSets) for (const tag of set) tags.add(tag);
  const list = document.getElementById('tag-options');
  if (list.children.length === tags.size) return;
  list.replaceChildren(...[...tags].sort().map((tag) => el('option', { value: tag })));
}

function setStatus(text, live) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = `status ${live ? 'live' : 'stale'}`;
}

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    state.window = timeWindow();
    const [described, { metrics }, checks] = await Promise.all([getJson('/_intake/metrics/described'), getJson('/_intake/metrics'), getJson(withParams('/_intake/checks', filterParams()))]);
    renderTagOptions(metrics);
    renderChecks(checks.latest);
    const forwarderNames = { total: 'forwarder.duration', work: 'forwarder.work_duration', wait: 'forwarder.wait_duration' };
    await Promise.all([
      renderFunctions(described.platform, described.metrics, rangeParams()),
      refreshForwarderTime(forwarderNames),
      ...described.metrics.map((m) => refreshMetric(m)),
    ]);
    for (const section of document.querySelectorAll('section[data-group]')) section.hidden = section.querySelector('.grid').children.length === 0;
    const filterText = state.filter ? ` · filter ${state.filter}` : '';
    setStatus(`updated ${formatTime(Date.now() / 1000)} · ${described.metrics.length} metrics · ${checks.runs.length} check runs${filterText}`, true);
    Object.assign(document.body.dataset, { refreshed: String(Date.now()), from: String(state.window.from), to: String(state.window.to) });
  } catch (error) {
    setStatus(`intake not reachable (${error.message}); retrying`, false);
  } finally {
    refreshing = false;
  }
}

async function loop() {
  await refresh();
  window.setTimeout(loop, REFRESH_MS);
}

function updateUrl() {
  const url = new URL(window.location.href);
  if (state.filter) url.searchParams.set('tags', state.filter);
  else url.searchParams.delete('tags');
  url.searchParams.set('range', state.range);
  window.history.replaceState(null, '', url);
}

function applyFilter(text) {
  state.filter = normaliseFilter(text);
  document.getElementById('tag-filter').value = state.filter;
  updateUrl();
  void refresh();
}

document.getElementById('tag-filter').value = state.filter;
document.getElementById('filter-form').addEventListener('submit', (event) => {
  event.preventDefault();
  applyFilter(document.getElementById('tag-filter').value);
});
document.getElementById('clear-filter').addEventListener('click', () => applyFilter(''));
const rangeSelect = document.getElementById('range');
rangeSelect.value = state.range;
rangeSelect.addEventListener('change', () => {
  state.range = rangeSelect.value in RANGES ? rangeSelect.value : 'all';
  updateUrl();
  void refresh();
});
new ResizeObserver(() => {
  for (const chartBox of document.querySelectorAll('.chart')) chartBox.uplot?.setSize({ width: Math.max(200, chartBox.clientWidth), height: CHART_HEIGHT });
}).observe(document.querySelector('main'));
onFunctionChange(refresh);
for (const section of document.querySelectorAll('section[data-group]')) section.hidden = true;
void loop();
