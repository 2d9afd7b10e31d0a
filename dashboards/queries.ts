/**
 * Datadog metric query strings, built by small pure functions so every panel and monitor writes them the same way.
 *
 * How the forwarder ships what it sends decides the query (wire-formats §4):
 * - counts (invocations, errors, custom counts) are DISTRIBUTIONS, merged server side: `sum:<m>{…}.as_count()`;
 * - durations and memory are distributions too: percentiles `p50:` / `p95:` / `p99:` and `max:` work on them;
 * - the poller's CloudWatch values and gauges are plain series: `sum:` / `max:` / `avg:`.
 */

export type Percentile = 'p50' | 'p75' | 'p90' | 'p95' | 'p99';
export type SpaceAggregator = 'avg' | 'max' | 'min' | 'sum';

/** A tag filter (`*`, `env:prod`, `$functionname,$region`) and an optional group-by tag list. */
export interface Selection {
  scope?: string;
  by?: readonly string[];
}

function selection({ scope = '*', by = [] }: Selection): string {
  return `{${scope}}` + (by.length > 0 ? ` by {${by.join(',')}}` : '');
}

/** How many things happened: the sum of a count, per interval, as a count (not a per-second rate). */
export function countOf(metric: string, sel: Selection = {}): string {
  return `sum:${metric}${selection(sel)}.as_count()`;
}

/** How many values a distribution received (for example: init_duration values are cold starts). */
export function valuesOf(metric: string, sel: Selection = {}): string {
  return `count:${metric}${selection(sel)}.as_count()`;
}

export function percentileOf(p: Percentile, metric: string, sel: Selection = {}): string {
  return `${p}:${metric}${selection(sel)}`;
}

export function aggregateOf(aggregator: SpaceAggregator, metric: string, sel: Selection = {}): string {
  return `${aggregator}:${metric}${selection(sel)}`;
}

/** `100 * part / whole`: a percentage of two queries. */
export function percentOf(part: string, whole: string): string {
  return `100 * ${part} / ${whole}`;
}

export type Comparator = '>' | '>=' | '<' | '<=';

/** A metric monitor query: `sum(last_5m):<query> > 5`. The threshold must equal options.thresholds.critical. */
export function monitorQuery(m: {
  timeAggregation: 'sum' | 'avg' | 'max' | 'min';
  window: `last_${number}${'m' | 'h'}`;
  query: string;
  comparator: Comparator;
  critical: number;
}): string {
  return `${m.timeAggregation}(${m.window}):${m.query} ${m.comparator} ${m.critical}`;
}

/** Every metric name a query string reads (`sum:aws.lambda.errors{…}` → `aws.lambda.errors`). */
export function metricsIn(query: string): string[] {
  const names: string[] = [];
  for (const match of query.matchAll(/\b(?:sum|avg|min|max|count|p\d{2}(?:\.\d+)?):([A-Za-z][A-Za-z0-9_.]*)\{/g)) {
    names.push(match[1]!);
  }
  return names;
}
