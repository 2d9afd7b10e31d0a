/**
 * A cursor over JSON text for scan.ts: reads strings, numbers and keys by the JSON grammar (RFC 8259) and skips values,
 * answering undefined / false wherever the text is not valid JSON or not what the caller can use (the caller then
 * leaves the text to JSON.parse). Finds string ends with native indexOf and checks for control characters (not
 * allowed raw inside a JSON string) with one lazily advanced regex search, so the whole text is scanned about once.
 */

const Code = { Tab: 9, Lf: 10, Cr: 13, Space: 32, Quote: 34, Plus: 43, Minus: 45, Dot: 46, Zero: 48, Nine: 57 } as const;
const Letter = { E: 69, Backslash: 92, e: 101, n: 110, u: 117 } as const;
/** The characters a backslash may stand before other than `u` (RFC 8259 §7): " \\ / b f n r t. */
const SHORT_ESCAPES: ReadonlySet<number> = new Set([...'"\\/bfnrt'].map((char) => char.charCodeAt(0)));
/** What escapes a message holds: none (its text is the message), only short ones, or \u ones too. */
const Escapes = { None: 0, Short: 1, Unicode: 2 } as const;
const Hex = { A: 65, F: 70, a: 97, f: 102 } as const;
type EscapesName = (typeof Escapes)[keyof typeof Escapes];
/** keptMessage's answer for a message whose escapes JSON rejects. */
export const INVALID = Symbol('invalid JSON string');

function isHex4(text: string, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= Code.Zero && code <= Code.Nine) || (code >= Hex.A && code <= Hex.F) || (code >= Hex.a && code <= Hex.f))) return false;
  }
  return true;
}
/** Digits an integer may have and still be read exactly by accumulation (below 2^53). */
const SAFE_DIGITS = 15;
// Control characters are exactly what JSON forbids raw inside a string.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/g;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** The exact text around a CloudWatch log event's fields. */
const Plain = { Open: '{"id":"', AfterId: '","timestamp":', AfterTimestamp: ',"message":"', Close: 125 } as const;
/** Keys of a log event, matched with their quotes and colon (a key with escapes takes the general path). */
const EventKey = { Id: '"id":', Timestamp: '"timestamp":', Message: '"message":' } as const;

/**
 * Where something next occurs in the text at or after a position (the text's length when nowhere), searched again
 * only when asked about a position before the last search's start or past its find: the scan moves forward, so the
 * whole text is searched about once.
 */
class NextFind {
  private next = -1;
  private from = 0;

  /** `find(from)`: the first occurrence at or after `from`, -1 when none; undefined for a text known to hold none. */
  constructor(
    private readonly find: ((from: number) => number) | undefined,
    private readonly end: number,
  ) {
    if (find === undefined) this.next = end;
  }

  at(from: number): number {
    if (this.find !== undefined && (from < this.from || from > this.next)) {
      const found = this.find(from);
      this.next = found === -1 ? this.end : found;
      this.from = from;
    }
    return this.next;
  }
}

export class JsonText {
  pos = 0;
  private readonly backslashes: NextFind;
  /** `\\u`: an escape that decode must do before a message can be tested (see readStringExtent). */
  private readonly unicodeEscapes: NextFind;
  private readonly controls: NextFind;

  /**
   * `controlFree`: the caller knows the text holds no control character (control-bytes.ts checked its bytes), so no
   * string needs a search for one.
   */
  constructor(
    private readonly text: string,
    controlFree = false,
  ) {
    this.backslashes = new NextFind((from) => text.indexOf('\\', from), text.length);
    this.unicodeEscapes = new NextFind((from) => text.indexOf('\\u', from), text.length);
    const control = (from: number) => {
      CONTROL.lastIndex = from;
      return CONTROL.exec(text)?.index ?? -1;
    };
    this.controls = new NextFind(controlFree ? undefined : control, text.length);
  }

  atEnd(): boolean {
    return this.pos === this.text.length;
  }

  skipWhitespace(): void {
    const { text } = this;
    let code = text.charCodeAt(this.pos);
    while (code === Code.Space || code === Code.Lf || code === Code.Cr || code === Code.Tab) code = text.charCodeAt(++this.pos);
  }

