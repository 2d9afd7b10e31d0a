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

/** Serialises through the client's model: unknown attributes, bad enum values and missing required fields throw. */
export function toWire(kind: Kind, key: string, definition: v1.Dashboard | v1.Monitor): Wire {
  try {
    return v1.ObjectSerializer.serialize(definition, modelOf[kind], '') as Wire;
  } catch (error) {
    throw new DefinitionError(`${kind} ${key} is not a valid ${modelOf[kind]}: ${(error as Error).message}`);
  }
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
