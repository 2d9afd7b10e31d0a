/**
 * A Lambda's configuration, loaded once per cold start and shared by the invocations after it. A failed load is not
 * kept: the next invocation loads again, so a fixed setting or a secret that became readable works without a
 * redeploy. Used by the forwarder, poller and replay handlers.
 */
import type { ErrorLogger } from './ship/failure-sink.js';

export interface ConfigOnce<T> {
  /** The configuration; a failure is logged as "<lambda> configuration is invalid" and thrown again. */
  get(): Promise<T>;
  /** Drop what was loaded, so the next get() loads again (e.g. Datadog rejected the API key it carried). */
  forget(): void;
}

/** `lambda` names the Lambda in the error line, e.g. "Forwarder", "Poller", "Replay". */
export function configOnce<T>(lambda: string, load: () => Promise<T>, logger: ErrorLogger): ConfigOnce<T> {
  let loaded: Promise<T> | undefined;
  const loadKeepingSuccess = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return {
    async get() {
      try {
        return await loadKeepingSuccess();
      } catch (error) {
        logger.error(`${lambda} configuration is invalid`, { error: (error as Error).message });
        throw error;
      }
    },
    forget() {
      loaded = undefined;
    },
  };
}
