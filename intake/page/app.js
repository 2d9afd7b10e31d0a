/* global uPlot, document, window, URLSearchParams, ResizeObserver */
/**
 * The local intake's page: polls the /_intake query endpoints and draws each metric with uPlot.
 *   counts (distributions whose values are counts): the sum per interval, as bars, and the total;
 *   measurements (other distributions): p50 / p95 / p99 / max per interval, and the percentiles over everything;
 *   series (gauges, counts sent as series): the value per second.
 * The tag filter is sent as `tags=` to every query, so the server does the matching. No framework, no build step.
 */
const catalog = JSON.parse(document.getElementById('catalog').textContent);
const COUNT_METRICS = new Set(catalog.counts);
const UNITS = catalog.units;
const REFRESH_MS = 2000;
const CHART_HEIGHT = 170;
const STATUS_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const COLOURS = { p50: '#632ca6', p95: '#e07b00', p99: '#c62828', max: '#9ca3af', bars: '#8b5cf6', series: '#0b7285' };
const GROUPS = ['pipeline.', 'aws.lambda.', 'forwarder.'];

/** metric name → { root, figures, chartBox, chart, mode } */
const cards = new Map();
/** Every chart spans the same time: from the earliest point received to now, at least 2 and at most 15 minutes. */
const timeWindow = { from: Infinity, to: 0 };
const MIN_WINDOW_SECONDS = 120;
const MAX_WINDOW_SECONDS = 900;
let filter = normaliseFilter(new URLSearchParams(window.location.search).get('tags') ?? '');

