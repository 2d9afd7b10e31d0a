import { describe, expect, it } from '@jest/globals';
import { parsePatternList, pathMatcher } from '../../pipeline/path-match.js';

describe('builder-input path patterns', () => {
  it('defaults to Dockerfile, buildspec.yml and package.json at any depth', () => {
    expect(parsePatternList(undefined)).toEqual(['Dockerfile', 'buildspec.yml', 'package.json']);
    expect(parsePatternList(' , ')).toEqual(['Dockerfile', 'buildspec.yml', 'package.json']);
    const m = pathMatcher(parsePatternList(undefined));
    for (const path of ['Dockerfile', 'docker/Dockerfile', 'a/b/c/package.json', 'buildspec.yml']) expect([path, m.matches(path)]).toEqual([path, true]);
    for (const path of ['Dockerfile.md', 'docs/Dockerfile/readme.md', 'package.json5', 'my-package.json', 'dockerfile']) expect([path, m.matches(path)]).toEqual([path, false]);
  });

  it('anchors a pattern with a slash at the repository root', () => {
    const m = pathMatcher(parsePatternList('/package.json, docker/**, build/*.yml'));
    expect(m.matches('package.json')).toBe(true);
    expect(m.matches('site/package.json')).toBe(false);
    expect(m.matches('docker/Dockerfile')).toBe(true);
    expect(m.matches('docker/a/b/entry.sh')).toBe(true);
    expect(m.matches('src/docker/Dockerfile')).toBe(false);
    expect(m.matches('build/spec.yml')).toBe(true);
    expect(m.matches('build/x/spec.yml')).toBe(false);
  });

  it('supports *, ? and **/ in the middle', () => {
    const m = pathMatcher(['*.dockerfile', 'img?.txt', 'infra/**/Dockerfile']);
    expect(m.matches('a/b/web.dockerfile')).toBe(true);
    expect(m.matches('img1.txt')).toBe(true);
    expect(m.matches('img12.txt')).toBe(false);
    expect(m.matches('infra/Dockerfile')).toBe(true);
    expect(m.matches('infra/x/y/Dockerfile')).toBe(true);
    expect(m.matches('other/infra/Dockerfile')).toBe(false);
  });

  it('takes regular-expression characters literally', () => {
    const m = pathMatcher(['a+b(1).json']);
    expect(m.matches('a+b(1).json')).toBe(true);
    expect(m.matches('aab1.json')).toBe(false);
  });
});
