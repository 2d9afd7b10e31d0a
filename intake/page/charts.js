/* global uPlot, devicePixelRatio, document */
/**
 * uPlot charts for the page: one builder for every card, time on x, the page's own number formatting on y, and a
 * y axis exactly as wide as its widest label (a fixed width cut off labels such as a cost's `3.5e-7`).
 */
import { formatNumber, formatTick } from './format.js';

export const CHART_HEIGHT = 170;
export const COLOURS = {
  p50: '#632ca6',
  p95: '#e07b00',
  p99: '#c62828',
  max: '#9ca3af',
  sum: '#8b5cf6',
  line: '#0b7285',
  errors: '#c62828',
  work: '#0b7285',
  waiting: '#e07b00',
};

const AXIS_STYLE = { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e2e5ea' } };

/** The axis width its labels need: tick length + gap + the widest label, measured with the axis's own font. */
export function fittingAxisSize(self, values, axisIndex, cycle) {
  const axis = self.axes[axisIndex];
  if (cycle > 1) return axis._size; // uPlot asks again after a relayout; keep the first answer stable
  let size = (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 4;
  const widest = (values ?? []).reduce((longest, text) => (String(text).length > longest.length ? String(text) : longest), '');
  if (widest !== '') {
    self.ctx.font = axis.font[0];
    size += self.ctx.measureText(widest).width / (devicePixelRatio || 1);
  }
  return Math.ceil(size);
}

/** A bar path builder (sums per interval). */
export const bars = () => uPlot.paths.bars({ size: [0.6, 24] });

/**
 * A chart in `box`: `series` are uPlot series options without the x series; `range()` answers the x range (epoch
 * seconds) every redraw, so all charts show the same time range.
 */
export function createChart(box, series, data, range) {
  const chart = new uPlot(
    {
      width: Math.max(200, box.clientWidth),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => (box.range ?? range)() },
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        // At least 80 px between time ticks: room for `14:03:20` and a gap, however wide the chart.
        { ...AXIS_STYLE, space: 80, values: (_u, ticks) => ticks.map(formatTick) },
        { ...AXIS_STYLE, size: fittingAxisSize, values: (_u, ticks) => ticks.map((v) => formatNumber(v, 2)) },
      ],
      series: [{}, ...series],
    },
    data,
    box,
  );
  box.uplot = chart; // the browser test reads the drawn axis labels from here
  return chart;
}

/**
 * Draws `data` in `box`: updates the chart already there, creates one, or says `empty` when there is nothing to draw.
 */
export function drawChart(box, series, data, range, empty) {
  box.range = range; // the chart's x range asks this, so a chart made under an earlier range follows the new one
  if (data[0].length === 0) {
    box.uplot?.destroy();
    box.uplot = undefined;
    box.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: empty }));
    return;
  }
  if (box.uplot && box.uplot.series.length === series.length + 1) {
    box.uplot.setData(data);
    // setData keeps an x range it already has when the data's own span did not change: set the chosen one.
    const [min, max] = range();
    box.uplot.setScale('x', { min, max });
    return;
  }
  box.uplot?.destroy();
  box.replaceChildren();
  createChart(box, series, data, range);
}
