/**
 * Small builders for the few widget kinds the dashboard uses, typed with the Datadog client's v1 models. Each panel
 * carries a `description` saying what it tells you; dashboards/README.md repeats those words for readers.
 */
import type { v1 } from '@datadog/datadog-api-client';

export interface Line {
  q: string;
  /** Legend name for this query. */
  alias?: string;
  display?: 'line' | 'bars' | 'area';
}

export interface TimeseriesOptions {
  description: string;
  /** Horizontal lines, e.g. a monitor's threshold: `{ value: 'y = 5', label: 'monitor: critical' }`. */
  markers?: v1.WidgetMarker[];
  yLabel?: string;
}

export function timeseries(title: string, lines: readonly Line[], options: TimeseriesOptions): v1.Widget {
  const definition: v1.TimeseriesWidgetDefinition = {
    type: 'timeseries',
    title,
    description: options.description,
    showLegend: true,
    requests: lines.map((line) => ({
      q: line.q,
      displayType: line.display ?? 'line',
      ...(line.alias ? { metadata: [{ expression: line.q, aliasName: line.alias }] } : {}),
    })),
    ...(options.markers ? { markers: options.markers } : {}),
    ...(options.yLabel ? { yaxis: { label: options.yLabel, includeZero: true } } : {}),
  };
  return { definition };
}

export interface ValueQuery {
  /** Short name used in the formula (`a`, `b`). */
  name: string;
  query: string;
  /** How the query's points over the dashboard's time frame become one number. */
  reduce: 'sum' | 'max' | 'avg' | 'last';
}

export interface QueryValueOptions {
  description: string;
  /** Formula over the query names; defaults to the first query. */
  formula?: string;
  precision?: number;
  unit?: string;
  /** Turns the number red at or above this value. */
  redAtOrAbove?: number;
}

/** One number for the selected time frame (a formula over scalar queries, so a ratio is a ratio of totals). */
export function queryValue(title: string, queries: readonly ValueQuery[], options: QueryValueOptions): v1.Widget {
  const first = queries[0];
  if (!first) throw new Error(`query value "${title}" needs at least one query`);
  const request: v1.QueryValueWidgetRequest = {
    responseFormat: 'scalar',
    queries: queries.map((q) => ({ dataSource: 'metrics', name: q.name, query: q.query, aggregator: q.reduce })),
    formulas: [
      {
        formula: options.formula ?? first.name,
        ...(options.redAtOrAbove !== undefined
          ? { conditionalFormats: [{ comparator: '>=', value: options.redAtOrAbove, palette: 'white_on_red' }] }
          : {}),
      },
    ],
  };
  const definition: v1.QueryValueWidgetDefinition = {
    type: 'query_value',
    title,
    description: options.description,
    autoscale: true,
    precision: options.precision ?? 0,
    ...(options.unit ? { customUnit: options.unit } : {}),
    requests: [request],
  };
  return { definition };
}

/** The latest status of a service check, one tile per group. */
export function checkStatus(title: string, check: string, groupBy: string[], description: string): v1.Widget {
  const definition: v1.CheckStatusWidgetDefinition = {
    type: 'check_status',
    title,
    description,
    check,
    grouping: 'cluster',
    groupBy,
    tags: ['*'],
  };
  return { definition };
}

export function note(content: string): v1.Widget {
  const definition: v1.NoteWidgetDefinition = {
    type: 'note',
    content,
    backgroundColor: 'gray',
    fontSize: '14',
    textAlign: 'left',
    showTick: false,
    hasPadding: true,
  };
  return { definition };
}

export function group(title: string, widgets: v1.Widget[]): v1.Widget {
  const definition: v1.GroupWidgetDefinition = {
    type: 'group',
    title,
    layoutType: 'ordered',
    showTitle: true,
    widgets,
  };
  return { definition };
}
