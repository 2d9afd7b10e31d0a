/** Tag handling the way Datadog does it for the intake's purposes: lowercase, de-duplicated, sorted. */
import type { TagFilter } from './types.js';

export function normaliseTagSet(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0))].sort();
}

/** The identity of a series: metric name plus its sorted tags. */
export function seriesKey(metric: string, tags: readonly string[]): string {
  return `${metric}|${tags.join(',')}`;
}

/** Turns any accepted filter form into normalised tags. `undefined` and '' match everything. */
export function parseTagFilter(filter: TagFilter | undefined): string[] {
  if (filter === undefined) return [];
  if (typeof filter === 'string') return normaliseTagSet(filter.split(','));
  if (Array.isArray(filter)) return normaliseTagSet(filter as readonly string[]);
  return normaliseTagSet(Object.entries(filter).map(([key, value]) => `${key}:${String(value)}`));
}

/** True when every filter tag is on the series. */
export function matchesTags(seriesTags: readonly string[], filterTags: readonly string[]): boolean {
  return filterTags.every((tag) => seriesTags.includes(tag));
}
