import type { OutcomeName } from './constants.js';

export interface SubscriberConfig {
  destinationArn: string;
  filterName: string;
  logGroupPrefix: string;
  /** Compiled EXCLUDE entries. */
  exclude: RegExp[];
  filterPattern: string;
  forwarderLogGroup: string;
  roleArn?: string;
}

/** An existing subscription filter, as DescribeSubscriptionFilters tells it. */
export interface ExistingFilter {
  filterName: string;
  destinationArn: string;
  filterPattern: string;
}

/** What to do with one log group: put (create or update) our filter, or leave it with a reason. */
export type Plan = { action: 'put'; outcome: 'subscribed' | 'updated' } | { action: 'skip'; outcome: OutcomeName; detail?: string };

export type RunSummary = Record<OutcomeName, number> & { logGroups: number };
