/** Read-only views of the store for tests and the local page, plus reset. */
import { ControlPath } from '../constants.js';
import { errorReply, ok } from '../replies.js';
import type { Router } from '../router.js';
import type { IntakeStore } from '../store.js';
import { summarise } from '../stats.js';
import type { Reply } from '../types.js';
import { registerFunctionRoutes } from './functions.js';
import { registerMetadataRoutes } from './metadata.js';
import { inRange, timeRangeOf } from './time-range.js';

export function registerQueryRoutes(router: Router): void {
  router.add(
    { method: 'GET', path: ControlPath.metrics, kind: 'control', handle: ({ store }) => ok({ metrics: store.metrics() }) },
    { method: 'GET', path: ControlPath.query, kind: 'control', handle: ({ store, url }) => queryMetric(store, url.searchParams) },
    {
      method: 'GET',
      path: ControlPath.checks,
      kind: 'control',
      handle: ({ store, url }) => {
        const check = url.searchParams.get('check') ?? undefined;
        const tags = url.searchParams.get('tags') ?? undefined;
        return ok({ runs: store.checkRuns(check, tags), latest: store.latestChecks(check, tags) });
      },
    },
    {
      method: 'GET',
      path: ControlPath.requests,
      kind: 'control',
      handle: ({ store, url }) => ok({ requests: store.requests(url.searchParams.get('path') ?? undefined) }),
    },
    {
      method: 'GET',
      path: ControlPath.dropped,
      kind: 'control',
      handle: ({ store, url }) => ok({ dropped: store.droppedPoints(url.searchParams.get('metric') ?? undefined) }),
    },
    {
      method: 'POST',
      path: ControlPath.reset,
      kind: 'control',
      handle: ({ store, faults }) => {
        store.reset();
        faults.clear();
        return ok({ reset: true });
      },
    },
  );
  registerMetadataRoutes(router);
  registerFunctionRoutes(router);
}


/**
 * `?metric=name&tags=a:b,c:d&from=<s>&to=<s>`. Series: every point (tags, timestamp, value) and their sum.
 * Distributions: statistics per timestamp and over everything, merged across the matching tag sets. `from`/`to`
 * keep the points stamped within them (and the totals of those alone).
 */
export function queryMetric(store: IntakeStore, params: URLSearchParams): Reply {
  const metric = params.get('metric');
  if (!metric) return errorReply(400, 'query needs ?metric=<name>');
  const time = timeRangeOf(params);
  if (!time.ok) return errorReply(400, time.error);
  const tags = params.get('tags') ?? '';
  const kind = store.kindOf(metric);
  if (kind === undefined) return errorReply(404, `no data for metric ${metric}`);
  const within = inRange(time.range);
  if (kind === 'distribution') {
    const points = store.distributionOverTime(metric, tags).filter(within);
    return ok({ metric, kind, tags, totals: summarise(store.distributionValues(metric, tags, time.range)), points });
  }
  const points = store
    .seriesValues(metric, tags)
    .filter(within)
    .map(({ tags: pointTags, timestamp, value }) => ({ timestamp, value, tags: pointTags }));
  return ok({ metric, kind, tags, sum: points.reduce((total, point) => total + point.value, 0), points });
}
