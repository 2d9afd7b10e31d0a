/**
 * The subscriber Lambda: puts the forwarder's subscription filter on every matching log group, on a schedule and
 * when CloudTrail reports a new log group. See config.ts for its settings and filter-pattern.ts for what it delivers.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { logsClient } from '../aws/clients.js';
import { loadSubscriberConfig } from './config.js';
import { readSubscriberEvent } from './event.js';
import { emptySummary, subscribeAll, subscribeLogGroup, type RunDeps } from './run.js';
import type { RunSummary } from './types.js';

/** Leave this much of the invocation for logging the summary when the schedule's run is long. */
const SAFETY_MARGIN_MS = 10_000;

export interface SubscriberDeps {
  env?: NodeJS.ProcessEnv;
  logs?: RunDeps['logs'];
  logger?: Logger;
}

export function createSubscriberHandler(deps: SubscriberDeps = {}) {
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-subscriber' });
  const config = loadSubscriberConfig(deps.env ?? process.env); // at cold start: a wrong setting fails loudly at once
  const logs = deps.logs ?? logsClient();
  const log = {
    info: (message: string, data: Record<string, unknown> = {}) => logger.info(message, data),
    warn: (message: string, data: Record<string, unknown> = {}) => logger.warn(message, data),
  };

  return async function handler(event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<RunSummary & { stoppedEarly: boolean }> {
    const request = readSubscriberEvent(event);
    const outOfTime = () => (context ? context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS : false);
    const runDeps: RunDeps = { logs, config, log, outOfTime };
    let summary: RunSummary & { stoppedEarly: boolean };
    if (request.kind === 'one') {
      summary = { ...emptySummary(), logGroups: 1, stoppedEarly: false };
      summary[await subscribeLogGroup(runDeps, request.logGroupName)]++;
    } else {
      summary = await subscribeAll(runDeps);
    }
    logger.info('Subscriber run done', { request: request.kind, ...summary });
    return summary;
  };
}
