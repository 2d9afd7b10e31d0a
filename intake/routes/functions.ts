/**
 * One row per Lambda function the intake heard about, with the figures a person checks first: invocations, errors,
 * error rate, duration percentiles, cold-start share, throttles, concurrency, iterator age and cost, over a time
 * range. Read from the platform metrics under the names the forwarder uses (metadata.ts), by their `functionname`
 * tag. A figure nothing was received for is null (throttles, concurrency and iterator age come from the poller,
 * which reads CloudWatch; a local run has none).
 */
import { ControlPath } from '../constants.js';
import { errorReply, ok } from '../replies.js';
import type { Router } from '../router.js';
import { summarise } from '../stats.js';
import type { IntakeStore, TimeRange } from '../store.js';
import { metricMetadata } from './metadata.js';
import { inRange, timeRangeOf } from './time-range.js';

export const FunctionsPath = `${ControlPath.metrics}/functions` as const;

const FUNCTION_TAG = 'functionname';
const COLD_START_TAG = 'cold_start:true';

export interface FunctionFigures {
  functionname: string;
  invocations: number | null;
  errors: number | null;
  /** errors / invocations, 0..1. */
  errorRate: number | null;
  coldStarts: number | null;
  /** cold starts / invocations, 0..1. */
  coldStartShare: number | null;
  duration: { p50: number; p95: number; p99: number; max: number; count: number } | null;
  throttles: number | null;
  /** The most concurrent executions seen in the range. */
  concurrency: number | null;
  /** The oldest iterator age seen in the range. */
  iteratorAge: number | null;
  cost: number | null;
}

/** Every value of a metric in the range, whichever way it was sent; undefined when the metric has none at all. */
function values(store: IntakeStore, metric: string, tags: string, range: TimeRange): number[] | undefined {
  const kind = store.kindOf(metric);
  if (kind === undefined) return undefined;
  if (kind === 'distribution') return store.distributionValues(metric, tags, range);
  return store
    .seriesValues(metric, tags)
    .filter(inRange(range))
    .map((p) => p.value);
}

/** The sum of the values, or null when none was received (no points is not a measured zero). */
const sumOf = (list: number[] | undefined): number | null => (list === undefined || list.length === 0 ? null : list.reduce((a, b) => a + b, 0));
const maxOf = (list: number[] | undefined): number | null => (list === undefined || list.length === 0 ? null : Math.max(...list));
const ratio = (part: number | null, whole: number | null): number | null => (part === null || whole === null || whole === 0 ? null : part / whole);

/** Every function named by a `functionname` tag on a platform metric. */
function functionNames(store: IntakeStore, metrics: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const summary of store.metrics()) {
    if (!metrics.has(summary.metric)) continue;
    for (const tags of summary.tagSets) for (const tag of tags) if (tag.startsWith(`${FUNCTION_TAG}:`)) names.add(tag.slice(FUNCTION_TAG.length + 1));
  }
  return [...names].sort();
}

export function functionFigures(store: IntakeStore, range: TimeRange): { functions: FunctionFigures[]; units: { duration?: string; iteratorAge?: string; cost?: string } } {
  const metadata = metricMetadata(store);
  const { platform: p, cloudwatch: c } = metadata.platformNames;
  const unit = (metric: string) => metadata.lookup(metric).declared.unit;
  const functions = functionNames(store, new Set([...Object.values(p), ...Object.values(c)])).map((name): FunctionFigures => {
    const tags = `${FUNCTION_TAG}:${name}`;
    const invocations = sumOf(values(store, p.Invocations, tags, range));
    // Errors are sent only when they happen: none beside invocations is zero.
    const errors = sumOf(values(store, p.Errors, tags, range)) ?? (invocations === null ? null : 0);
    const coldStarts = invocations === null ? null : (sumOf(values(store, p.Invocations, `${tags},${COLD_START_TAG}`, range)) ?? 0);
    const durations = values(store, p.Duration, tags, range);
    const stats = durations && durations.length > 0 ? summarise(durations) : undefined;
    return {
      functionname: name,
      invocations,
      errors,
      errorRate: ratio(errors, invocations),
      coldStarts,
      coldStartShare: ratio(coldStarts, invocations),
      duration: stats ? { p50: stats.p50, p95: stats.p95, p99: stats.p99, max: stats.max, count: stats.count } : null,
      throttles: sumOf(values(store, c.Throttles, tags, range)),
      concurrency: maxOf(values(store, c.ConcurrentExecutions, tags, range)),
      iteratorAge: maxOf(values(store, c.IteratorAge, tags, range)),
      cost: sumOf(values(store, p.EstimatedCost, tags, range)),
    };
  });
  return { functions, units: { duration: unit(p.Duration), iteratorAge: unit(c.IteratorAge), cost: unit(p.EstimatedCost) } };
}

export function registerFunctionRoutes(router: Router): void {
  router.add({
    method: 'GET',
    path: FunctionsPath,
    kind: 'control',
    handle: ({ store, url }) => {
      const time = timeRangeOf(url.searchParams);
      if (!time.ok) return errorReply(400, time.error);
      return ok(functionFigures(store, time.range));
    },
  });
}
