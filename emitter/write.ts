import type { OutputFn } from './metrics-types.js';

/**
 * Joins lines into as few writes as possible, each at most `maxBytes` (UTF-8) and ending with a newline. One write is
 * one log event when stdout goes to CloudWatch Logs, which cuts any event beyond 256 KB, so a large flush is split at
 * line boundaries instead. A single line longer than `maxBytes` still goes out, alone.
 */
export function chunkLines(lines: readonly string[], maxBytes: number): string[] {
  if (lines.length === 0) return [];
  const all = lines.join('\n') + '\n';
  const totalBytes = Buffer.byteLength(all);
  if (totalBytes <= maxBytes) return [all]; // the common case: one write
  return totalBytes === all.length ? splitAscii(all, maxBytes) : splitByLine(lines, maxBytes);
}

/** One byte per character: cut the joined text at the last newline that fits (slices share the joined string). */
function splitAscii(all: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < all.length) {
    let end = start + maxBytes;
    if (end >= all.length) end = all.length;
    else {
      const lastNewline = all.lastIndexOf('\n', end - 1);
      // No newline inside the window: the line alone is longer than maxBytes; send it whole.
      end = lastNewline >= start ? lastNewline + 1 : all.indexOf('\n', end) + 1;
    }
    chunks.push(all.slice(start, end));
    start = end;
  }
  return chunks;
}

function splitByLine(lines: readonly string[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    if (currentBytes > 0 && currentBytes + bytes > maxBytes) {
      chunks.push(current);
      current = '';
      currentBytes = 0;
    }
    current += line + '\n';
    currentBytes += bytes;
  }
  chunks.push(current);
  return chunks;
}

/**
 * process.stdout.write, not console.log: console.log in Lambda adds a time, request id and level in front of the
 * line, and with the JSON log format wraps it in JSON. Looked up at call time, so a replaced stdout is honoured.
 */
export const stdoutOutput: OutputFn = (text) => {
  process.stdout.write(text);
};

export const stderrOutput: OutputFn = (text) => {
  process.stderr.write(text);
};
