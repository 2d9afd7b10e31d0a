/**
 * Where the handlers get their AWS clients. Each real client is created on first use (so a cold start pays only for
 * the clients its handler needs) and then reused across invocations.
 *
 * `replaceClientsForTests` swaps in fakes for services no local emulator serves (moto has no CodeCommit GetCommit /
 * GetDifferences and its CodeBuild fails under SDK v3), so the tests can run the very `handler` each Lambda exports.
 */
import { createCodeBuild, type CodeBuildApi } from './codebuild.js';
import { createCodeCommit, type CodeCommitApi } from './codecommit.js';
import { createSns, type SnsApi } from './sns.js';

export interface PipelineClients {
  codeCommit: CodeCommitApi;
  codeBuild: CodeBuildApi;
  sns: SnsApi;
}

const factories: { [K in keyof PipelineClients]: () => PipelineClients[K] } = {
  codeCommit: createCodeCommit,
  codeBuild: createCodeBuild,
  sns: createSns,
};

let created: Partial<PipelineClients> = {};
let replaced: Partial<PipelineClients> = {};

export function client<K extends keyof PipelineClients>(name: K): PipelineClients[K] {
  const fake = replaced[name];
  if (fake) return fake;
  return (created[name] ??= factories[name]());
}

/** Tests only: use these instead of the real clients; also forgets real clients made so far (their env may change). */
export function replaceClientsForTests(clients: Partial<PipelineClients>): void {
  replaced = { ...clients };
  created = {};
}
