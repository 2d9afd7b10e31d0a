/**
 * Metric names a user's line may not write (issue 11.2): the forwarder's platform and self metrics, and Datadog's AWS
 * integration's `aws.lambda.*`. The prefixes come from metric-names.ts (one definition); this only answers "is this
 * name one of them" for every dialect parse reads.
 */
import { reservedMetricPrefixes } from '../metric-names.js';

export class ReservedNames {
  private readonly prefixes: readonly string[];

  /** `metricPrefix`: the configured platform prefix (METRIC_PREFIX), reserved beside the fixed ones. */
  constructor(metricPrefix?: string) {
    this.prefixes = reservedMetricPrefixes(metricPrefix);
  }

  /** The reserved prefix `name` falls under, or undefined when the name is the user's to use. */
  prefixOf(name: string): string | undefined {
    for (const prefix of this.prefixes) if (name.startsWith(prefix)) return prefix;
    return undefined;
  }

  /** The rejection detail for a name under `prefix`. */
  static detail(name: string, prefix: string): string {
    return `metric name "${name.slice(0, 64)}" is under "${prefix}", which belongs to the forwarder's platform and self metrics`;
  }
}