function normaliseFilter(text) {
  return text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean).join(',');
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok && response.status !== 404) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function withFilter(path, params = {}) {
  const query = new URLSearchParams(params);
  if (filter) query.set('tags', filter);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

function format(value, unit = '') {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  let text;
  if (abs >= 1e6) text = `${(value / 1e6).toFixed(2)}M`;
  else if (abs >= 1e4) text = `${(value / 1e3).toFixed(1)}k`;
  else if (Number.isInteger(value)) text = String(value);
  else if (abs < 0.01) text = value.toExponential(2); // an estimated cost per invocation: 3.47e-7
  else text = value.toFixed(abs < 1 ? 3 : 1);
  return unit ? `${text} ${unit}` : text;
}

function sectionGrid(metric) {
  const group = GROUPS.find((prefix) => metric.startsWith(prefix)) ?? '';
  return document.querySelector(`section[data-group="${group}"] .grid`);
}

function modeOf(metric, kind) {
  if (kind !== 'distribution') return 'series';
  return COUNT_METRICS.has(metric) ? 'count' : 'values';
}

function ensureCard(metric, kind) {
  let card = cards.get(metric);
  if (card) return card;
  const mode = modeOf(metric, kind);
  const figures = el('div', { class: 'figures' });
  const chartBox = el('div', { class: 'chart' });
  const label = mode === 'count' ? 'count' : mode === 'values' ? 'distribution' : kind;
  const root = el('article', { class: 'card', 'data-metric': metric, 'data-mode': mode }, el('header', {}, el('h3', {}, metric), el('span', { class: 'kind' }, label)), figures, chartBox);
  const grid = sectionGrid(metric);
  const after = [...grid.children].find((child) => child.dataset.metric > metric);
  grid.insertBefore(root, after ?? null);
  card = { root, figures, chartBox, chart: undefined, mode };
  cards.set(metric, card);
  return card;
}

function figure(label, value, unit, key) {
  const attributes = key ? { 'data-figure': key } : {};
  if (COLOURS[key]) attributes.style = `border-bottom: 3px solid ${COLOURS[key]}`;
  return el('span', attributes, el('b', {}, format(value, unit)), label);
}

/** uPlot's data: [times, ...one array per line], plus the lines' options, for one query result. */
function chartData(mode, result) {
  if (mode === 'series') {
    const bySecond = new Map();
    for (const p of result.points) bySecond.set(p.timestamp, (bySecond.get(p.timestamp) ?? 0) + p.value);
    const times = [...bySecond.keys()].sort((a, b) => a - b);
    return { data: [times, times.map((t) => bySecond.get(t))], series: [{ label: 'value', stroke: COLOURS.series, width: 2 }] };
  }
  const times = result.points.map((p) => p.timestamp);
  if (mode === 'count') {
    return {
      data: [times, result.points.map((p) => p.sum)],
      series: [{ label: 'per 10 s', stroke: COLOURS.bars, fill: 'rgba(139, 92, 246, .35)', width: 1, paths: uPlot.paths.bars({ size: [0.6, 24] }) }],
    };
  }
  const line = (key, width = 2, dash) => ({ label: key, stroke: COLOURS[key], width, ...(dash ? { dash } : {}) });
  return {
    data: [times, ...['p50', 'p95', 'p99', 'max'].map((key) => result.points.map((p) => p[key]))],
    series: [line('p50'), line('p95'), line('p99'), line('max', 1, [4, 4])],
  };
}

function renderFigures(card, metric, result) {
  const unit = UNITS[metric] ?? '';
  card.figures.replaceChildren();
  if (card.mode === 'count') {
    const last = result.points.at(-1);
    card.figures.append(figure('total', result.totals.sum, '', 'total'), figure('in the latest 10 s', last ? last.sum : NaN, '', 'latest'));
  } else if (card.mode === 'values') {
    const t = result.totals;
    card.figures.append(figure('p50', t.p50, unit, 'p50'), figure('p95', t.p95, unit, 'p95'), figure('p99', t.p99, unit, 'p99'), figure('max', t.max, unit, 'max'), figure('values', t.count, '', 'count'));
  } else {
    const last = result.points.at(-1);
    card.figures.append(figure('latest', last ? last.value : NaN, unit, 'latest'), figure('points', result.points.length));
  }
}

function renderChart(card, result) {
  if (result.points.length === 0) {
    card.chart?.destroy();
    card.chart = undefined;
    card.chartBox.replaceChildren(el('p', { class: 'empty' }, filter ? 'no data matches the filter' : 'no data yet'));
    return;
  }
  const { data, series } = chartData(card.mode, result);
  if (card.chart && card.chart.series.length === series.length + 1) {
    card.chart.setData(data);
    return;
  }
  card.chart?.destroy();
  card.chartBox.replaceChildren();
  const axis = { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e2e5ea' } };
  card.chart = new uPlot(
    {
      width: Math.max(200, card.chartBox.clientWidth),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => [timeWindow.from, timeWindow.to] },
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [axis, { ...axis, size: 56, values: (_u, ticks) => ticks.map((v) => format(v)) }],
      series: [{}, ...series],
    },
    data,
    card.chartBox,
  );
}

async function refreshMetric(metric, kind) {
  const card = ensureCard(metric, kind);
  const result = await getJson(withFilter('/_intake/query', { metric }));
  if (result.errors) return; // no data for this metric (any more): keep the last drawing
  const earliest = result.points[0]?.timestamp;
  if (earliest !== undefined) timeWindow.from = Math.max(Math.min(timeWindow.from, earliest - 10), timeWindow.to - MAX_WINDOW_SECONDS);
  renderFigures(card, metric, result);
  renderChart(card, result);
}

function renderChecks(latest) {
  const box = document.getElementById('checks');
  document.getElementById('checks-count').textContent = latest.length ? `${latest.length} tag sets, latest run each` : '';
  if (latest.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, filter ? 'No check runs match the filter.' : 'No check runs yet.'));
    return;
  }
  const tag = (run, key) => run.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
  const title = (run) => (tag(run, 'repo') ? `${tag(run, 'repo')} @ ${tag(run, 'branch') ?? '?'}` : run.tags.join(', '));
  // Worst first, then by repository and branch.
  const sorted = [...latest].sort((a, b) => b.status - a.status || title(a).localeCompare(title(b)));
  box.replaceChildren(
    ...sorted.map((run) =>
      el(
        'div',
        { class: `check s${run.status}`, 'data-check': run.check, 'data-status': String(run.status) },
        el('span', { class: 'state' }, STATUS_NAMES[run.status] ?? String(run.status)),
        el('div', { class: 'name' }, title(run)),
        el('div', { class: 'tags' }, [run.check, tag(run, 'step') && `step ${tag(run, 'step')}`, new Date(run.timestamp * 1000).toLocaleTimeString()].filter(Boolean).join(' · ')),
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

async function refresh() {
  try {
    const [{ metrics }, checks] = await Promise.all([getJson('/_intake/metrics'), getJson(withFilter('/_intake/checks'))]);
    renderTagOptions(metrics);
    renderChecks(checks.latest);
    timeWindow.to = Date.now() / 1000 + 5;
    timeWindow.from = Math.max(Math.min(timeWindow.from, timeWindow.to - MIN_WINDOW_SECONDS), timeWindow.to - MAX_WINDOW_SECONDS);
    const sorted = [...metrics].sort((a, b) => a.metric.localeCompare(b.metric));
    await Promise.all(sorted.map((m) => refreshMetric(m.metric, m.kind)));
    for (const section of document.querySelectorAll('section[data-group]')) section.hidden = section.querySelector('.grid').children.length === 0;
    const time = new Date().toLocaleTimeString();
    setStatus(`updated ${time} · ${metrics.length} metrics · ${checks.runs.length} check runs${filter ? ` · filter ${filter}` : ''}`, true);
    document.body.dataset.refreshed = String(Date.now());
  } catch (error) {
    setStatus(`intake not reachable (${error.message}); retrying`, false);
  }
}

async function loop() {
  await refresh();
  setTimeout(loop, REFRESH_MS);
}

function applyFilter(text) {
  filter = normaliseFilter(text);
  document.getElementById('tag-filter').value = filter;
  const url = new URL(window.location.href);
  if (filter) url.searchParams.set('tags', filter);
  else url.searchParams.delete('tags');
  window.history.replaceState(null, '', url);
  void refresh();
}

document.getElementById('tag-filter').value = filter;
document.getElementById('filter-form').addEventListener('submit', (event) => {
  event.preventDefault();
  applyFilter(document.getElementById('tag-filter').value);
});
document.getElementById('clear-filter').addEventListener('click', () => applyFilter(''));
new ResizeObserver(() => {
  for (const card of cards.values()) card.chart?.setSize({ width: Math.max(200, card.chartBox.clientWidth), height: CHART_HEIGHT });
}).observe(document.querySelector('main'));
for (const section of document.querySelectorAll('section[data-group]')) section.hidden = true;
void loop();
