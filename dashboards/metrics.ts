/**
 * The full Datadog metric names the dashboard and the monitors query, built from the metric-names modules (never
 * typed out here), the naming and the prefix. Everything else in dashboards/ takes its names from `metricCatalog`.
 */
import {
  DEFAULT_PLATFORM_NAMING,
  ForwarderMetric,
  platformNames,
  type PlatformNames,
  type PlatformNamingName,
} from '../forwarder/metric-names.js';
import { PipelineMetric } from '../pipeline/metric-names.js';

/**
 * The one place the dashboards name their default: the forwarder's default naming (and its own prefix);
 * `--metric-naming` / PLATFORM_METRIC_NAMING and `--metric-prefix` / METRIC_PREFIX override them at apply time.
 */
export const DashboardDefaults = {
  metricNaming: DEFAULT_PLATFORM_NAMING,
} as const;

export interface MetricCatalog {
  /** Read from the functions' REPORT / error lines; shipped as distributions. */
  platform: PlatformNames['platform'];
  /** Read by the poller from CloudWatch (throttles, iterator age, concurrency): no log line carries them. */
  cloudwatch: PlatformNames['cloudwatch'];
  /** The forwarder's account of itself; not under the prefix. */
  forwarder: typeof ForwarderMetric;
  /** Custom metrics the build pipeline's Lambdas emit through MONITORING lines; not under the prefix. */
  pipeline: typeof PipelineMetric;
  /** How panel titles name the unit of the platform durations: `s` (enhanced naming) or `ms`. */
  durationUnit: 's' | 'ms';
}

export function metricCatalog(naming: PlatformNamingName = DashboardDefaults.metricNaming, prefix?: string): MetricCatalog {
  const names = platformNames(naming, prefix);
  return {
    platform: names.platform,
    cloudwatch: names.cloudwatch,
    forwarder: ForwarderMetric,
    pipeline: PipelineMetric,
    durationUnit: names.durationUnit === 'second' ? 's' : 'ms',
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
