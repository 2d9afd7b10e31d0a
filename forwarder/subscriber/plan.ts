/**
 * What to do with one log group, decided from plain data (the log group's name and its existing filters). Pure.
 */
import { MAX_FILTERS_PER_LOG_GROUP, Outcome } from './constants.js';
import type { ExistingFilter, Plan, SubscriberConfig } from './types.js';

/** A log group left alone for its name alone (no need to ask AWS about its filters), or undefined. */
export function skipByName(logGroupName: string, config: SubscriberConfig): Plan | undefined {
  if (!logGroupName.startsWith(config.logGroupPrefix)) return { action: 'skip', outcome: Outcome.NotMatching };
  // Never the forwarder's own logs: it would be invoked by its own output, forever.
  if (logGroupName === config.forwarderLogGroup) return { action: 'skip', outcome: Outcome.OwnLogGroup };
  if (config.exclude.some((pattern) => pattern.test(logGroupName))) return { action: 'skip', outcome: Outcome.Excluded };
  return undefined;
}

export function planForLogGroup(logGroupName: string, existing: readonly ExistingFilter[], config: SubscriberConfig): Plan {
  const byName = skipByName(logGroupName, config);
  if (byName) return byName;

  const ours = existing.find((filter) => filter.filterName === config.filterName);
  const otherToUs = existing.find((filter) => filter.filterName !== config.filterName && filter.destinationArn === config.destinationArn);
  if (otherToUs) {
    return { action: 'skip', outcome: Outcome.AlreadyDelivered, detail: `filter "${otherToUs.filterName}" already delivers to the forwarder` };
  }
  if (ours) {
    const upToDate = ours.destinationArn === config.destinationArn && ours.filterPattern === config.filterPattern;
    return upToDate ? { action: 'skip', outcome: Outcome.UpToDate } : { action: 'put', outcome: Outcome.Updated };
  }
  if (existing.length >= MAX_FILTERS_PER_LOG_GROUP) {
    return { action: 'skip', outcome: Outcome.NoFreeSlot, detail: `taken by ${existing.map((filter) => `"${filter.filterName}"`).join(' and ')}` };
  }
  return { action: 'put', outcome: Outcome.Subscribed };
}
