/**
 * Whether the forwarder looks up per-function tags (AWS resource tags, memorysize, architecture, runtime), from the
 * environment. Pure: the handler acts on the answer.
 *
 * DD_FETCH_LAMBDA_TAGS: true (the default) or false. Even when true, tags are looked up only when the environment
 * names an AWS credential source (Lambda always does): a local run without AWS then ships at once, without tags,
 * instead of waiting on the SDK's search for credentials.
 */
import { awsClientSettingsFromEnv, type AwsClientSettings } from '../aws/settings.js';

export const FunctionTagsEnv = {
  Fetch: 'DD_FETCH_LAMBDA_TAGS',
} as const;

export type FunctionTagsSetup =
  | { enabled: true; aws: AwsClientSettings }
  | { enabled: false; /** Why, for one log line at startup. */ reason: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Throws an Error naming the setting when its value is neither true nor false. */
export function functionTagsSetup(env: NodeJS.ProcessEnv): FunctionTagsSetup {
  const text = env[FunctionTagsEnv.Fetch]?.trim().toLowerCase() ?? '';
  if (text !== '' && !TRUE.has(text) && !FALSE.has(text)) {
    throw new Error(`${FunctionTagsEnv.Fetch} must be true or false (got "${text.slice(0, 24)}")`);
  }
  if (FALSE.has(text)) return { enabled: false, reason: `${FunctionTagsEnv.Fetch} is false` };
  const aws = awsClientSettingsFromEnv(env);
  if (!aws) return { enabled: false, reason: 'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, …)' };
  return { enabled: true, aws };
}
