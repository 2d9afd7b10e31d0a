/**
 * Ways to write the same JSON value that JSON.stringify never uses, for the scanner's tests: indentation, keys in
 * another order, and strings whose characters are escaped at random (`\uXXXX` in either case, the short escapes, `\/`).
 * Deterministic for a seed.
 */

export interface JsonSpelling {
  seed: number;
  /** Spaces per level; 0 for compact. */
  indent: number;
  /** Object keys in reverse order. */
  reorder: boolean;
  /** Share of string characters written as an escape. */
  escapeRate: number;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function stringJson(text: string, rate: number, next: () => number): string {
  let out = '"';
  for (const unit of text.split('')) {
    const code = unit.charCodeAt(0);
    const mustEscape = unit === '"' || unit === '\\' || code < 0x20;
    if (!mustEscape && next() >= rate) {
      out += unit;
      continue;
    }
    const choice = next();
    if (SHORT[unit] !== undefined && choice < 0.5) out += SHORT[unit];
    else if (unit === '/' && choice < 0.5) out += '\\/';
    else {
      const hex = code.toString(16).padStart(4, '0');
      out += `\\u${choice < 0.75 ? hex : hex.toUpperCase()}`;
    }
  }
  return `${out}"`;
}

function write(value: unknown, how: JsonSpelling, next: () => number, depth: number, rate: number): string {
  const pad = how.indent > 0 ? `\n${' '.repeat(how.indent * (depth + 1))}` : '';
  const end = how.indent > 0 ? `\n${' '.repeat(how.indent * depth)}` : '';
  const colon = how.indent > 0 ? ': ' : ':';
  if (typeof value === 'string') return stringJson(value, rate, next);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((item) => pad + write(item, how, next, depth + 1, rate)).join(',')}${end}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (how.reorder) entries.reverse();
    if (entries.length === 0) return '{}';
    return `{${entries.map(([key, item]) => pad + stringJson(key, rate, next) + colon + write(item, how, next, depth + 1, rate)).join(',')}${end}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `value` written with the spelling's layout, strings as JSON.stringify writes them. */
export function canonicalJson(value: unknown, how: JsonSpelling): string {
  return write(value, how, random(how.seed), 0, 0);
}

/** `value` written with the spelling's layout and its escape rate. */
export function escapedJson(value: unknown, how: JsonSpelling): string {
  return write(value, how, random(how.seed), 0, how.escapeRate);
}
