/** Lambda request ids are UUIDs. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first request id in `text`, or undefined. Callers pass only the part of a line before the signal's words. */
export function findRequestId(text: string): string | undefined {
  return UUID.exec(text)?.[0];
}

/**
 * Invocations that started (START / platform.start) and have not ended yet, in one log stream. One execution
 * environment runs one invocation at a time, so a line without a request id (a Python traceback, a runtime crash)
 * belongs to the single open invocation. With more than one open (managed instances run several at once) nothing is
 * guessed.
 */
export class OpenInvocations {
  private readonly open = new Set<string>();

  start(requestId: string): void {
    this.open.add(requestId);
  }

  end(requestId: string): void {
    this.open.delete(requestId);
  }

  /** The request id of the only open invocation, or undefined. */
  current(): string | undefined {
    if (this.open.size !== 1) return undefined;
    for (const id of this.open) return id;
    return undefined;
  }
}
