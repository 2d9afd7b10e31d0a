/**
 * Character tests for scanning lines by offset instead of slicing, trimming and splitting them (the parser meets
 * 10,000 events a batch). Each matches what the String method it replaces would do.
 */

const Code = { Tab: 9, CarriageReturn: 13, Space: 32, Dot: 46, Zero: 48, Nine: 57, E: 69, LowerE: 101, LastAscii: 127 } as const;

/** Digits a double holds exactly (< 2^53), so digits / 10^k is one correctly rounded division: parseFloat's result. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, k) => 10 ** k);
const UNICODE_SPACE = /\s/;

/** True for every character String#trim removes (and /\s/ matches). */
export function isWhitespace(code: number): boolean {
  if (code === Code.Space || (code >= Code.Tab && code <= Code.CarriageReturn)) return true;
  return code > Code.LastAscii && UNICODE_SPACE.test(String.fromCharCode(code));
}

/** The first offset in [start, end) that is not whitespace (end when there is none). */
export function skipWhitespace(text: string, start: number, end: number): number {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  return start;
}

/** The offset just after the last non-whitespace character in [start, end) (start when there is none). */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

function isDigit(code: number): boolean {
  return code >= Code.Zero && code <= Code.Nine;
}

/**
 * Number.parseFloat(text.slice(start, end)) without the slice when the text starts with plain `digits(.digits)`
 * (`102.25 ms`, `1024 MB`): read exactly, as parseFloat reads it. Anything else (a sign, an exponent, many digits)
 * goes to parseFloat itself.
 */
export function leadingFloat(text: string, start: number, end: number): number {
  let i = start;
  let n = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; i < end && isDigit(text.charCodeAt(i)); i++, digits++) n = n * 10 + (text.charCodeAt(i) - Code.Zero);
  if (i < end && text.charCodeAt(i) === Code.Dot) {
    for (i++; i < end && isDigit(text.charCodeAt(i)); i++, fractionDigits++) n = n * 10 + (text.charCodeAt(i) - Code.Zero);
  }
  const next = i < end ? text.charCodeAt(i) : -1;
  const endsInDot = fractionDigits === 0 && text.charCodeAt(i - 1) === Code.Dot;
  if (digits === 0 || endsInDot || digits + fractionDigits > MAX_EXACT_DIGITS || next === Code.Dot || next === Code.E || next === Code.LowerE) {
    return Number.parseFloat(text.slice(start, end));
  }
  return fractionDigits === 0 ? n : n / (POWERS_OF_TEN[fractionDigits] as number);
}
