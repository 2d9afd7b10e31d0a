const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/**
 * The function a log group belongs to: `/aws/lambda/<name>` → name, lowercased (Datadog's functionname tag is
 * lowercase). Other log groups (custom groups set by advanced logging controls, ECS, …): the last path part.
 */
export function functionNameFromLogGroup(logGroup: string): string {
  if (logGroup.startsWith(LAMBDA_LOG_GROUP_PREFIX)) return logGroup.slice(LAMBDA_LOG_GROUP_PREFIX.length).toLowerCase();
  const parts = logGroup.split('/').filter((part) => part !== '');
  return (parts[parts.length - 1] ?? logGroup).toLowerCase();
}
