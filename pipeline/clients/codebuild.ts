/** The two CodeBuild calls the build steps make, as an interface (tests pass a fake; production the SDK). */
import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import type { BatchGetBuildsInput, BatchGetBuildsOutput, StartBuildInput, StartBuildOutput } from '@aws-sdk/client-codebuild';
import { lazyClient } from './lazy.js';

export interface CodeBuildApi {
  startBuild(input: StartBuildInput): Promise<StartBuildOutput>;
  batchGetBuilds(input: BatchGetBuildsInput): Promise<BatchGetBuildsOutput>;
}

/** The real client; region, credentials and endpoint come from the Lambda environment. */
export function createCodeBuild(): CodeBuildApi {
  const client = new CodeBuildClient({});
  return {
    startBuild: (input) => client.send(new StartBuildCommand(input)),
    batchGetBuilds: (input) => client.send(new BatchGetBuildsCommand(input)),
  };
}

/** The client the handlers use. */
export const codeBuildClient = lazyClient(createCodeBuild);
