/**
 * What each metric the intake received is, so a page can draw it by its type: counts as sums per interval, gauges as
 * lines, distributions of measurements as percentiles.
 *
 * The wire decides for series: `/api/v2/series` carries the type (count, rate, gauge). It cannot for distributions:
 * `/api/v1/distribution_points` says only "distribution", and the forwarder ships counts as distributions too (their
 * values are pre-summed counts; wire-formats §4). What a distribution's values are is metric metadata, as in Datadog,
 * where it is set per name (`PUT /api/v1/metrics/<name>`, Datadog's "edit metric metadata": type, unit). The intake
 * holds that metadata from, first to last:
 *   1. `PUT /api/v1/metrics/<name>` (a user declaring a custom metric, as in Datadog);
 *   2. whoever started the intake (`npm start` declares its functions' custom metrics from the emitter calls it saw);
 *   3. the forwarder's own definitions (forwarder/metric-names.ts): its platform metrics, under the naming it was
 *      given, and its `forwarder.*` metrics, as Datadog ships metadata for its integrations' metrics.
 * A distribution nobody declared is drawn as percentiles and says so (`source: 'undeclared'`).
 */
import { ControlPath } from '../constants.js';
import { CloudWatchMetricUnit, ForwarderMetric, metricUnits, platformNames, PlatformNaming, type PlatformMetricKey, type PlatformNames } from '../../forwarder/metric-names.js';
import { errorReply, ok } from '../replies.js';
import type { Router } from '../router.js';
import type { IntakeStore } from '../store.js';
import type { MetricKind } from '../types.js';

/** Datadog's metadata types (what `PUT /api/v1/metrics/<name>` takes). */
export const MetadataType = ['count', 'rate', 'gauge', 'distribution'] as const;
export type MetadataTypeName = (typeof MetadataType)[number];

/** How a page draws a metric: sum per interval (and the rate per minute), a line of the value, or percentiles. */
export type ChartKind = 'sum' | 'line' | 'percentiles';

export interface Declared {
  type?: MetadataTypeName;
  /** A Datadog unit name: second, millisecond, mebibyte, dollar, invocation… */
  unit?: string;
}

export interface MetricDescription {
  metric: string;
  /** As the intake received it. */
  kind: MetricKind;
  /** What its values are (the received kind for series; the metadata's type for distributions). */
  type: MetadataTypeName | 'unspecified';
  unit?: string;
  chart: ChartKind;
  /** Where `type` came from. */
  source: 'received' | 'declared' | 'forwarder' | 'undeclared';
}

export const MetadataPath = {
  /** Datadog's metric metadata, one name. */
  metric: '/api/v1/metrics/:name',
  /** Every metric received, described (the local page reads this). */
  list: `${ControlPath.metrics}/described`,
} as const;

/**
 * How each platform metric's values add up, keyed by the forwarder's own keys (so a new platform metric cannot be
 * forgotten here): invocations, errors, timeouts, out-of-memory and cost are counted (their sum is the figure);
 * durations and memory used are measurements; the configured memory is a setting (a gauge: its value, not its
 * percentiles).
 */
const PlatformType: Record<PlatformMetricKey, MetadataTypeName> = {
  Invocations: 'count',
  Errors: 'count',
  Timeouts: 'count',
  OutOfMemory: 'count',
  EstimatedCost: 'count',
  Duration: 'distribution',
  BilledDuration: 'distribution',
  InitDuration: 'distribution',
  RestoreDuration: 'distribution',
  MaxMemoryUsed: 'distribution',
  MemorySize: 'gauge',
};

/** The forwarder's own measurements (in milliseconds); every other `forwarder.*` metric is a count. */
const ForwarderDurations: ReadonlySet<string> = new Set(
  Object.entries(ForwarderMetric)
    .filter(([key]) => key.endsWith('Duration'))
    .map(([, name]) => name),
);

/** The forwarder's definitions as metadata: platform names under both namings' default prefixes and `names`. */
function forwarderMetadata(names: PlatformNames): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const naming of [platformNames(PlatformNaming.AwsLambda), platformNames(PlatformNaming.Enhanced), names]) {
    const units = metricUnits(naming);
    for (const key of Object.keys(naming.platform) as PlatformMetricKey[]) {
      const name = naming.platform[key];
      out.set(name, { type: PlatformType[key], unit: units[name] });
    }
    for (const key of Object.keys(naming.cloudwatch) as Array<keyof typeof CloudWatchMetricUnit>) {
      out.set(naming.cloudwatch[key], { unit: CloudWatchMetricUnit[key] });
    }
  }
  for (const name of Object.values(ForwarderMetric)) {
    out.set(name, ForwarderDurations.has(name) ? { type: 'distribution', unit: 'millisecond' } : { type: 'count' });
  }
  return out;
}

