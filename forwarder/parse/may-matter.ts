/**
 * Which log messages parse can act on, as one test decode applies before it builds a log event (decode/scan.ts):
 * a message for which it is false holds no line any reader below would use, so it is counted and never materialised.
 * It must stay a superset of what index.ts reads: a new reader adds its words here (test/forwarder/parse/
 * may-matter.test.ts checks, on random mixes of every fixture line, that parsing only the messages kept gives the
 * same result as parsing them all).
 *
 * Built from the readers' own words, not copies: the MONITORING prefix, the error-signal pre-test, the JSON readers'
 * key tests (platform records, the metric dialects), and the first characters of the platform lines read by their
 * start (START / END / REPORT / INIT_REPORT). A JSON line (`{…`) is read only when it holds one of those words
 * (json-line.ts jsonLineMayMatter), so its opening brace alone keeps nothing.
 *
 * Decode may also show it a message's JSON text as written, short escapes undecoded (`\t`, `\"`; never \u): each word
 * is looked for in that spelling too, so the answer for the text is true whenever it is for the message.
 */
import { LineFormat } from '../../emitter/constants.js';
import { MetricJsonKeys } from './dialects/shape.js';
import { MAY_BE_SIGNAL } from './error-signals.js';
import { PLATFORM_TYPE } from './json-line.js';
import { PlatformLinePrefix } from './report-text.js';

const MONITORING = LineFormat.prefix + LineFormat.separator;
/** The first characters of the platform lines, read by how they start. */
const LINE_STARTS = [...new Set(Object.values(PlatformLinePrefix).map((prefix) => prefix[0]))].join('');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A word as a pattern that also matches it as written inside a JSON string, where a backslash goes before each quote
 * and backslash (once per level of quoting): a quote may follow backslashes, a backslash may be several. The words'
 * other characters are letters and punctuation JSON leaves alone.
 */
const anySpelling = (word: string) =>
  [...word].map((char, i) => (char === '"' && i > 0 ? '\\\\*"' : char === '\\' ? '\\\\+' : escapeRegExp(char))).join('');

/** Words that matter wherever they are (MONITORING aside: a native substring search finds it fastest). */
const WORDS = [PLATFORM_TYPE, ...MetricJsonKeys.emf, ...MetricJsonKeys.datadogLambdaName];
/**
 * The rest, in one pattern: the words in any spelling; the signal words (letters and spaces only, spelled alike);
 * a line after the first starting like a platform line, after a newline or a written `\n` / `\r`.
 */
const ANYWHERE = new RegExp([...new Set(WORDS.map(anySpelling)), MAY_BE_SIGNAL.source, `(?:[\\n\\r]|\\\\[nr])[${escapeRegExp(LINE_STARTS)}]`].join('|'));
const FIRST_CHARS: ReadonlySet<number> = new Set([...LINE_STARTS].map((char) => char.charCodeAt(0)));

/**
 * True when parse may read something in `message`; false only when it certainly reads nothing. A final newline never
 * changes the answer (decode may test a message without it), nor does writing the message as JSON text with short
 * escapes turn a true into a false.
 */
export function messageMayMatter(message: string): boolean {
  return FIRST_CHARS.has(message.charCodeAt(0)) || message.includes(MONITORING) || ANYWHERE.test(message);
}
