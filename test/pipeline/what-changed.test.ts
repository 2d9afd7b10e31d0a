import { describe, expect, it } from '@jest/globals';
import { parsePatternList, pathMatcher } from '../../pipeline/path-match.js';
import { whatChanged } from '../../pipeline/what-changed.js';
import { added, deleted, FakeCodeCommit, modified, renamed } from './support/fake-codecommit.js';

const defaults = pathMatcher(parsePatternList(undefined));
const run = (commitId: string) => ({ repository: 'repo', branch: 'main', commitId });
const filler = (n: number) => Array.from({ length: n }, (_, i) => modified(`src/page-${i}.md`));

describe('whatChanged', () => {
  it.each([
    ['added', added('Dockerfile')],
    ['modified', modified('site/package.json')],
    ['deleted', deleted('buildspec.yml')],
    ['renamed away', renamed('Dockerfile', 'old/Dockerfile.bak')],
    ['renamed into place', renamed('docker/Dockerfile.new', 'docker/Dockerfile')],
  ])('sees a builder input that was %s', async (_kind, difference) => {
    const codeCommit = new FakeCodeCommit('repo', { p: { parents: [] }, c: { parents: ['p'], differences: [modified('README.md'), difference] } });
    const changes = await whatChanged(run('c'), codeCommit, defaults);
    expect(changes.hasDocker).toBe(true);
    expect(changes.parentCommitId).toBe('p');
    expect(changes.dockerInputsChanged.length).toBeGreaterThan(0);
  });

  it('reads every page before saying nothing changed, and stops at the first page that names an input', async () => {
    const quiet = new FakeCodeCommit('repo', { p: { parents: [] }, c: { parents: ['p'], differences: filler(7) } }, 2);
    expect(await whatChanged(run('c'), quiet, defaults)).toEqual({ hasDocker: false, parentCommitId: 'p', dockerInputsChanged: [] });
    expect(quiet.calls.getDifferences).toBe(4);

    const late = new FakeCodeCommit('repo', { p: { parents: [] }, c: { parents: ['p'], differences: [...filler(5), added('Dockerfile'), ...filler(6)] } }, 2);
    expect((await whatChanged(run('c'), late, defaults)).dockerInputsChanged).toEqual(['Dockerfile']);
    expect(late.calls.getDifferences).toBe(3);
  });

  it('compares a merge with its first parent', async () => {
    const codeCommit = new FakeCodeCommit('repo', { a: { parents: [] }, b: { parents: [] }, m: { parents: ['a', 'b'], differences: [added('package.json')] } });
    expect(await whatChanged(run('m'), codeCommit, defaults)).toEqual({ hasDocker: true, parentCommitId: 'a', dockerInputsChanged: ['package.json'] });
  });

  it('counts a first commit as changed', async () => {
    const codeCommit = new FakeCodeCommit('repo', { root: { parents: [] } });
    expect(await whatChanged(run('root'), codeCommit, defaults)).toEqual({ hasDocker: true, parentCommitId: null, dockerInputsChanged: [] });
    expect(codeCommit.calls.getDifferences).toBe(0);
  });

  it('honours configured patterns', async () => {
    const codeCommit = new FakeCodeCommit('repo', { p: { parents: [] }, c: { parents: ['p'], differences: [modified('package.json')] } });
    expect((await whatChanged(run('c'), codeCommit, pathMatcher(['docker/**']))).hasDocker).toBe(false);
  });

  it('stops with an error when GetDifferences hands back the same NextToken twice', async () => {
    const looping = {
      getCommit: async () => ({ commit: { parents: ['p'] } }),
      getDifferences: async () => ({ differences: [modified('a.md')], NextToken: 'same' }),
    };
    await expect(whatChanged(run('c'), looping, defaults)).rejects.toThrow('same NextToken twice');
  });

  it('lets a missing commit fail the step with CodeCommit\'s error', async () => {
    const codeCommit = new FakeCodeCommit('repo', {});
    await expect(whatChanged(run('nope'), codeCommit, defaults)).rejects.toMatchObject({ name: 'CommitDoesNotExistException' });
  });
});
