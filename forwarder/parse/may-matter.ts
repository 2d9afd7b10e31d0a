/**
 * Which log messages parse can act on, as one test decode applies before it builds a log event (decode/scan.ts):
 * a message for which it is false holds no line any reader below would use, so it is counted and never materialised.
 * It must stay a superset of what index.ts reads: a new reader adds its words here (test/forwarder/parse/
 * may-matter.test.ts checks, on random mixes of every fixture line, that parsing only the messages kept gives the
 * same result as parsing them all).
 *
 * Built from the readers' own words, not copies: the MONITORING prefix, the error-signal pre-test, the JSON metric
 * dialects' key tests, and the first characters of the lines read by their start (START / END / REPORT /
 * INIT_REPORT and JSON lines).
 */
import { LineFormat } from '../../emitter/constants.js';
import { mayBeMetricJson } from './dialects/shape.js';
import { MAY_BE_SIGNAL } from './error-signals.js';
import { PlatformLinePrefix } from './report-text.js';

const MONITORING = LineFormat.prefix + LineFormat.separator;
/** Lines read by how they start: platform lines and JSON lines (`{`). */
const LINE_STARTS = [...new Set([...Object.values(PlatformLinePrefix).map((prefix) => prefix[0]), '{'])].join('');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any of: MONITORING| anywhere, an error signal's word, a line after the first starting like a line read by its start. */
const ANYWHERE = new RegExp(`${escapeRegExp(MONITORING)}|${MAY_BE_SIGNAL.source}|[\\n\\r][${escapeRegExp(LINE_STARTS)}]`);
const FIRST_CHARS: ReadonlySet<number> = new Set([...LINE_STARTS].map((char) => char.charCodeAt(0)));

/**
 * True when parse may read something in `message`; false only when it certainly reads nothing. A final newline never
 * changes the answer (decode may test a message without it).
 */
export function messageMayMatter(message: string): boolean {
  return FIRST_CHARS.has(message.charCodeAt(0)) || ANYWHERE.test(message) || mayBeMetricJson(message);
}
