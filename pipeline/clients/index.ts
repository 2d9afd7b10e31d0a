/**
 * Tests only: swap fakes in for the clients of services no local emulator serves (moto has no CodeCommit GetCommit /
 * GetDifferences, and its CodeBuild cannot be read by SDK v3), so the tests run the very `handler` each Lambda
 * exports. Handlers import their one client module directly, so a bundle carries only the SDK client it uses.
 */
import { codeBuildClient, type CodeBuildApi } from './codebuild.js';
import { codeCommitClient, type CodeCommitApi } from './codecommit.js';
import { snsClient, type SnsApi } from './sns.js';

export interface PipelineClients {
  codeCommit: CodeCommitApi;
  codeBuild: CodeBuildApi;
  sns: SnsApi;
}

/** Replaces the given clients with fakes; the others go back to real clients made afresh from the environment. */
export function replaceClientsForTests(clients: Partial<PipelineClients>): void {
  codeCommitClient.replaceForTests(clients.codeCommit);
  codeBuildClient.replaceForTests(clients.codeBuild);
  snsClient.replaceForTests(clients.sns);
}
