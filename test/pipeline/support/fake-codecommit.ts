/**
 * An in-memory CodeCommit for WhatChanged. Why a fake: moto 5.2.1 serves only CreateRepository, GetRepository and
 * DeleteRepository for CodeCommit; GetCommit and GetDifferences, the two calls WhatChanged makes, are not there.
 *
 * Each commit lists its parents and the differences GetDifferences reports against its first parent, written the
 * way CodeCommit writes them (added: afterBlob only; deleted: beforeBlob only; modified or renamed: both).
 * GetDifferences pages them `pageSize` at a time with a NextToken, like the real API.
 */
import type { Difference, GetCommitInput, GetCommitOutput, GetDifferencesInput, GetDifferencesOutput } from '@aws-sdk/client-codecommit';
import type { CodeCommitApi } from '../../../pipeline/clients/codecommit.js';

export interface FakeCommit {
  parents: string[];
  differences?: Difference[];
}

export function added(path: string): Difference {
  return { changeType: 'A', afterBlob: { path, blobId: `blob-${path}`, mode: '100644' } };
}
export function modified(path: string): Difference {
  return { changeType: 'M', beforeBlob: { path, blobId: `old-${path}`, mode: '100644' }, afterBlob: { path, blobId: `new-${path}`, mode: '100644' } };
}
export function deleted(path: string): Difference {
  return { changeType: 'D', beforeBlob: { path, blobId: `blob-${path}`, mode: '100644' } };
}
export function renamed(from: string, to: string): Difference {
  return { changeType: 'M', beforeBlob: { path: from, blobId: 'same', mode: '100644' }, afterBlob: { path: to, blobId: 'same', mode: '100644' } };
}

export class FakeCodeCommit implements CodeCommitApi {
  readonly calls = { getCommit: 0, getDifferences: 0 };

  constructor(
    private readonly repositoryName: string,
    private readonly commits: Record<string, FakeCommit>,
    private readonly pageSize = 2,
  ) {}

  private commit(repositoryName: string | undefined, commitId: string | undefined): FakeCommit {
    if (repositoryName !== this.repositoryName) throw Object.assign(new Error(`${repositoryName} does not exist`), { name: 'RepositoryDoesNotExistException' });
    const commit = commitId === undefined ? undefined : this.commits[commitId];
    if (!commit) throw Object.assign(new Error(`commit ${commitId} does not exist`), { name: 'CommitDoesNotExistException' });
    return commit;
  }

  async getCommit(input: GetCommitInput): Promise<GetCommitOutput> {
    this.calls.getCommit++;
    const commit = this.commit(input.repositoryName, input.commitId);
    return { commit: { commitId: input.commitId, parents: commit.parents, message: 'a commit' } };
  }

  async getDifferences(input: GetDifferencesInput): Promise<GetDifferencesOutput> {
    this.calls.getDifferences++;
    const after = this.commit(input.repositoryName, input.afterCommitSpecifier);
    if (input.beforeCommitSpecifier !== after.parents[0]) throw new Error(`the fake only compares a commit with its first parent, got ${input.beforeCommitSpecifier}`);
    const all = after.differences ?? [];
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const size = Math.min(this.pageSize, input.MaxResults ?? this.pageSize);
    const end = start + size;
    return { differences: all.slice(start, end), NextToken: end < all.length ? String(end) : undefined };
  }
}
