/**
 * The AWS services the pipeline's Lambdas call, simulated in memory behind the pipeline's own client interfaces
 * (pipeline/clients). Why not moto: it has no CodeCommit GetCommit/GetDifferences, its CodeBuild cannot be read by
 * SDK v3 and its builds end at once; and `npm start` must run with nothing but Node installed.
 *
 * Every call first asks `faults.before(service)`, so the Lambda simulator can make the current invocation hang past
 * its timeout or fail, as a slow or refusing service would.
 */
import type { BatchGetBuildsInput, BatchGetBuildsOutput, Build, StartBuildInput, StartBuildOutput } from '@aws-sdk/client-codebuild';
import type { GetCommitInput, GetCommitOutput, GetDifferencesInput, GetDifferencesOutput } from '@aws-sdk/client-codecommit';
import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import type { CodeBuildApi } from '../pipeline/clients/codebuild.js';
import type { CodeCommitApi } from '../pipeline/clients/codecommit.js';
import type { SnsApi } from '../pipeline/clients/sns.js';
import type { BuildPlan, ExecutionPlan } from './types.js';

export interface CallFaults {
  /** Resolves when the call may go on; throws (at once, or when the invocation times out) when it may not. */
  before(service: 'codecommit' | 'codebuild' | 'sns'): Promise<void>;
}

const serviceError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** The pushed commits of every planned execution, by commit id. */
export class SimCodeCommit implements CodeCommitApi {
  private readonly commits = new Map<string, ExecutionPlan>();

  constructor(private readonly faults: CallFaults) {}

  add(plan: ExecutionPlan): void {
    this.commits.set(plan.input.commitId, plan);
  }

  private find(repositoryName: string | undefined, commitId: string | undefined): ExecutionPlan {
    const plan = commitId === undefined ? undefined : this.commits.get(commitId);
    if (!plan || plan.input.repository !== repositoryName) throw serviceError('CommitDoesNotExistException', `commit ${commitId} does not exist in ${repositoryName}`);
    return plan;
  }

  async getCommit(input: GetCommitInput): Promise<GetCommitOutput> {
    await this.faults.before('codecommit');
    const plan = this.find(input.repositoryName, input.commitId);
    return { commit: { commitId: input.commitId, parents: plan.commit.parents, message: `push ${plan.index}` } };
  }

  async getDifferences(input: GetDifferencesInput): Promise<GetDifferencesOutput> {
    await this.faults.before('codecommit');
    const plan = this.find(input.repositoryName, input.afterCommitSpecifier);
    const all = plan.commit.differences;
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const end = start + (input.MaxResults ?? 100);
    return { differences: all.slice(start, end), NextToken: end < all.length ? String(end) : undefined };
  }
}

interface RunningBuild {
  plan: BuildPlan;
  projectName: string;
  startTime: Date;
  polls: number;
}

/** Builds follow the plan of the execution whose commit they build: some polls IN_PROGRESS, then the final status. */
export class SimCodeBuild implements CodeBuildApi {
  private readonly plans = new Map<string, ExecutionPlan>();
  private readonly builds = new Map<string, RunningBuild>();
  started = 0;

  constructor(
    private readonly faults: CallFaults,
    private readonly projects: { docker: string; site: string },
    private readonly now: () => number = Date.now,
  ) {}

  add(plan: ExecutionPlan): void {
    this.plans.set(plan.input.commitId, plan);
  }

  async startBuild(input: StartBuildInput): Promise<StartBuildOutput> {
    await this.faults.before('codebuild');
    const plan = input.sourceVersion === undefined ? undefined : this.plans.get(input.sourceVersion);
    const kind = input.projectName === this.projects.docker ? 'docker' : input.projectName === this.projects.site ? 'site' : undefined;
    if (!plan || !kind) throw serviceError('ResourceNotFoundException', `project ${input.projectName} or source ${input.sourceVersion} not found`);
    const id = `${input.projectName}:${randomUUID()}`;
    const startTime = new Date(this.now());
    this.builds.set(id, { plan: plan.builds[kind], projectName: input.projectName as string, startTime, polls: 0 });
    this.started++;
    return { build: { id, projectName: input.projectName, buildStatus: 'IN_PROGRESS', startTime } };
  }

  async batchGetBuilds(input: BatchGetBuildsInput): Promise<BatchGetBuildsOutput> {
    await this.faults.before('codebuild');
    const builds: Build[] = [];
    const buildsNotFound: string[] = [];
    for (const id of input.ids ?? []) {
      const running = this.builds.get(id);
      if (!running) {
        buildsNotFound.push(id);
        continue;
      }
      running.polls++;
      const ended = running.polls > running.plan.runningPolls;
      builds.push({
        id,
        projectName: running.projectName,
        buildStatus: ended ? running.plan.finalStatus : 'IN_PROGRESS',
        startTime: running.startTime,
        ...(ended ? { endTime: new Date(running.startTime.getTime() + running.plan.seconds * 1000) } : {}),
      });
    }
    return { builds, buildsNotFound };
  }
}

/** SNS publish into memory: the texts the pipeline would have sent. */
export class SnsSink implements SnsApi {
  readonly texts: Array<{ to: string; message: string }> = [];

  constructor(private readonly faults: CallFaults) {}

  async publish(input: PublishInput): Promise<PublishResponse> {
    await this.faults.before('sns');
    this.texts.push({ to: input.PhoneNumber ?? input.TopicArn ?? '?', message: input.Message ?? '' });
    return { MessageId: randomUUID() };
  }
}
