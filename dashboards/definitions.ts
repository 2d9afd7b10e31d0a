/**
 * Everything `datadog:apply` manages, validated by the Datadog client's own models and stamped with the marker
 * that lets a later run find it again. Validation runs on every definition before anything is sent.
 */
import { createHash } from 'node:crypto';
import { v1 } from '@datadog/datadog-api-client';
import { lambdaFleetDashboard } from './lambda-fleet.js';
import { stampDashboard, stampMonitor, type Keyed } from './managed.js';
import { monitorDefinitions } from './monitors.js';
import type { DefinitionOptions } from './options.js';

/** The JSON Datadog receives (snake_case), as the client's ObjectSerializer writes it. */
export type Wire = Record<string, unknown>;

export type Kind = 'dashboard' | 'monitor';
const modelOf = { dashboard: 'Dashboard', monitor: 'Monitor' } as const satisfies Record<Kind, string>;

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** The path of the first field of `sent` that did not come back from the model (undefined when all did). */
function droppedField(back: unknown, sent: unknown, path: string): string | undefined {
  if (sent === null || typeof sent !== 'object') return undefined;
  if (back === null || typeof back !== 'object') return path;
  for (const [k, v] of Object.entries(sent)) {
    if (v === undefined) continue;
    if (!(k in back) || (back as Record<string, unknown>)[k] === undefined) return `${path}.${k}`;
    const deeper = droppedField((back as Record<string, unknown>)[k], v, Array.isArray(sent) ? `${path}[${k}]` : `${path}.${k}`);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Serialises through the client's model: bad enum values, wrong types and missing required fields throw. Models
 * that allow additional properties (Dashboard does) silently DROP an unknown field such as a misspelt `widgetz`, so
 * the result is read back through the model and any field that did not survive is an error too.
 */
export function toWire(kind: Kind, key: string, definition: v1.Dashboard | v1.Monitor): Wire {
  const model = modelOf[kind];
  let wire: Wire;
  let back: unknown;
  try {
    wire = v1.ObjectSerializer.serialize(definition, model, '') as Wire;
    back = v1.ObjectSerializer.deserialize(wire, model, '');
  } catch (error) {
    throw new DefinitionError(`${kind} ${key} is not a valid ${model}: ${(error as Error).message}`);
  }
  const dropped = droppedField(back, definition, key);
  if (dropped) throw new DefinitionError(`${kind} ${key}: ${dropped} is not a field of the ${model} model (it would be dropped)`);
  return wire;
}

function versionOf(wire: Wire): string {
  return createHash('sha256').update(JSON.stringify(wire)).digest('hex').slice(0, 12);
}

export interface Managed<T> extends Keyed<T> {
  kind: Kind;
  title: string;
  /** What is sent, validated. */
  wire: Wire;
}

function manage<T extends v1.Dashboard | v1.Monitor>(
  kind: Kind,
  { key, definition }: Keyed<T>,
  stamp: (key: string, version: string, d: T) => T,
): Managed<T> {
  const stamped = stamp(key, versionOf(toWire(kind, key, definition)), definition);
  const title = 'title' in stamped ? stamped.title : (stamped as v1.Monitor).name ?? key;
  return { kind, key, title, definition: stamped, wire: toWire(kind, key, stamped) };
}

export interface Definitions {
  dashboards: Managed<v1.Dashboard>[];
  monitors: Managed<v1.Monitor>[];
}

export function buildDefinitions(options: DefinitionOptions): Definitions {
  const dashboards = [lambdaFleetDashboard(options)].map((d) => manage('dashboard', d, stampDashboard));
  const monitors = monitorDefinitions(options).map((m) => manage('monitor', m, stampMonitor));
  for (const list of [dashboards, monitors] as const) {
    const keys = list.map((d) => d.key);
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice) throw new DefinitionError(`two definitions share the key ${twice}`);
  }
  return { dashboards, monitors };
}
