/**
 * The I/O edge: reads the managed dashboards and monitors from Datadog and writes changes, through the official
 * client's v1 DashboardsApi and MonitorsApi. Everything else in dashboards/ is pure.
 */
import { client, logger, v1 } from '@datadog/datadog-api-client';
import type { Wire } from './definitions.js';
import { Managed, keyFromDashboardDescription, keyFromMonitorTags } from './managed.js';
import type { Remote } from './plan.js';
import type { Keys } from './settings.js';

export interface DatadogApis {
  dashboards: v1.DashboardsApi;
  monitors: v1.MonitorsApi;
}

export function connect(baseUrl: string, keys: Keys): DatadogApis {
  // The client logs every failed request with its stack (paths on this machine) before it throws; the command reports
  // what it throws in one line, so the client's own log stays quiet unless DEBUG asks for it, as the client reads it.
  if (!process.env.DEBUG) logger.setLevel(logger.levels.SILENT);
  const configuration = client.createConfiguration({
    baseServer: new client.ServerConfiguration(baseUrl, {}),
    authMethods: { apiKeyAuth: keys.apiKey, appKeyAuth: keys.appKey },
    // The client retries nothing by default; 429 and 5xx are worth a few tries for a CLI.
    enableRetry: true,
    maxRetries: 3,
  });
  return { dashboards: new v1.DashboardsApi(configuration), monitors: new v1.MonitorsApi(configuration) };
}

function add(map: Map<string, Remote[]>, key: string, remote: Remote): void {
  map.set(key, [...(map.get(key) ?? []), remote]);
}

/** Managed dashboards by key: list every summary, keep the marked ones, fetch those in full. */
export async function readManagedDashboards(apis: DatadogApis, pageSize = 100): Promise<Map<string, Remote[]>> {
  const found = new Map<string, Remote[]>();
  for await (const summary of apis.dashboards.listDashboardsWithPagination({ count: pageSize, filterDeleted: false })) {
    const key = keyFromDashboardDescription(summary.description);
    if (!key || !summary.id) continue;
    const dashboard = await apis.dashboards.getDashboard({ dashboardId: summary.id });
    add(found, key, { id: summary.id, wire: v1.ObjectSerializer.serialize(dashboard, 'Dashboard', '') as Wire });
  }
  return found;
}

/** Managed monitors by key: the monitor list filtered by the managed-by tag. */
export async function readManagedMonitors(apis: DatadogApis, pageSize = 100): Promise<Map<string, Remote[]>> {
  const found = new Map<string, Remote[]>();
  for await (const monitor of apis.monitors.listMonitorsWithPagination({ monitorTags: Managed.tag, pageSize })) {
    const key = keyFromMonitorTags(monitor.tags);
    if (!key || monitor.id === undefined) continue;
    add(found, key, { id: monitor.id, wire: v1.ObjectSerializer.serialize(monitor, 'Monitor', '') as Wire });
  }
  return found;
}

export async function createDashboard(apis: DatadogApis, body: v1.Dashboard): Promise<string | number> {
  return (await apis.dashboards.createDashboard({ body })).id ?? '?';
}

export async function updateDashboard(apis: DatadogApis, id: string | number, body: v1.Dashboard): Promise<void> {
  await apis.dashboards.updateDashboard({ dashboardId: String(id), body });
}

export async function createMonitor(apis: DatadogApis, body: v1.Monitor): Promise<string | number> {
  return (await apis.monitors.createMonitor({ body })).id ?? '?';
}

export async function updateMonitor(apis: DatadogApis, id: string | number, body: v1.Monitor): Promise<void> {
  await apis.monitors.updateMonitor({ monitorId: Number(id), body });
}

/** A one-line reason for a failed call: the HTTP status and Datadog's `errors`, never the request (it holds keys). */
export function describeApiError(error: unknown): string {
  if (error instanceof client.ApiException) {
    const body = error.body as { errors?: unknown } | undefined;
    const detail = body && typeof body === 'object' && 'errors' in body ? JSON.stringify(body.errors) : '';
    return `HTTP ${error.code}${detail ? ` ${detail}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