/** One intake's metric metadata. */
export class MetricMetadata {
  readonly #put = new Map<string, Declared>();
  #names: PlatformNames = platformNames();
  #forwarder = forwarderMetadata(this.#names);
  #starter: (metric: string) => Declared | undefined = () => undefined;

  /** The platform names the forwarder feeding this intake uses (PLATFORM_METRIC_NAMING, METRIC_PREFIX). */
  get platformNames(): PlatformNames {
    return this.#names;
  }

  set platformNames(names: PlatformNames) {
    this.#names = names;
    this.#forwarder = forwarderMetadata(names);
  }

  /** What the intake's starter knows about its own metrics (asked on every description, so it may learn as it runs). */
  declareBy(lookup: (metric: string) => Declared | undefined): void {
    this.#starter = lookup;
  }

  put(metric: string, declared: Declared): void {
    this.#put.set(metric, { ...this.#put.get(metric), ...declared });
  }

  /** The metadata of a name, merged from every source (the earlier source wins per field), and where its type came from. */
  lookup(metric: string): { declared: Declared; source: 'declared' | 'forwarder' | undefined } {
    const put = this.#put.get(metric) ?? {};
    const starter = this.#starter(metric) ?? {};
    const forwarder = this.#forwarder.get(metric) ?? {};
    const type = put.type ?? starter.type ?? forwarder.type;
    const unit = put.unit ?? starter.unit ?? forwarder.unit;
    const source = put.type !== undefined || starter.type !== undefined ? 'declared' : forwarder.type !== undefined ? 'forwarder' : undefined;
    return { declared: { ...(type ? { type } : {}), ...(unit ? { unit } : {}) }, source };
  }

  describe(metric: string, kind: MetricKind): MetricDescription {
    const { declared, source } = this.lookup(metric);
    const unit = declared.unit ? { unit: declared.unit } : {};
    if (kind !== 'distribution') {
      // A count's points add up; a rate (per second) and a gauge are levels, drawn as they are.
      return { metric, kind, type: kind, ...unit, chart: kind === 'count' ? 'sum' : 'line', source: 'received' };
    }
    const type = declared.type ?? 'distribution';
    const chart: ChartKind = type === 'count' ? 'sum' : type === 'gauge' || type === 'rate' ? 'line' : 'percentiles';
    return { metric, kind, type, ...unit, chart, source: source ?? 'undeclared' };
  }
}

const byStore = new WeakMap<IntakeStore, MetricMetadata>();

/** The metadata held beside one intake's store. */
export function metricMetadata(store: IntakeStore): MetricMetadata {
  let metadata = byStore.get(store);
  if (!metadata) {
    metadata = new MetricMetadata();
    byStore.set(store, metadata);
  }
  return metadata;
}

/** `{type?, unit?}` from a PUT body, or the reasons it is not one. */
function declaredFrom(body: unknown): { ok: true; value: Declared } | { ok: false; errors: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['metadata must be a JSON object'] };
  const { type, unit } = body as Record<string, unknown>;
  const errors: string[] = [];
  if (type !== undefined && !(MetadataType as readonly unknown[]).includes(type)) errors.push(`type must be one of ${MetadataType.join(', ')}`);
  if (unit !== undefined && (typeof unit !== 'string' || unit === '')) errors.push('unit must be a non-empty string');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...(type !== undefined ? { type: type as MetadataTypeName } : {}), ...(unit !== undefined ? { unit: unit as string } : {}) } };
}

export function registerMetadataRoutes(router: Router): void {
  router.add(
    {
      method: 'PUT',
      path: MetadataPath.metric,
      kind: 'datadog',
      jsonBody: true,
      handle: ({ store, params, body }) => {
        const declared = declaredFrom(body);
        if (!declared.ok) return errorReply(400, ...declared.errors);
        const metric = params.name ?? '';
        metricMetadata(store).put(metric, declared.value);
        return ok({ metric, ...metricMetadata(store).lookup(metric).declared });
      },
    },
    {
      method: 'GET',
      path: MetadataPath.metric,
      kind: 'datadog',
      handle: ({ store, params }) => {
        const metric = params.name ?? '';
        const kind = store.kindOf(metric);
        if (kind === undefined) return errorReply(404, `no data for metric ${metric}`);
        return ok(metricMetadata(store).describe(metric, kind));
      },
    },
    {
      method: 'GET',
      path: MetadataPath.list,
      kind: 'control',
      handle: ({ store }) => {
        const metadata = metricMetadata(store);
        return ok({ metrics: store.metrics().map(({ metric, kind }) => metadata.describe(metric, kind)), platform: metadata.platformNames });
      },
    },
  );
}