  /** Consumes `char` if it is next. */
  take(char: string): boolean {
    if (this.text.charCodeAt(this.pos) !== char.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  /** `"key"` then `:` and any whitespace; the key decoded. */
  readKey(): string | undefined {
    const key = this.readString(false);
    if (key === undefined) return undefined;
    this.skipWhitespace();
    if (!this.take(':')) return undefined;
    this.skipWhitespace();
    return key;
  }

  /** A log event's key: the three known ones without allocating (they are constants), others read in full. */
  readEventKey(): string | undefined {
    const { text, pos } = this;
    if (text.startsWith(EventKey.Message, pos)) return this.after(EventKey.Message.length, 'message');
    if (text.startsWith(EventKey.Timestamp, pos)) return this.after(EventKey.Timestamp.length, 'timestamp');
    if (text.startsWith(EventKey.Id, pos)) return this.after(EventKey.Id.length, 'id');
    return this.readKey();
  }

  private after(length: number, key: string): string {
    this.pos += length;
    this.skipWhitespace();
    return key;
  }

  /**
   * The JSON string at the cursor, decoded; undefined when there is none or it is invalid. `copy` makes it a string
   * of its own (flat) rather than a slice that keeps the whole text alive.
   */
  readString(copy: boolean): string | undefined {
    const start = this.pos;
    if (!this.readStringExtent()) return undefined;
    if (this.stringEscapes !== Escapes.None) {
      const decoded = this.decodedString();
      return decoded === INVALID ? undefined : decoded;
    }
    // JSON.parse of the string's own text gives a flat string that does not point into the payload.
    if (copy) return JSON.parse(this.text.slice(start, this.pos)) as string;
    const written = this.text.slice(this.stringStart, this.stringEnd);
    return this.newlineCut ? `${written}\n` : written;
  }

  /**
   * A log event written exactly as CloudWatch writes it, `{"id":"…","timestamp":N,"message":"…"}` with a plain
   * integer timestamp: read without the general key loop, and its message checked but not yet decoded (keptMessage
   * decodes it only for an event that is kept). Leaves the cursor untouched and answers false for any other shape or
   * an invalid message (the caller then reads the event the general way, which gives up on what JSON rejects).
   */
  readPlainEvent(): boolean {
    const { text } = this;
    const at = this.pos;
    if (!text.startsWith(Plain.Open, at)) return false;
    const idStart = at + Plain.Open.length;
    const idEnd = text.indexOf('"', idStart);
    if (idEnd === -1 || this.backslashes.at(idStart) < idEnd || this.controls.at(idStart) < idEnd) return false;
    if (!text.startsWith(Plain.AfterId, idEnd)) return false;
    this.pos = idEnd + Plain.AfterId.length;
    const timestamp = this.readNumber();
    if (timestamp === undefined || !Number.isFinite(timestamp) || !text.startsWith(Plain.AfterTimestamp, this.pos)) {
      this.pos = at;
      return false;
    }
    this.pos += Plain.AfterTimestamp.length - 1; // at the message's opening quote
    if (!this.readStringExtent() || text.charCodeAt(this.pos) !== Plain.Close) {
      this.pos = at;
      return false;
    }
    this.pos++;
    this.eventIdStart = idStart;
    this.eventIdEnd = idEnd;
    this.eventTimestamp = timestamp;
    return true;
  }

  /**
   * The string at the cursor, not decoded: where it lies (stringStart, stringEnd) and what escapes it may hold. A
   * final `\n` escape as its only one (the runtime ends almost every message with it) is cut off and newlineCut set
   * instead: the rest is a slice of the text, which a test can read without a copy, the newline appended only to a
   * value that is kept. False when the string never ends or holds a control character; its escapes are checked when
   * it is decoded (decodedString) or dropped undecoded (stringEscapesValid).
   */
  private readStringExtent(): boolean {
    this.newlineCut = false;
    const { text } = this;
    if (text.charCodeAt(this.pos) !== Code.Quote) return false;
    const start = this.pos + 1;
    let quote = text.indexOf('"', start);
    if (quote === -1) return false;
    const backslash = this.backslashes.at(start);
    this.stringStart = start;
    this.stringEscapes = Escapes.None;
    if (backslash < quote) {
      if (backslash === quote - 2 && text.charCodeAt(quote - 1) === Letter.n) {
        this.newlineCut = true;
        this.stringEnd = backslash;
      } else {
        quote = this.closingQuote(quote);
        if (quote === -1) return false;
        this.stringEnd = quote;
        // `\u` may also be an escaped backslash before a u: then the message is decoded before it is tested, no harm.
        this.stringEscapes = this.unicodeEscapes.at(backslash) < quote ? Escapes.Unicode : Escapes.Short;
        this.stringBackslash = backslash;
      }
    } else {
      this.stringEnd = quote;
    }
    if (this.controls.at(start) < quote) return false;
    this.pos = quote + 1;
    return true;
  }

  /** The first quote from `quote` on that no backslash escapes (preceded by an even number of them); -1 if none. */
  private closingQuote(quote: number): number {
    const { text } = this;
    for (;;) {
      if (quote === -1) return -1;
      let slashes = 0;
      while (text.charCodeAt(quote - 1 - slashes) === Letter.Backslash) slashes++;
      if (slashes % 2 === 0) return quote;
      quote = text.indexOf('"', quote + 1);
    }
  }

  /**
   * True when every escape of the string readStringExtent read is one JSON allows (a short escape, or \u and four hex
   * digits), from its first backslash on: what JSON.parse would check, for a message dropped undecoded.
   */
  private stringEscapesValid(): boolean {
    const { text, stringEnd } = this;
    for (let at = this.stringBackslash; at !== -1 && at < stringEnd; at = text.indexOf('\\', at)) {
      const code = text.charCodeAt(at + 1);
      if (code === Letter.u) {
        if (!isHex4(text, at + 2)) return false;
        at += 6;
      } else if (SHORT_ESCAPES.has(code)) {
        at += 2;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * The message readPlainEvent read, decoded, when `keep` accepts it; undefined when it does not; INVALID when its
   * escapes are not JSON (the scan then gives up). `keep` is shown the message without a final newline (the scan's
   * contract) and, when it holds short escapes only, its JSON text as written: such a message is decoded only when kept.
   */
  keptMessage(keep: (message: string) => boolean): string | undefined | typeof INVALID {
    const written = this.text.slice(this.stringStart, this.stringEnd);
    if (this.stringEscapes === Escapes.None) return keep(written) ? (this.newlineCut ? `${written}\n` : written) : undefined;
    if (this.stringEscapes === Escapes.Short && !keep(written)) return this.stringEscapesValid() ? undefined : INVALID;
    const decoded = this.decodedString();
    return decoded === INVALID || this.stringEscapes === Escapes.Short || keep(decoded) ? decoded : undefined;
  }

  /**
   * The string readStringExtent read (one with escapes), decoded: JSON.parse of just its text decodes every escape
   * natively into a flat string and rejects what JSON would (INVALID).
   */
  private decodedString(): string | typeof INVALID {
    try {
      return JSON.parse(this.text.slice(this.stringStart - 1, this.stringEnd + 1)) as string;
    } catch {
      return INVALID;
    }
  }

  /** Whether the last string read had its final `\n` cut off (readStringExtent). */
  newlineCut = false;

  /** The id readPlainEvent read (sliced only for an event that is kept). */
  eventId(): string {
    return this.text.slice(this.eventIdStart, this.eventIdEnd);
  }

  /** What readPlainEvent read (fields, not an object: the caller builds one only for an event it keeps). */
  eventIdStart = 0;
  eventIdEnd = 0;
  eventTimestamp = 0;
  /** The last string's text as written, between its quotes (without a final `\n` when newlineCut). */
  private stringStart = 0;
  private stringEnd = 0;
  private stringEscapes: EscapesName = Escapes.None;
  /** The last string's first backslash, when it has escapes. */
  private stringBackslash = 0;

  /** A JSON number at the cursor, as JSON.parse reads it (the same decimal-to-double rounding as Number()). */
  readNumber(): number | undefined {
    const { text, pos } = this;
    // The common case, a plain non-negative integer of up to 15 digits, by accumulation.
    let end = pos;
    let value = 0;
    let code = text.charCodeAt(end);
    while (code >= Code.Zero && code <= Code.Nine && end - pos < SAFE_DIGITS) {
      value = value * 10 + (code - Code.Zero);
      code = text.charCodeAt(++end);
    }
    const plain = end > pos && !(code >= Code.Zero && code <= Code.Nine) && code !== Code.Dot && code !== Letter.e && code !== Letter.E;
    if (plain && !(end - pos > 1 && text.charCodeAt(pos) === Code.Zero)) {
      this.pos = end;
      return value;
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match === null) return undefined;
    this.pos = pos + match[0].length;
    const next = text.charCodeAt(this.pos);
    if ((next >= Code.Zero && next <= Code.Nine) || next === Code.Dot || next === Letter.e || next === Letter.E || next === Code.Plus || next === Code.Minus) return undefined;
    return Number(match[0]);
  }

  /** Skips any JSON value, checking it; false when it is invalid or nests deeper than `depth`. */
  skipValue(depth: number): boolean {
    const { text } = this;
    const code = text.charCodeAt(this.pos);
    if (code === Code.Quote) return this.readString(false) !== undefined;
    if (code === Code.Minus || (code >= Code.Zero && code <= Code.Nine)) return this.readNumber() !== undefined;
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return true;
      }
    }
    if (depth <= 0) return false;
    const isObject = this.take('{');
    if (!isObject && !this.take('[')) return false;
    const close = isObject ? '}' : ']';
    this.skipWhitespace();
    if (this.take(close)) return true;
    for (;;) {
      if (isObject && this.readKey() === undefined) return false;
      this.skipWhitespace();
      if (!this.skipValue(depth - 1)) return false;
      this.skipWhitespace();
      if (this.take(close)) return true;
      if (!this.take(',')) return false;
      this.skipWhitespace();
    }
  }
}
