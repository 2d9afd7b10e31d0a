/**
 * An in-memory CodeBuild. Why a fake: moto 5.2.1's CodeBuild answers StartBuild and BatchGetBuilds with timestamps
 * as text, which SDK v3 refuses ("Expected real number, got implicit NaN"), and its builds jump straight to
 * SUCCEEDED, so no poll loop or failed build could be shown against it.
 *
 * Each project has a script: the statuses successive BatchGetBuilds calls report (the last one repeats) and how
 * long a finished build took. Times are fixed, so reported durations are exact.
 */
import type { BatchGetBuildsInput, BatchGetBuildsOutput, Build, StartBuildInput, StartBuildOutput } from '@aws-sdk/client-codebuild';
import type { CodeBuildApi } from '../../../pipeline/clients/codebuild.js';

export interface BuildScript {
  statuses: string[];
  seconds: number;
}

const START = Date.UTC(2026, 0, 15, 9, 0, 0);

interface Running {
  id: string;
  projectName: string;
  polls: number;
}

export class FakeCodeBuild implements CodeBuildApi {
  readonly started: StartBuildInput[] = [];
  readonly polled: string[] = [];
  private readonly builds = new Map<string, Running>();

  constructor(private readonly scripts: Record<string, BuildScript>) {}

  async startBuild(input: StartBuildInput): Promise<StartBuildOutput> {
    const script = input.projectName === undefined ? undefined : this.scripts[input.projectName];
    if (!script) throw Object.assign(new Error(`project ${input.projectName} not found`), { name: 'ResourceNotFoundException' });
    this.started.push(input);
    const id = `${input.projectName}:build-${this.started.length}`;
    this.builds.set(id, { id, projectName: input.projectName ?? '', polls: 0 });
    return { build: { id, projectName: input.projectName, buildStatus: 'IN_PROGRESS', startTime: new Date(START) } };
  }

  async batchGetBuilds(input: BatchGetBuildsInput): Promise<BatchGetBuildsOutput> {
    const builds: Build[] = [];
    const buildsNotFound: string[] = [];
    for (const id of input.ids ?? []) {
      const running = this.builds.get(id);
      if (!running) {
        buildsNotFound.push(id);
        continue;
      }
      this.polled.push(id);
      const script = this.scripts[running.projectName] as BuildScript;
      const status = script.statuses[Math.min(running.polls, script.statuses.length - 1)] ?? 'IN_PROGRESS';
      running.polls++;
      const ended = status !== 'IN_PROGRESS';
      builds.push({
        id,
        projectName: running.projectName,
        buildStatus: status as Build['buildStatus'],
        startTime: new Date(START),
        endTime: ended ? new Date(START + script.seconds * 1000) : undefined,
      });
    }
    return { builds, buildsNotFound };
  }
}
