import { PlatformLinePrefix, requestIdAfter } from './report-text.js';

/** Lambda request ids are UUIDs. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first request id in `text`, or undefined. Callers pass only the part of a line before the signal's words. */
export function findRequestId(text: string): string | undefined {
  return UUID.exec(text)?.[0];
}

/** What a pending entry of OpenInvocations records. */
const Pending = { StartLine: 0, EndLine: 1, Start: 2, End: 3 } as const;
type PendingKind = (typeof Pending)[keyof typeof Pending];

/**
 * Invocations that started (START / platform.start) and have not ended yet, in one log stream. One execution
 * environment runs one invocation at a time, so a line without a request id (a Python traceback, a runtime crash)
 * belongs to the single open invocation. With more than one open (managed instances run several at once) nothing is
 * guessed.
 *
 * Only a line without a request id ever asks, and few batches have one, while every invocation writes START, END and
 * REPORT: so starts and ends are only noted as they come (a START / END line is kept as it is, its id not even cut
 * out) and applied in order when current() is asked. Reading ids and hashing them for every invocation cost more
 * than half a microsecond each.
 */
export class OpenInvocations {
  private readonly open = new Set<string>();
  private readonly pendingKinds: PendingKind[] = [];
  private readonly pendingTexts: string[] = [];

  /** A `START RequestId: <id> …` line. */
  startLine(line: string): void {
    this.note(Pending.StartLine, line);
  }

  /** An `END RequestId: <id>` line. */
  endLine(line: string): void {
    this.note(Pending.EndLine, line);
  }

  start(requestId: string): void {
    this.note(Pending.Start, requestId);
  }

  end(requestId: string): void {
    this.note(Pending.End, requestId);
  }

  /** The request id of the only open invocation, or undefined. */
  current(): string | undefined {
    this.applyPending();
    if (this.open.size !== 1) return undefined;
    for (const id of this.open) return id;
    return undefined;
  }

  private note(kind: PendingKind, text: string): void {
    this.pendingKinds.push(kind);
    this.pendingTexts.push(text);
  }

  private applyPending(): void {
    const kinds = this.pendingKinds;
    const texts = this.pendingTexts;
    for (let i = 0; i < kinds.length; i++) {
      const text = texts[i] as string;
      switch (kinds[i]) {
        case Pending.StartLine: {
          const id = requestIdAfter(text, PlatformLinePrefix.Start);
          if (id !== undefined) this.open.add(id);
          break;
        }
        case Pending.EndLine: {
          const id = requestIdAfter(text, PlatformLinePrefix.End);
          if (id !== undefined) this.open.delete(id);
          break;
        }
        case Pending.Start:
          this.open.add(text);
          break;
        case Pending.End:
          this.open.delete(text);
          break;
      }
    }
    kinds.length = 0;
    texts.length = 0;
  }
}
