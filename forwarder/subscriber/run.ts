/**
 * The subscriber's AWS side: list the log groups under the prefix, read each one's filters, put ours where the plan
 * says so. One log group failing is counted and logged, never the end of the run.
 */
import {
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  paginateDescribeLogGroups,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { Outcome, type OutcomeName } from './constants.js';
import { planForLogGroup, skipByName } from './plan.js';
import type { ExistingFilter, RunSummary, SubscriberConfig } from './types.js';

export interface SubscriberLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

export interface RunDeps {
  logs: Pick<CloudWatchLogsClient, 'send'>;
  config: SubscriberConfig;
  log: SubscriberLog;
  /** True when the invocation is close to its timeout: the scheduled run stops and the next one carries on. */
  outOfTime?: () => boolean;
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'Error');

async function existingFilters(logs: RunDeps['logs'], logGroupName: string): Promise<ExistingFilter[]> {
  const filters: ExistingFilter[] = [];
  let nextToken: string | undefined;
  do {
    const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName, nextToken }));
    for (const filter of out.subscriptionFilters ?? []) {
      filters.push({ filterName: filter.filterName ?? '', destinationArn: filter.destinationArn ?? '', filterPattern: filter.filterPattern ?? '' });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return filters;
}

/** Puts the forwarder's filter on one log group if it needs it. */
export async function subscribeLogGroup(deps: RunDeps, logGroupName: string): Promise<OutcomeName> {
  const { logs, config, log } = deps;
  const byName = skipByName(logGroupName, config);
  if (byName) return byName.outcome;
  try {
    const plan = planForLogGroup(logGroupName, await existingFilters(logs, logGroupName), config);
    if (plan.action === 'skip') {
      if (plan.outcome === Outcome.NoFreeSlot || plan.outcome === Outcome.AlreadyDelivered) {
        log.warn('Log group not subscribed', { logGroupName, reason: plan.outcome, detail: plan.detail });
      }
      return plan.outcome;
    }
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName,
        filterName: config.filterName,
        filterPattern: config.filterPattern,
        destinationArn: config.destinationArn,
        ...(config.roleArn ? { roleArn: config.roleArn } : {}),
      }),
    );
    log.info('Log group subscribed', { logGroupName, outcome: plan.outcome });
    return plan.outcome;
  } catch (error) {
    // Someone took the last slot between our read and our write.
    if (errorName(error) === 'LimitExceededException') {
      log.warn('Log group not subscribed', { logGroupName, reason: Outcome.NoFreeSlot, error: errorName(error) });
      return Outcome.NoFreeSlot;
    }
    log.warn('Could not subscribe log group', { logGroupName, error: errorName(error), message: (error as Error).message?.slice(0, 300) });
    return Outcome.Failed;
  }
}

export function emptySummary(): RunSummary {
  const summary = { logGroups: 0 } as RunSummary;
  for (const outcome of Object.values(Outcome)) summary[outcome] = 0;
  return summary;
}

/** Every log group under the prefix, one at a time (CloudWatch Logs allows only a few of these calls a second). */
export async function subscribeAll(deps: RunDeps): Promise<RunSummary & { stoppedEarly: boolean }> {
  const summary = emptySummary();
  const pages = paginateDescribeLogGroups({ client: deps.logs as CloudWatchLogsClient }, { logGroupNamePrefix: deps.config.logGroupPrefix });
  for await (const page of pages) {
    for (const group of page.logGroups ?? []) {
      if (!group.logGroupName) continue;
      if (deps.outOfTime?.()) return { ...summary, stoppedEarly: true };
      summary.logGroups++;
      summary[await subscribeLogGroup(deps, group.logGroupName)]++;
    }
  }
  return { ...summary, stoppedEarly: false };
}
