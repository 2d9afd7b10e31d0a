/**
 * Notify and NotifyFailure: one SMS saying what happened and how long it took, plus the run's closing metrics.
 *
 * The metrics are emitted BEFORE the text is sent, so a run's outcome is still counted when SNS is down; the text
 * is awaited and a failure to send fails the step (the state machine then tries the failure text, then fails).
 * The run state comes from the state machine and may be partial (a run whose input was malformed), so everything
 * here tolerates missing fields: a failure notice must not fail for want of a commit id.
 */
import type { PublishInput } from '@aws-sdk/client-sns';
import type { SnsApi } from './clients/sns.js';
import { BuildPhase, PipelineEnv, RunOutcome, Step } from './constants.js';
import { PipelineError, PipelineErrorName } from './errors.js';
import { PipelineMetric, PipelineTag } from './metric-names.js';
import { pipelineTags } from './tags.js';
import type { BuildRecord, NotifyResult, PipelineMetrics, RunOutcomeName, RunState } from './types.js';

export type NotifyTarget = { PhoneNumber: string } | { TopicArn: string };

const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_REASON_LENGTH = 120;
const SHORT_COMMIT = 7;

/** Where texts go: exactly one of NOTIFY_PHONE_NUMBER (E.164) or NOTIFY_TOPIC_ARN. */
export function readNotifyTarget(env: Record<string, string | undefined>): NotifyTarget {
  const phone = env[PipelineEnv.phoneNumber]?.trim();
  const topic = env[PipelineEnv.topicArn]?.trim();
  if (phone && topic) throw new PipelineError(PipelineErrorName.Configuration, `set only one of ${PipelineEnv.phoneNumber} and ${PipelineEnv.topicArn}`);
  if (topic) return { TopicArn: topic };
  if (!phone) throw new PipelineError(PipelineErrorName.Configuration, `set ${PipelineEnv.phoneNumber} or ${PipelineEnv.topicArn}`);
  if (!E164.test(phone)) throw new PipelineError(PipelineErrorName.Configuration, `${PipelineEnv.phoneNumber} must be an E.164 number like +15555550100`);
  return { PhoneNumber: phone };
}

/** `42s`, `4m 12s`, `1h 3m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${whole % 60}s`;
  return `${Math.floor(whole / 3600)}h ${Math.floor((whole % 3600) / 60)}m`;
}

/** Seconds since the execution started, or undefined when the start time is missing or unreadable. */
export function runSeconds(run: Partial<RunState>, now: Date): number | undefined {
  const startedAt = run.execution?.startedAt;
  const started = typeof startedAt === 'string' ? Date.parse(startedAt) : NaN;
  return Number.isNaN(started) ? undefined : Math.max(0, (now.getTime() - started) / 1000);
}

function clip(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

/** A Lambda error's Cause is the function's error as JSON; its errorMessage is what a person wants to read. */
function causeText(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as unknown;
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed && typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: use it as it is.
  }
  return cause;
}

function buildOfStep(run: Partial<RunState>): BuildRecord | undefined {
  if (run.failedStep === Step.BuildDockerImage) return run.dockerBuild;
  if (run.failedStep === Step.BuildSite) return run.siteBuild;
  return undefined;
}

/** Why the run failed, in a few words: the caught error, the build's final status, or the poll limit. */
export function describeFailure(run: Partial<RunState>): string {
  if (run.error) {
    const cause = causeText(run.error.Cause);
    return clip(cause ? `${run.error.Error}: ${cause}` : run.error.Error);
  }
  const build = buildOfStep(run);
  if (build?.phase === BuildPhase.Failed) {
    return typeof build.durationSeconds !== 'number' ? `build ${build.status}` : `build ${build.status} after ${formatDuration(build.durationSeconds)}`;
  }
  if (build) return `gave up waiting after ${build.polls} polls (build still ${build.status || 'unknown'})`;
  return 'unknown error';
}

function place(run: Partial<RunState>): string {
  const commit = typeof run.commitId === 'string' ? ` ${run.commitId.slice(0, SHORT_COMMIT)}` : '';
  return `${run.repository ?? 'unknown repository'}@${run.branch ?? 'unknown branch'}${commit}`;
}

function imageSentence(run: Partial<RunState>): string {
  if (!run.changes?.hasDocker) return 'Builder image unchanged.';
  const why = run.changes.parentCommitId === null ? 'first commit' : run.changes.dockerInputsChanged.join(', ');
  const took = typeof run.dockerBuild?.durationSeconds !== 'number' ? '' : ` in ${formatDuration(run.dockerBuild.durationSeconds)}`;
  return `Builder image rebuilt${took}${why ? ` (${why})` : ''}.`;
}

/** The SMS text. Plain ASCII where we choose the words: an emoji would halve what one SMS segment holds. */
export function composeMessage(outcome: RunOutcomeName, run: Partial<RunState>, now: Date): string {
  const total = runSeconds(run, now);
  const totalText = total === undefined ? '' : ` Total ${formatDuration(total)}.`;
  if (outcome === RunOutcome.Succeeded) {
    const site = run.siteBuild?.durationSeconds;
    const siteText = typeof site !== 'number' ? 'Site built.' : `Site built in ${formatDuration(site)}.`;
    return `Site published: ${place(run)}. ${imageSentence(run)} ${siteText}${totalText}`;
  }
  return `Site build FAILED: ${place(run)} at ${run.failedStep ?? 'unknown step'}: ${describeFailure(run)}.${totalText}`;
}

function tagRun(run: Partial<RunState>): { repository: string; branch: string } {
  return { repository: run.repository ?? 'unknown', branch: run.branch ?? 'unknown' };
}

/** Emits the run's closing metrics (before anything can fail), then sends the text and waits for SNS to accept it. */
export async function notify(
  outcome: RunOutcomeName,
  run: Partial<RunState>,
  deps: { sns: SnsApi; target: () => NotifyTarget; metrics: PipelineMetrics; now: Date },
): Promise<NotifyResult> {
  const { metrics, now } = deps;
  const runTags = tagRun(run);
  const step = outcome === RunOutcome.Succeeded ? Step.Notify : Step.NotifyFailure;
  const outcomeTag = { [PipelineTag.Outcome]: outcome };
  if (outcome === RunOutcome.Failed) metrics.count(PipelineMetric.Failures, 1, pipelineTags(runTags, run.failedStep ?? 'unknown'));
  const total = runSeconds(run, now);
  if (total !== undefined) metrics.histogram(PipelineMetric.RunDuration, total, pipelineTags(runTags, step, outcomeTag));
  metrics.check(PipelineMetric.Health, outcome === RunOutcome.Succeeded ? 0 : 2, pipelineTags(runTags, step));

  const message = composeMessage(outcome, run, now);
  try {
    const input: PublishInput = {
      ...deps.target(),
      Message: message,
      // Transactional texts are delivered ahead of promotional ones and retried by the carrier.
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    };
    const { MessageId } = await deps.sns.publish(input);
    metrics.count(PipelineMetric.Notifications, 1, pipelineTags(runTags, step, { ...outcomeTag, [PipelineTag.Status]: 'sent' }));
    return { messageId: MessageId ?? '', message };
  } catch (error) {
    metrics.count(PipelineMetric.Notifications, 1, pipelineTags(runTags, step, { ...outcomeTag, [PipelineTag.Status]: 'failed' }));
    throw error;
  }
}
