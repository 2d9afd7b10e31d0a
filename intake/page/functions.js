/* global document, window, URLSearchParams */
/**
 * One Lambda function at a time: the figures GET /_intake/metrics/functions computes over the time range
 * (invocations, errors, error rate, duration percentiles, cold-start share, throttles, concurrency, iterator age,
 * cost) and two charts of that function alone (invocations and errors per 10 s; duration percentiles). The metric
 * names are the ones the intake says the forwarder uses (`platform` of /_intake/metrics/described). The tag filter
 * does not apply here: the chosen function is the filter.
 */
import { bars, COLOURS, drawChart } from './charts.js';
import { formatNumber, formatShare, formatValue, unitLabel } from './format.js';
import { el, getJson, withParams } from './http.js';

const POLLER_ONLY = 'nothing received: CloudWatch metrics come from the poller, which a local run does not start';

let chosen = new URLSearchParams(window.location.search).get('function') ?? '';

/** The tiles, in order: key, label, how to write the figure. */
function tiles(row, units) {
  const d = row.duration;
  const count = (value) => formatNumber(value);
  return [
    ['invocations', 'invocations', row.invocations, count],
    ['errors', 'errors', row.errors, count],
    ['error-rate', 'error rate', row.errorRate, formatShare],
    ['duration-p50', 'duration p50', d?.p50 ?? null, (v) => formatValue(v, units.duration)],
    ['duration-p95', 'duration p95', d?.p95 ?? null, (v) => formatValue(v, units.duration)],
    ['duration-p99', 'duration p99', d?.p99 ?? null, (v) => formatValue(v, units.duration)],
    ['cold-start-share', 'cold starts', row.coldStartShare, formatShare],
    ['throttles', 'throttles', row.throttles, count],
    ['concurrency', 'peak concurrency', row.concurrency, count],
    ['iterator-age', 'max iterator age', row.iteratorAge, (v) => formatValue(v, units.iteratorAge)],
    ['cost', 'estimated cost', row.cost, (v) => formatValue(v, units.cost)],
  ];
}

function renderTiles(row, units) {
  const box = document.getElementById('function-figures');
  box.replaceChildren(
    ...tiles(row, units).map(([key, label, value, write]) => {
      const missing = value === null || value === undefined;
      const detail = key === 'cold-start-share' && row.coldStarts !== null ? ` (${row.coldStarts})` : '';
      return el(
        'div',
        { class: `tile${missing ? ' missing' : ''}`, 'data-function-figure': key, 'data-value': missing ? '' : String(value), ...(missing ? { title: ['throttles', 'concurrency', 'iterator-age'].includes(key) ? POLLER_ONLY : 'nothing received in this time range' } : {}) },
        el('b', {}, missing ? '–' : `${write(value)}${detail}`),
        el('span', {}, label),
      );
    }),
  );
}

/** Fills the selector; until someone chooses, the busiest function is shown. */
function renderChoice(functions) {
  const names = functions.map((f) => f.functionname);
  const select = document.getElementById('function');
  if ([...select.options].map((o) => o.value).join('\n') !== names.join('\n')) {
    select.replaceChildren(...names.map((name) => el('option', { value: name }, name)));
  }
  if (!names.includes(chosen)) chosen = [...functions].sort((a, b) => (b.invocations ?? 0) - (a.invocations ?? 0))[0]?.functionname ?? '';
  select.value = chosen;
}

async function renderCharts(platform, range, units) {
  const tags = `functionname:${chosen}`;
  const query = (metric) => getJson(withParams('/_intake/query', { metric, tags, ...range }));
  const [invocations, errors, duration] = await Promise.all([query(platform.platform.Invocations), query(platform.platform.Errors), query(platform.platform.Duration)]);
  const span = () => [Number(range.from), Number(range.to)];
  const times = invocations.points?.map((p) => p.timestamp) ?? [];
  const errorsAt = new Map((errors.points ?? []).map((p) => [p.timestamp, p.sum]));
  drawChart(
    document.querySelector('#function-invocations .chart'),
    [
      { label: 'invocations', stroke: COLOURS.sum, fill: 'rgba(139, 92, 246, .35)', width: 1, paths: bars() },
      { label: 'errors', stroke: COLOURS.errors, fill: 'rgba(198, 40, 40, .45)', width: 1, paths: bars() },
    ],
    [times, invocations.points?.map((p) => p.sum) ?? [], times.map((t) => errorsAt.get(t) ?? 0)],
    span,
    'no invocations in this time range',
  );
  const points = duration.points ?? [];
  const line = (key) => ({ label: key, stroke: COLOURS[key], width: 2 });
  drawChart(
    document.querySelector('#function-duration .chart'),
    [line('p50'), line('p95'), line('p99')],
    [points.map((p) => p.timestamp), ...['p50', 'p95', 'p99'].map((key) => points.map((p) => p[key]))],
    span,
    'no durations in this time range',
  );
  document.querySelector('#function-duration h3 small').textContent = unitLabel(units.duration) ? `(${unitLabel(units.duration)})` : '';
}

/** Redraws the function view for the current range; the choice is kept across refreshes and in the URL. */
export async function renderFunctions(platform, _described, range) {
  const section = document.getElementById('functions-section');
  const { functions, units } = await getJson(withParams('/_intake/metrics/functions', range));
  section.hidden = functions.length === 0;
  if (functions.length === 0) return;
  renderChoice(functions);
  const row = functions.find((f) => f.functionname === chosen);
  section.dataset.function = chosen;
  renderTiles(row, units);
  await renderCharts(platform, range, units);
}

/** Wires the selector: a new choice redraws at once through `refresh`. */
export function onFunctionChange(refresh) {
  const select = document.getElementById('function');
  select.addEventListener('change', () => {
    chosen = select.value;
    const url = new URL(window.location.href);
    url.searchParams.set('function', chosen);
    window.history.replaceState(null, '', url);
    void refresh();
  });
}
