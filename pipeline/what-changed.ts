/**
 * WhatChanged: did this push touch the builder image's inputs?
 *
 * Compares the commit with its first parent (a merge is compared with the branch it was merged into) and looks at
 * BOTH sides of every difference: an added file has only an afterBlob, a deleted one only a beforeBlob, a renamed one
 * both (the original pipeline read only beforeBlob and so missed added files). A first commit has nothing to compare
 * with and counts as changed: there is no builder image yet.
 */
import type { Difference } from '@aws-sdk/client-codecommit';
import type { CodeCommitApi } from './clients/codecommit.js';
import { DIFFERENCES_PAGE_SIZE, MAX_REPORTED_PATHS } from './constants.js';
import { PipelineError, PipelineErrorName } from './errors.js';
import type { PathMatcher } from './path-match.js';
import type { Changes, RunInput } from './types.js';

/** Every path a difference names: the old path, the new path, or both when they differ (a rename). */
export function pathsOf(difference: Difference): string[] {
  const paths = [difference.beforeBlob?.path, difference.afterBlob?.path].filter((p): p is string => typeof p === 'string' && p !== '');
  return [...new Set(paths)];
}

/** The changed paths that are builder-image inputs, in the order seen, without duplicates. */
export function dockerInputsIn(differences: readonly Difference[], matcher: PathMatcher): string[] {
  const found = new Set<string>();
  for (const difference of differences) {
    for (const path of pathsOf(difference)) if (matcher.matches(path)) found.add(path);
  }
  return [...found];
}

export async function whatChanged(input: RunInput, codeCommit: CodeCommitApi, matcher: PathMatcher): Promise<Changes> {
  const { commit } = await codeCommit.getCommit({ repositoryName: input.repository, commitId: input.commitId });
  if (!commit) throw new PipelineError(PipelineErrorName.CommitNotFound, `commit ${input.commitId} not found in ${input.repository}`);
  const parent = commit.parents?.[0];
  if (!parent) return { hasDocker: true, parentCommitId: null, dockerInputsChanged: [] };

  // Page through the differences, stopping at the first page that names an input: one is enough to rebuild, and a
  // huge commit (a vendored tree) would otherwise cost one call per 100 files.
  let nextToken: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const page = await codeCommit.getDifferences({
      repositoryName: input.repository,
      beforeCommitSpecifier: parent,
      afterCommitSpecifier: input.commitId,
      MaxResults: DIFFERENCES_PAGE_SIZE,
      NextToken: nextToken,
    });
    const inputs = dockerInputsIn(page.differences ?? [], matcher);
    if (inputs.length > 0) return { hasDocker: true, parentCommitId: parent, dockerInputsChanged: inputs.slice(0, MAX_REPORTED_PATHS) };
    nextToken = page.NextToken || undefined;
    // A token handed back twice would loop until the Lambda times out: stop with a clear error instead.
    if (nextToken !== undefined) {
      if (seenTokens.has(nextToken)) throw new Error(`GetDifferences returned the same NextToken twice for ${input.commitId}`);
      seenTokens.add(nextToken);
    }
  } while (nextToken !== undefined);
  return { hasDocker: false, parentCommitId: parent, dockerInputsChanged: [] };
}
