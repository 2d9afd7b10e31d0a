/**
 * The poller Lambda's wiring, run every minute by a schedule: settings once (config.ts), AWS clients once, then one
 * run (poll.ts). Only a configuration error throws: a failed read or delivery is counted and the next run, a minute
 * later, reads the same minutes again (a Lambda retry would only add load to a throttled API).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { lambdaClient, taggingClient } from '../aws/clients.js';
import type { PollerClients } from './aws-reads.js';
import { pollerConfigOnce } from './config.js';
import { poll, type PollSummary } from './poll.js';

export type { PollSummary } from './poll.js';

export interface PollerDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clients?: Partial<PollerClients>;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

export type PollerHandler = (event: unknown, context: Context) => Promise<PollSummary>;

export function createPollerHandler(deps: PollerDeps = {}): PollerHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'lambda-dd-poller' });
  const loaded = pollerConfigOnce(deps.env ?? process.env, logger);
  let clients: PollerClients | undefined;

  return async function handler(_event: unknown, context: Context): Promise<PollSummary> {
    logger.addContext(context);
    const { config, settings } = await loaded.get();
    clients ??= {
      cloudWatch: deps.clients?.cloudWatch ?? new CloudWatchClient({ region: config.region }),
      lambda: deps.clients?.lambda ?? lambdaClient({ region: config.region }),
      tagging: deps.clients?.tagging ?? taggingClient({ region: config.region }),
    };
    return poll({ config, settings, clients, logger, now: deps.now ?? Date.now, timing: deps }, context);
  };
}
