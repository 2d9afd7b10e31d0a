/**
 * What a run must do, decided from plain data: each desired definition against the remote objects carrying its key.
 * "Unchanged" means every field we define has the same value remotely; fields Datadog adds (ids, timestamps,
 * defaults) are ignored, and a field we removed changes the version in the marker, so it still counts as a change.
 */
import type { Kind, Wire } from './definitions.js';

export interface Remote {
  id: string | number;
  wire: Wire;
}

export type Action = 'create' | 'update' | 'unchanged';

export interface Step {
  kind: Kind;
  key: string;
  title: string;
  action: Action;
  /** The remote object updated or left alone. */
  id?: string | number;
  /** Other remote objects with the same key (left alone; reported so someone can delete them). */
  duplicateIds: Array<string | number>;
}

/** True when every value in `desired` is present and equal in `remote` (arrays: same length, element by element). */
export function contains(remote: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(remote) && remote.length === desired.length && desired.every((d, i) => contains(remote[i], d));
  }
  if (desired !== null && typeof desired === 'object') {
    if (remote === null || typeof remote !== 'object' || Array.isArray(remote)) return false;
    return Object.entries(desired).every(
      ([k, v]) => v === undefined || contains((remote as Record<string, unknown>)[k], v),
    );
  }
  return Object.is(remote, desired);
}

export function planStep(
  desired: { kind: Kind; key: string; title: string; wire: Wire },
  remotes: readonly Remote[],
): Step {
  const [first, ...others] = [...remotes].sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
  const base = { kind: desired.kind, key: desired.key, title: desired.title, duplicateIds: others.map((r) => r.id) };
  if (!first) return { ...base, action: 'create' };
  return { ...base, id: first.id, action: contains(first.wire, desired.wire) ? 'unchanged' : 'update' };
}
