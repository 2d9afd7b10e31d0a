/**
 * The full Datadog metric names the dashboard and the monitors query, built from the metric-names modules (never
 * typed out here) and the one metric prefix. Everything else in dashboards/ takes its names from `metricCatalog`.
 */
import {
  CloudWatchMetric,
  DEFAULT_METRIC_PREFIX,
  ForwarderMetric,
  PlatformMetric,
  platformMetricName,
} from '../forwarder/metric-names.js';
import { PipelineMetric } from '../pipeline/metric-names.js';

/** The one place the dashboards name the metric prefix; `--metric-prefix` / METRIC_PREFIX override it at apply time. */
export const DashboardDefaults = {
  metricPrefix: DEFAULT_METRIC_PREFIX,
} as const;

type Suffixes<T extends Record<string, string>> = { [K in keyof T]: string };

function underPrefix<T extends Record<string, string>>(prefix: string, suffixes: T): Suffixes<T> {
  const names = {} as Suffixes<T>;
  for (const key of Object.keys(suffixes) as Array<keyof T>) names[key] = platformMetricName(prefix, suffixes[key]!);
  return names;
}

export interface MetricCatalog {
  /** Read from the functions' REPORT / error lines; shipped as distributions. */
  platform: Suffixes<typeof PlatformMetric>;
  /** Read by the poller from CloudWatch (throttles, iterator age, concurrency): no log line carries them. */
  cloudwatch: Suffixes<typeof CloudWatchMetric>;
  /** The forwarder's account of itself; not under the prefix. */
  forwarder: typeof ForwarderMetric;
  /** Custom metrics the build pipeline's Lambdas emit through MONITORING lines; not under the prefix. */
  pipeline: typeof PipelineMetric;
}

export function metricCatalog(prefix: string = DashboardDefaults.metricPrefix): MetricCatalog {
  return {
    platform: underPrefix(prefix, PlatformMetric),
    cloudwatch: underPrefix(prefix, CloudWatchMetric),
    forwarder: ForwarderMetric,
    pipeline: PipelineMetric,
  };
}

/** Every metric (and service check) name the definitions may query. */
export function knownMetricNames(catalog: MetricCatalog): Set<string> {
  return new Set([
    ...Object.values(catalog.platform),
    ...Object.values(catalog.cloudwatch),
    ...Object.values(catalog.forwarder),
    ...Object.values(catalog.pipeline),
  ]);
}
