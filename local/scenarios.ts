/**
 * What each simulated push looks like. The roles cycle, so every run of 12 (the --once default) shows each case
 * once or more: builder image changed or not, a first commit, failed builds, a Lambda timeout, a Lambda error and a
 * developer's hand-written metric lines (two of them wrong). Durations and poll counts vary with the seed.
 * Repository and branch pairs do not repeat within 12 executions, so each pair's health check is one execution's.
 */
import type { Difference } from '@aws-sdk/client-codecommit';
import type { Random } from './random.js';
import type { BuildPlan, ExecutionPlan, FaultPlan } from './types.js';

const REPOSITORIES = ['site-repo', 'docs-site', 'shop-front'] as const;
const BRANCHES = ['main', 'develop', 'feature/search', 'release/2.4'] as const;

export const Roles = [
  'docker-changed',
  'content-only',
  'content-only',
  'site-build-fails',
  'docker-changed',
  'lambda-timeout',
  'hand-written-lines',
  'docker-build-fails',
  'content-only',
  'lambda-error',
  'first-commit',
  'content-only',
] as const;
export type Role = (typeof Roles)[number];

const CONTENT_PATHS = ['src/index.md', 'src/about.md', 'src/blog/2026-01-launch.md', 'assets/logo.svg', 'src/pricing.md', 'src/Dockerfile.md'];
const DOCKER_PATHS = ['docker/Dockerfile', 'package.json', 'buildspec.yml'];

function added(path: string): Difference {
  return { changeType: 'A', afterBlob: { path, blobId: `blob-${path}`, mode: '100644' } };
}
function modified(path: string): Difference {
  return { changeType: 'M', beforeBlob: { path, blobId: `old-${path}`, mode: '100644' }, afterBlob: { path, blobId: `new-${path}`, mode: '100644' } };
}

function contentChanges(random: Random): Difference[] {
  const count = random.int(1, 4);
  const paths = new Set<string>();
  while (paths.size < count) paths.add(random.pick(CONTENT_PATHS));
  return [...paths].map((path) => (random.next() < 0.2 ? added(path) : modified(path)));
}

function build(random: Random, kind: 'docker' | 'site', finalStatus: BuildPlan['finalStatus'] = 'SUCCEEDED'): BuildPlan {
  // Realistic CodeBuild times: an image build takes minutes, a static site about a minute.
  const seconds = kind === 'docker' ? random.int(140, 420) : random.int(38, 130);
  return { runningPolls: random.int(1, 3), finalStatus, seconds: finalStatus === 'SUCCEEDED' ? seconds : Math.round(seconds * random.between(0.2, 0.9)) };
}

export function planExecution(index: number, random: Random): ExecutionPlan {
  const role: Role = Roles[(index - 1) % Roles.length] as Role;
  const slot = (index - 1) % (REPOSITORIES.length * BRANCHES.length);
  const input = {
    repository: REPOSITORIES[slot % REPOSITORIES.length] as string,
    branch: BRANCHES[Math.floor(slot / REPOSITORIES.length)] as string,
    commitId: random.hex(40),
  };
  const parent = random.hex(40);
  let differences = contentChanges(random);
  if (role === 'docker-changed' || role === 'docker-build-fails') differences = [...differences, modified(random.pick(DOCKER_PATHS))];
  const builds = {
    docker: build(random, 'docker', role === 'docker-build-fails' ? random.pick(['FAILED', 'FAULT'] as const) : 'SUCCEEDED'),
    site: build(random, 'site', role === 'site-build-fails' ? random.pick(['FAILED', 'TIMED_OUT'] as const) : 'SUCCEEDED'),
  };
  let fault: FaultPlan | undefined;
  if (role === 'lambda-timeout') fault = { state: 'CheckSite', call: Math.min(2, builds.site.runningPolls + 1), kind: 'timeout' };
  if (role === 'lambda-error') fault = { state: 'BuildSite', call: 1, kind: 'error' };
  return {
    index,
    role,
    input,
    commit: { parents: role === 'first-commit' ? [] : [parent], differences },
    builds,
    ...(fault ? { fault } : {}),
    handWrittenLines: role === 'hand-written-lines',
  };
}

/**
 * A developer's debug print, written by hand with console.log: one good line with a millisecond timestamp (accepted
 * and converted to seconds), one with a value that is not a number and one with a misspelt type (both rejected).
 */
export function handWrittenLines(plan: ExecutionPlan, nowMs: number): string[] {
  const seconds = Math.floor(nowMs / 1000);
  const tags = `#repo:${plan.input.repository},branch:${plan.input.branch}`;
  return [
    `MONITORING|${nowMs}|1|count|pipeline.debug.cache_misses|${tags}`,
    `MONITORING|${seconds}|NaN|count|pipeline.debug.cache_misses|${tags}`,
    `MONITORING|${seconds}|3|counter|pipeline.debug.cache_misses|${tags}`,
  ];
}
