import type { PlatformNamingName } from '../forwarder/metric-names.js';

/** What the dashboard and monitor definitions depend on, chosen at apply time. */
export interface DefinitionOptions {
  /** The forwarder's PLATFORM_METRIC_NAMING; default in dashboards/metrics.ts. */
  metricNaming?: PlatformNamingName;
  /** The forwarder's METRIC_PREFIX; default the naming's own prefix. */
  metricPrefix?: string;
  /** Notification handles appended to every monitor message, e.g. `@slack-ops` or `@pagerduty-lambda`. */
  notify: readonly string[];
}

/**
 * Alert thresholds, shared by the monitors and the dashboard markers that show them. Why these values:
 * - error rate: 2 % warns, 5 % pages; below that, a handful of errors in a quiet function would flap;
 * - iterator age (CloudWatch reports milliseconds): a stream consumer a minute behind warns, five minutes pages;
 * - rejected MONITORING lines are a bug in someone's emitter call, not an outage: warn on any, alert past 100;
 * - the forwarder receives batches every minute on a live account: 30 silent minutes mean it is broken or unsubscribed.
 */
export const Thresholds = {
  errorRatePercent: { warning: 2, critical: 5 },
  iteratorAgeMs: { warning: 60_000, critical: 300_000 },
  rejectedLines: { warning: 0, critical: 100 },
  forwarderSilentMinutes: 30,
  memoryUsedPercentMarker: 90,
} as const;
