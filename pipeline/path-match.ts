/**
 * Which changed paths are inputs of the builder image. Patterns come from DOCKER_INPUT_PATHS, comma separated:
 *
 * - A pattern WITHOUT a `/` matches a file name at any depth, root included (like .gitignore):
 *   `Dockerfile` matches `Dockerfile` and `site/docker/Dockerfile`; `*.dockerfile` matches `a/b/x.dockerfile`.
 * - A pattern WITH a `/` is a path from the repository root (a leading `/` is optional):
 *   `/package.json` matches only the root package.json; `docker/**` matches everything under `docker/`.
 * - Globs: `*` any characters within one path segment, `?` one character within a segment, `**` any number of
 *   whole segments (`a/**\/b` matches `a/b` and `a/x/y/b`). Everything else is literal and case-sensitive.
 */
import { DEFAULT_DOCKER_INPUTS } from './constants.js';

export interface PathMatcher {
  /** The patterns as given (for logs and messages). */
  patterns: readonly string[];
  matches(path: string): boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Turns one glob into a regular expression source over a whole path (no anchors). */
function globSource(glob: string): string {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      const slashBefore = i === 0 || glob[i - 1] === '/';
      if (slashBefore && slashAfter) {
        source += '(?:[^/]*/)*'; // `**/`: zero or more whole directories
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExp(char ?? '');
    }
  }
  return source;
}

/** Compiles one pattern; see the module comment for the rules. */
export function compilePattern(pattern: string): RegExp {
  const anchored = pattern.includes('/');
  const glob = anchored ? pattern.replace(/^\/+/, '') : pattern;
  // Unanchored: the name may follow any directories (or none).
  const prefix = anchored ? '' : '(?:.*/)?';
  return new RegExp(`^${prefix}${globSource(glob)}$`);
}

/** Splits DOCKER_INPUT_PATHS; blank or unset means the defaults. */
export function parsePatternList(text: string | undefined): string[] {
  const patterns = (text ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  return patterns.length > 0 ? patterns : [...DEFAULT_DOCKER_INPUTS];
}

export function pathMatcher(patterns: readonly string[]): PathMatcher {
  const compiled = patterns.map(compilePattern);
  return {
    patterns,
    // CodeCommit paths have no leading slash; tolerate one anyway.
    matches: (path) => {
      const clean = path.replace(/^\/+/, '');
      return compiled.some((re) => re.test(clean));
    },
  };
}
