/**
 * Every relative link in the project's markdown files leads somewhere: the file (or folder) exists, and a `#anchor`
 * names a heading of the target as GitHub renders it (lowercased, punctuation dropped, spaces as hyphens; a repeated
 * heading gets -1, -2…). Links to the web are not followed (tests run offline). Code blocks and inline code are not
 * read: a `[x](y)` in an example is not a link.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The markdown files git knows (tracked or new, not ignored): what a clone holds. */
function markdownFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file !== '' && existsSync(join(ROOT, file)));
}

/** The text outside fenced code blocks, indented code blocks and inline code spans. */
function proseOf(markdown: string): string {
  const kept: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(?:```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^(?: {4}|\t)/.test(line)) continue;
    kept.push(line.replace(/`[^`]*`/g, ''));
  }
  return kept.join('\n');
}

/** GitHub's anchor for a heading text. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/`/g, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1') // a link in a heading anchors by its text
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** A heading's text without the optional closing `#`s (`## Title ##`). */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  return text.slice(0, end);
}

/** The anchors a markdown file offers, repeated headings numbered as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(?:```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const slug = slugOf(withoutClosingHashes(heading[1]!));
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** Relative link targets in the prose: `[text](target)` and `[text](target "title")`. */
function relativeLinksOf(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of proseOf(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1]!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) targets.push(target);
  }
  return targets;
}

/** What is wrong with one link from `file`, or undefined when it leads somewhere. */
function brokenLink(file: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#', 2);
  const resolved = path === '' ? join(ROOT, file) : resolve(join(ROOT, dirname(file)), decodeURIComponent(path));
  if (!existsSync(resolved)) return `${file}: ${target}: no such file ${relative(ROOT, resolved)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!resolved.endsWith('.md')) return `${file}: ${target}: an anchor into a file that is not markdown`;
  const anchors = anchorsOf(readFileSync(resolved, 'utf8'));
  return anchors.has(decodeURIComponent(anchor)) ? undefined : `${file}: ${target}: no heading #${anchor} in ${relative(ROOT, resolved)}`;
}

describe('markdown links', () => {
  it('reads links, anchors and code the way GitHub does', () => {
    const markdown = [
      '# The forwarder, and what it guarantees',
      '## Metric names and the AWS integration',
      '## Tests',
      '## Tests',
      '### `parse` for CI',
      'See [guarantees](#the-forwarder-and-what-it-guarantees) and [docs](forwarder/README.md#metrics "Metrics").',
      'Code `[not](a-link.md)` and a web [page](https://example.com/x).',
      '```',
      '[also not](fenced.md)',
      '# not a heading',
      '```',
      '    [indented](code.md)',
    ].join('\n');
    expect([...anchorsOf(markdown)]).toEqual(['the-forwarder-and-what-it-guarantees', 'metric-names-and-the-aws-integration', 'tests', 'tests-1', 'parse-for-ci']);
    expect(relativeLinksOf(markdown)).toEqual(['#the-forwarder-and-what-it-guarantees', 'forwarder/README.md#metrics']);
  });

  it('every relative link in every markdown file leads to a file and heading that exist', () => {
    const files = markdownFiles();
    expect(files).toContain('README.md');
    const links = files.flatMap((file) => relativeLinksOf(readFileSync(join(ROOT, file), 'utf8')).map((target) => ({ file, target })));
    expect(links.length).toBeGreaterThan(5);
    expect(links.map(({ file, target }) => brokenLink(file, target)).filter((problem) => problem !== undefined)).toEqual([]);
  });
});
