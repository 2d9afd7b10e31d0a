/**
 * Halving, the one move used to make things fit: a list of items splits into two lists; a single item splits its
 * points (and a distribution point its values) into two items with the same metric and tags. Splitting a
 * distribution's values across requests loses nothing: Datadog merges distribution points server-side.
 */
import type { CheckRun, DistributionSeries, SeriesV2 } from '../types.js';
import type { PayloadItems } from './types.js';

type Item = PayloadItems['items'][number];

/** Two halves of a list (both non-empty), or undefined for a list of fewer than two. */
export function halveList<T>(list: readonly T[]): [T[], T[]] | undefined {
  if (list.length < 2) return undefined;
  const middle = Math.ceil(list.length / 2);
  return [list.slice(0, middle), list.slice(middle)];
}

function halveDistribution(series: DistributionSeries): [DistributionSeries, DistributionSeries] | undefined {
  const byPoints = halveList(series.points);
  if (byPoints) return [{ ...series, points: byPoints[0] }, { ...series, points: byPoints[1] }];
  const only = series.points[0];
  if (!only) return undefined;
  const byValues = halveList(only[1]);
  if (!byValues) return undefined;
  return [
    { ...series, points: [[only[0], byValues[0]]] },
    { ...series, points: [[only[0], byValues[1]]] },
  ];
}

function halveSeries(series: SeriesV2): [SeriesV2, SeriesV2] | undefined {
  const byPoints = halveList(series.points);
  return byPoints ? [{ ...series, points: byPoints[0] }, { ...series, points: byPoints[1] }] : undefined;
}

/** Splits one item in two, or undefined when it holds a single value (a check never splits). */
export function halveItem(kind: PayloadItems['kind'], item: Item): [Item, Item] | undefined {
  if (kind === 'distributions') return halveDistribution(item as DistributionSeries);
  if (kind === 'series') return halveSeries(item as SeriesV2);
  return undefined satisfies [CheckRun, CheckRun] | undefined;
}

/** Splits a payload's items in two: the list when it has two or more items, else the single item. */
export function halveItems(payload: PayloadItems): [PayloadItems, PayloadItems] | undefined {
  const lists = halveList<Item>(payload.items);
  if (lists) return [withItems(payload.kind, lists[0]), withItems(payload.kind, lists[1])];
  const only = payload.items[0];
  if (only === undefined) return undefined;
  const items = halveItem(payload.kind, only);
  return items ? [withItems(payload.kind, [items[0]]), withItems(payload.kind, [items[1]])] : undefined;
}

export function withItems(kind: PayloadItems['kind'], items: Item[]): PayloadItems {
  return { kind, items } as PayloadItems;
}

/** How many values a payload carries: distribution values, series points, checks. */
export function countPoints(payload: PayloadItems): number {
  let total = 0;
  if (payload.kind === 'distributions') {
    for (const series of payload.items) for (const point of series.points) total += point[1].length;
  } else if (payload.kind === 'series') {
    for (const series of payload.items) total += series.points.length;
  } else {
    total = payload.items.length;
  }
  return total;
}
