/**
 * The subscriber's settings from its environment, checked once; a wrong setting is an error that names it.
 */
import { SubscriberDefaults, SubscriberEnv } from './constants.js';
import { FORWARDER_FILTER_PATTERN, MAX_FILTER_PATTERN_LENGTH } from './filter-pattern.js';
import type { SubscriberConfig } from './types.js';

export class SubscriberConfigError extends Error {
  override name = 'SubscriberConfigError';
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,140})(?::[A-Za-z0-9$_-]+)?$/;
const ANY_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/** `/aws/lambda/<name>` for a Lambda ARN (with or without a version or alias), undefined for any other ARN. */
export function logGroupOfFunctionArn(arn: string): string | undefined {
  const match = LAMBDA_ARN.exec(arn);
  return match ? `/aws/lambda/${match[1]}` : undefined;
}

/**
 * One EXCLUDE entry as a whole-string pattern: an entry starting with `/` is a log group name, any other entry a
 * name after the prefix (a function name for /aws/lambda/); `*` matches any run of characters.
 */
export function excludePattern(entry: string, prefix: string): RegExp {
  const full = entry.startsWith('/') ? entry : `${prefix}${entry}`;
  const body = full
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export function loadSubscriberConfig(env: NodeJS.ProcessEnv): SubscriberConfig {
  const problems: string[] = [];
  const destinationArn = env[SubscriberEnv.DestinationArn]?.trim() ?? '';
  if (!destinationArn) problems.push(`${SubscriberEnv.DestinationArn} is required (the forwarder's ARN)`);
  else if (!ANY_ARN.test(destinationArn)) problems.push(`${SubscriberEnv.DestinationArn} is not an ARN: "${destinationArn.slice(0, 200)}"`);

  const filterName = env[SubscriberEnv.FilterName]?.trim() || SubscriberDefaults.filterName;
  if (filterName.length > 512 || filterName.includes(':') || filterName.includes('*')) {
    problems.push(`${SubscriberEnv.FilterName} must be at most 512 characters, without ':' or '*'`);
  }
  const logGroupPrefix = env[SubscriberEnv.LogGroupPrefix]?.trim() || SubscriberDefaults.logGroupPrefix;

  let filterPattern = FORWARDER_FILTER_PATTERN;
  const configuredPattern = env[SubscriberEnv.FilterPattern];
  if (configuredPattern !== undefined) {
    filterPattern = configuredPattern.trim();
    if (filterPattern === '') problems.push(`${SubscriberEnv.FilterPattern} is empty: unset it to use the built-in pattern`);
    if (filterPattern.length > MAX_FILTER_PATTERN_LENGTH) {
      problems.push(`${SubscriberEnv.FilterPattern} is ${filterPattern.length} characters; CloudWatch allows ${MAX_FILTER_PATTERN_LENGTH}`);
    }
  }

  const exclude = (env[SubscriberEnv.Exclude] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => excludePattern(entry, logGroupPrefix));

  const forwarderLogGroup = env[SubscriberEnv.ForwarderLogGroup]?.trim() || logGroupOfFunctionArn(destinationArn) || '';
  const roleArn = env[SubscriberEnv.RoleArn]?.trim();

  if (problems.length > 0) throw new SubscriberConfigError(`Subscriber settings: ${problems.join('; ')}`);
  return { destinationArn, filterName, logGroupPrefix, exclude, filterPattern, forwarderLogGroup, ...(roleArn ? { roleArn } : {}) };
}
