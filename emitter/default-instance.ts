/**
 * The process-wide default instance. scripts/build.mjs bundles index (ESM and CJS) and middy on their own, so each
 * bundle has its own copy of this module; storing the instance on globalThis under a Symbol.for key makes all of
 * them find the one that was created first, and so share one buffer.
 */
import { EmitterGlobals } from './constants.js';
import type { Flushable } from './metrics-types.js';
import { Metrics } from './metrics.js';

const INSTANCE = Symbol.for(EmitterGlobals.defaultInstanceKey);
const EXIT_HOOKED = Symbol.for(EmitterGlobals.exitHookKey);

type Globals = typeof globalThis & { [INSTANCE]?: Metrics; [EXIT_HOOKED]?: WeakSet<Flushable> };

export function defaultMetrics(): Metrics {
  const globals = globalThis as Globals;
  let instance = globals[INSTANCE];
  if (instance === undefined) {
    instance = new Metrics();
    globals[INSTANCE] = instance;
    flushBeforeExit(instance);
  }
  return instance;
}

/**
 * Flushes `metrics` when the event loop empties ('beforeExit'): metrics recorded by work that outlived its invocation
 * are written then rather than lost. Once per instance, whichever bundle asks.
 */
export function flushBeforeExit(metrics: Flushable): void {
  const globals = globalThis as Globals;
  const hooked = (globals[EXIT_HOOKED] ??= new WeakSet());
  if (hooked.has(metrics)) return;
  hooked.add(metrics);
  process.on('beforeExit', () => metrics.flush());
}
