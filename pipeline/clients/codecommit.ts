/** The two CodeCommit calls WhatChanged makes, as an interface (tests pass a fake; production the SDK). */
import { CodeCommitClient, GetCommitCommand, GetDifferencesCommand } from '@aws-sdk/client-codecommit';
import type { GetCommitInput, GetCommitOutput, GetDifferencesInput, GetDifferencesOutput } from '@aws-sdk/client-codecommit';
import { lazyClient } from './lazy.js';

export interface CodeCommitApi {
  getCommit(input: GetCommitInput): Promise<GetCommitOutput>;
  getDifferences(input: GetDifferencesInput): Promise<GetDifferencesOutput>;
}

/** The real client; region, credentials and endpoint come from the Lambda environment. */
export function createCodeCommit(): CodeCommitApi {
  const client = new CodeCommitClient({});
  return {
    getCommit: (input) => client.send(new GetCommitCommand(input)),
    getDifferences: (input) => client.send(new GetDifferencesCommand(input)),
  };
}

/** The client the handlers use. */
export const codeCommitClient = lazyClient(createCodeCommit);
