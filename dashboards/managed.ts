/**
 * How `datadog:apply` recognises what it created, so a second run updates instead of duplicating:
 * - a monitor carries the tags `managed-by:lambda-dd-metrics`, `lambda-dd-metrics-key:<key>` and
 *   `lambda-dd-metrics-version:<hash of the definition>`;
 * - a dashboard (whose tags Datadog restricts to `team:` tags) carries the same three facts in a marker line at the
 *   end of its description.
 * The key is stable across versions; the version hash makes a definition that lost a field differ from the remote
 * copy that still has it (a field-by-field comparison alone cannot see a removal).
 */
import type { v1 } from '@datadog/datadog-api-client';

export const Managed = {
  by: 'lambda-dd-metrics',
  tag: 'managed-by:lambda-dd-metrics',
  keyTagPrefix: 'lambda-dd-metrics-key:',
  versionTagPrefix: 'lambda-dd-metrics-version:',
} as const;

/** A definition and the stable key that names it. */
export interface Keyed<T> {
  key: string;
  definition: T;
}

export function stampMonitor(key: string, version: string, monitor: v1.Monitor): v1.Monitor {
  const own = (monitor.tags ?? []).filter((t) => !t.startsWith(`${Managed.by}-`) && t !== Managed.tag);
  return { ...monitor, tags: [...own, Managed.tag, `${Managed.keyTagPrefix}${key}`, `${Managed.versionTagPrefix}${version}`] };
}

export function keyFromMonitorTags(tags: readonly string[] | undefined): string | undefined {
  const keyTag = tags?.find((t) => t.startsWith(Managed.keyTagPrefix));
  return tags?.includes(Managed.tag) && keyTag ? keyTag.slice(Managed.keyTagPrefix.length) : undefined;
}

function dashboardMarker(key: string, version: string): string {
  return `Managed by ${Managed.by} (npm run datadog:apply), key: ${key}, version: ${version}. ` +
    'Edits made here are overwritten on the next apply.';
}

const markerPattern = new RegExp(`Managed by ${Managed.by} \\(npm run datadog:apply\\), key: ([A-Za-z0-9_-]+),`);

export function stampDashboard(key: string, version: string, dashboard: v1.Dashboard): v1.Dashboard {
  const text = dashboard.description?.trim();
  return { ...dashboard, description: (text ? `${text}\n\n` : '') + dashboardMarker(key, version) };
}

export function keyFromDashboardDescription(description: string | undefined | null): string | undefined {
  return description ? markerPattern.exec(description)?.[1] : undefined;
}
