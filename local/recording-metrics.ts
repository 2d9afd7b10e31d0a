/**
 * The emitter's Metrics, telling the simulation about each call as well. Installed as the process-wide default
 * instance (the emitter finds it on globalThis under EmitterGlobals.defaultInstanceKey), so the real handlers'
 * `metric` is this one and their writes go to the Lambda simulator instead of this process's stdout.
 */
import { EmitterGlobals } from '../emitter/constants.js';
import { Metrics } from '../emitter/metrics.js';
import type { MetricsOptions } from '../emitter/metrics-types.js';
import type { CheckStatusValue, TagsInput } from '../emitter/types.js';
import type { MetricCall } from './expected.js';

export class RecordingMetrics extends Metrics {
  constructor(
    options: MetricsOptions,
    private readonly onCall: (call: MetricCall) => void,
  ) {
    super(options);
  }

  override count(name: string, value: number = 1, tags?: TagsInput): void {
    this.onCall({ type: 'count', name, value, ...(tags ? { tags } : {}) });
    super.count(name, value, tags);
  }

  override gauge(name: string, value: number, tags?: TagsInput): void {
    this.onCall({ type: 'gauge', name, value, ...(tags ? { tags } : {}) });
    super.gauge(name, value, tags);
  }

  override histogram(name: string, value: number, tags?: TagsInput): void {
    this.onCall({ type: 'histogram', name, value, ...(tags ? { tags } : {}) });
    super.histogram(name, value, tags);
  }

  override check(name: string, status: CheckStatusValue, tags?: TagsInput): void {
    this.onCall({ type: 'check', name, value: status, ...(tags ? { tags } : {}) });
    super.check(name, status, tags);
  }
}

/**
 * Makes `metrics` the default instance every copy of the emitter in this process uses. Must run before the first
 * import of a module that reads `metric` (the handlers are imported dynamically afterwards).
 */
export function installDefaultMetrics(metrics: Metrics): void {
  const key = Symbol.for(EmitterGlobals.defaultInstanceKey);
  const globals = globalThis as Record<symbol, unknown>;
  if (globals[key] !== undefined && globals[key] !== metrics) throw new Error('the emitter\'s default instance was created before the simulator could install its own');
  globals[key] = metrics;
}
