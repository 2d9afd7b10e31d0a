/**
 * Fault injection for the Datadog paths: the next N requests (to one path or any) answer a status, answer late
 * (`delay`: nothing is read or stored until the delay is over), are stored at once and answered late (`late_answer`:
 * a slow intake, whose client may give up on a payload it already holds), or lose their connection; and a switch
 * that takes the whole intake "down" (every Datadog request's connection is dropped) until it is "up" again. The
 * /_intake control paths are never affected, so a test can always undo a fault.
 */
import { FaultStatuses } from './constants.js';
import type { Fault, FaultRule } from './types.js';

interface ActiveRule {
  fault: Fault;
  endpoint?: string;
  remaining: number;
}

export class FaultController {
  #rules: ActiveRule[] = [];
  #down = false;

  /** Queue a fault. Rules apply in the order they were added. */
  inject(rule: FaultRule): void {
    const { times = 1, endpoint, ...fault } = rule;
    const problem = describeInvalidRule(rule);
    if (problem) throw new TypeError(problem);
    this.#rules.push({ fault: fault as Fault, remaining: times, ...(endpoint ? { endpoint } : {}) });
  }

  /** The fault for this request, if any; uses one of the rule's remaining times. */
  take(path: string): Fault | undefined {
    const rule = this.#rules.find((candidate) => candidate.endpoint === undefined || candidate.endpoint === path);
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }

  down(): void {
    this.#down = true;
  }

  up(): void {
    this.#down = false;
  }

  get isDown(): boolean {
    return this.#down;
  }

  /** Pending rules with the times each has left. */
  pending(): Array<FaultRule & { times: number }> {
    return this.#rules.map((rule) => ({ ...rule.fault, times: rule.remaining, ...(rule.endpoint ? { endpoint: rule.endpoint } : {}) }));
  }

  /** Removes every rule and brings the intake up. */
  clear(): void {
    this.#rules = [];
    this.#down = false;
  }
}

/** Why a rule (perhaps from JSON over HTTP) cannot be used, or undefined when it can. */
export function describeInvalidRule(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'a fault must be an object';
  const candidate = rule as Record<string, unknown>;
  const times = candidate.times ?? 1;
  if (!(Number.isInteger(times) && (times as number) >= 1)) return 'times must be a positive integer';
  if (candidate.endpoint !== undefined && (typeof candidate.endpoint !== 'string' || !candidate.endpoint.startsWith('/'))) {
    return 'endpoint must be a path such as /api/v2/series';
  }
  switch (candidate.kind) {
    case 'status':
      if (!(FaultStatuses as readonly unknown[]).includes(candidate.status)) {
        return `status must be one of ${FaultStatuses.join(', ')}`;
      }
      if (candidate.rateLimitResetSeconds !== undefined && !(Number.isInteger(candidate.rateLimitResetSeconds) && (candidate.rateLimitResetSeconds as number) >= 0)) {
        return 'rateLimitResetSeconds must be a non-negative integer';
      }
      return undefined;
    case 'delay':
    case 'late_answer':
      return Number.isInteger(candidate.delayMs) && (candidate.delayMs as number) >= 0
        ? undefined
        : 'delayMs must be a non-negative integer';
    case 'drop':
      return undefined;
    default:
      return 'kind must be "status", "delay", "late_answer" or "drop"';
  }
}
