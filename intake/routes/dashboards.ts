/**
 * The few dashboard and monitor endpoints `npm run datadog:apply` uses (Datadog API v1): list, get, create and
 * update. Like Datadog they need DD-API-KEY (checked by the intake before any route) and DD-APPLICATION-KEY
 * (checked here), answer 404 for an unknown id, add the fields the server owns (ids, timestamps, widget ids,
 * monitor option defaults) and refuse what Datadog refuses that a typed client can still send: a monitor whose
 * critical threshold differs from the one in its query, a warning beyond the critical, an unknown layout.
 *
 * Register on a running intake: `const boards = registerDashboardRoutes(intake.router, { appKeys: ['app'] })`;
 * `boards` is the in-memory state, for tests to read or to edit (a change made "in the UI").
 */
import { errorReply, ok } from '../replies.js';
import type { Router, RouteContext } from '../router.js';
import type { Reply } from '../types.js';

export const DashboardApiPath = {
  dashboards: '/api/v1/dashboard',
  dashboard: '/api/v1/dashboard/:id',
  monitors: '/api/v1/monitor',
  monitor: '/api/v1/monitor/:id',
} as const;

export const AppKeyHeader = 'dd-application-key';

type Json = Record<string, unknown>;

export interface DashboardState {
  /** Stored dashboards by id, in Datadog's wire shape (snake_case). */
  dashboards: Map<string, Json>;
  /** Stored monitors by id, in Datadog's wire shape. */
  monitors: Map<number, Json>;
}

export interface DashboardRoutesOptions {
  /** Application keys accepted in DD-APPLICATION-KEY. */
  appKeys: readonly string[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const iso = (ms: number): string => new Date(ms).toISOString();

// ---- Validation: what Datadog answers 400 for ----

const layoutTypes = ['ordered', 'free'];

function widgetProblems(widgets: unknown, layout: string, path: string): string[] {
  if (!Array.isArray(widgets)) return [`${path} must be an array`];
  return widgets.flatMap((widget, i): string[] => {
    const at = `${path}[${i}]`;
    if (!isObject(widget) || !isObject(widget.definition)) return [`${at}.definition must be an object`];
    const { definition } = widget;
    if (typeof definition.type !== 'string') return [`${at}.definition.type must be a string`];
    const problems = layout === 'free' && !isObject(widget.layout) ? [`${at}.layout is required in a free layout`] : [];
    if (definition.type === 'group') {
      problems.push(...widgetProblems(definition.widgets, String(definition.layout_type ?? ''), `${at}.definition.widgets`));
    }
    return problems;
  });
}

export function dashboardProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the body must be a dashboard object'];
  const problems: string[] = [];
  if (typeof body.title !== 'string' || body.title.trim() === '') problems.push('title is required');
  if (typeof body.layout_type !== 'string' || !layoutTypes.includes(body.layout_type)) {
    problems.push(`layout_type must be one of ${layoutTypes.join(', ')}`);
  }
  if (body.reflow_type !== undefined && body.layout_type !== 'ordered') problems.push('reflow_type is only for ordered layouts');
  problems.push(...widgetProblems(body.widgets, String(body.layout_type), 'widgets'));
  return problems;
}

const monitorTypes = ['metric alert', 'query alert', 'service check', 'event alert', 'log alert', 'composite'];
const metricMonitorQuery =
  /^(?:sum|avg|max|min|change|pct_change|percentile)\(last_\d+[mhdw]\):(?<expr>.*?\S)\s*(?<op>>=|<=|>|<|==)\s*(?<threshold>-?\d+(?:\.\d+)?)$/;
const metricReference = /(?:sum|avg|min|max|count|p\d{2}):[A-Za-z][\w.]*\{[^}]*\}/;

export function monitorProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the body must be a monitor object'];
  const problems: string[] = [];
  if (typeof body.name !== 'string' || body.name.trim() === '') problems.push('name is required');
  if (typeof body.type !== 'string' || !monitorTypes.includes(body.type)) problems.push('type is not a monitor type');
  if (typeof body.query !== 'string' || body.query.trim() === '') return [...problems, 'query is required'];
  if (body.tags !== undefined && !(Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string'))) {
    problems.push('tags must be an array of strings');
  }
  if (body.type !== 'query alert' && body.type !== 'metric alert') return problems;

  const match = metricMonitorQuery.exec(body.query);
  if (!match?.groups || !metricReference.test(match.groups.expr!)) {
    return [...problems, `The value provided for parameter 'query' is invalid: ${body.query}`];
  }
  const inQuery = Number(match.groups.threshold);
  const thresholds = isObject(body.options) && isObject(body.options.thresholds) ? body.options.thresholds : {};
  if (thresholds.critical !== undefined && thresholds.critical !== inQuery) {
    problems.push(`Alert threshold (${String(thresholds.critical)}) does not match that used in the query (${inQuery}).`);
  }
  if (typeof thresholds.warning === 'number') {
    const above = match.groups.op!.startsWith('>');
    if (above ? thresholds.warning > inQuery : thresholds.warning < inQuery) {
      problems.push(`Warning threshold (${thresholds.warning}) must be ${above ? 'below' : 'above'} the alert threshold (${inQuery}).`);
    }
  }
  return problems;
}

// ---- What the server adds ----

/** Datadog numbers every widget; ids already present are kept. */
function withWidgetIds(widgets: unknown, next: () => number): unknown {
  if (!Array.isArray(widgets)) return widgets;
  return widgets.map((w: Json) => {
    const definition = w.definition as Json;
    const inner = definition.type === 'group' ? { ...definition, widgets: withWidgetIds(definition.widgets, next) } : definition;
    return { ...w, id: typeof w.id === 'number' ? w.id : next(), definition: inner };
  });
}

/** Option defaults Datadog fills in on every monitor it returns. */
const monitorOptionDefaults = { notify_audit: false, silenced: {}, new_group_delay: 60, include_tags: true } as const;

// ---- Routes ----

function appKeyReply(context: RouteContext, appKeys: ReadonlySet<string>): Reply | undefined {
  const key = context.headers?.[AppKeyHeader];
  return typeof key === 'string' && appKeys.has(key) ? undefined : errorReply(403, 'Forbidden');
}

/** Datadog's dashboard ids look like `abc-def-ghi`. */
function dashboardId(n: number): string {
  const digits = n.toString(36).padStart(9, '0');
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function page<T>(items: T[], start: number, size: number | undefined): T[] {
  return size === undefined ? items.slice(start) : items.slice(start, start + size);
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  const value = raw === null ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function registerDashboardRoutes(router: Router, options: DashboardRoutesOptions): DashboardState {
  const appKeys = new Set(options.appKeys);
  const state: DashboardState = { dashboards: new Map(), monitors: new Map() };
  let sequence = 0;
  const nextId = () => ++sequence;
  const guarded = (handle: (c: RouteContext) => Reply) => (context: RouteContext) =>
    appKeyReply(context, appKeys) ?? handle(context);

  function storeDashboard(body: Json, nowMs: number, existing?: Json): Json {
    const id = (existing?.id as string | undefined) ?? dashboardId(nextId());
    const stored: Json = {
      ...body,
      widgets: withWidgetIds(body.widgets, nextId),
      id,
      url: `/dashboard/${id}`,
      author_handle: 'intake@localhost',
      created_at: existing?.created_at ?? iso(nowMs),
      modified_at: iso(nowMs),
    };
    state.dashboards.set(id, stored);
    return stored;
  }

  function storeMonitor(body: Json, nowMs: number, existing?: Json): Json {
    const id = (existing?.id as number | undefined) ?? 1000 + nextId();
    const merged: Json = { ...existing, ...body };
    const stored: Json = {
      ...merged,
      options: { ...monitorOptionDefaults, ...(isObject(merged.options) ? merged.options : {}) },
      id,
      multi: / by \{/.test(String(merged.query)),
      overall_state: existing?.overall_state ?? 'No Data',
      creator: { handle: 'intake@localhost', email: 'intake@localhost', name: 'Local intake' },
      created: existing?.created ?? iso(nowMs),
      modified: iso(nowMs),
    };
    state.monitors.set(id, stored);
    return stored;
  }

  router.add(
    {
      method: 'GET',
      path: DashboardApiPath.dashboards,
      kind: 'datadog',
      handle: guarded(({ url }) => {
        const summaries = [...state.dashboards.values()].map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description ?? null,
          layout_type: d.layout_type,
          url: d.url,
          author_handle: d.author_handle,
          is_read_only: false,
          created_at: d.created_at,
          modified_at: d.modified_at,
        }));
        return ok({ dashboards: page(summaries, intParam(url, 'start') ?? 0, intParam(url, 'count')) });
      }),
    },
    {
      method: 'GET',
      path: DashboardApiPath.dashboard,
      kind: 'datadog',
      handle: guarded(({ params }) => {
        const dashboard = state.dashboards.get(params.id!);
        return dashboard ? ok(dashboard) : errorReply(404, 'Dashboard not found');
      }),
    },
    {
      method: 'POST',
      path: DashboardApiPath.dashboards,
      kind: 'datadog',
      jsonBody: true,
      handle: guarded(({ body, nowMs }) => {
        const problems = dashboardProblems(body);
        return problems.length ? errorReply(400, ...problems) : ok(storeDashboard(body as Json, nowMs));
      }),
    },
    {
      method: 'PUT',
      path: DashboardApiPath.dashboard,
      kind: 'datadog',
      jsonBody: true,
      handle: guarded(({ body, params, nowMs }) => {
        const existing = state.dashboards.get(params.id!);
        if (!existing) return errorReply(404, 'Dashboard not found');
        const problems = dashboardProblems(body);
        return problems.length ? errorReply(400, ...problems) : ok(storeDashboard(body as Json, nowMs, existing));
      }),
    },
    {
      method: 'GET',
      path: DashboardApiPath.monitors,
      kind: 'datadog',
      handle: guarded(({ url }) => {
        const wanted = (url.searchParams.get('monitor_tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
        const name = url.searchParams.get('name');
        const matching = [...state.monitors.values()].filter(
          (m) =>
            wanted.every((t) => (m.tags as string[] | undefined)?.includes(t)) &&
            (!name || String(m.name).includes(name)),
        );
        const size = intParam(url, 'page_size') ?? (url.searchParams.has('page') ? 100 : undefined);
        return ok(page(matching, (intParam(url, 'page') ?? 0) * (size ?? 0), size));
      }),
    },
    {
      method: 'GET',
      path: DashboardApiPath.monitor,
      kind: 'datadog',
      handle: guarded(({ params }) => {
        const monitor = state.monitors.get(Number(params.id));
        return monitor ? ok(monitor) : errorReply(404, 'Monitor not found');
      }),
    },
    {
      method: 'POST',
      path: DashboardApiPath.monitors,
      kind: 'datadog',
      jsonBody: true,
      handle: guarded(({ body, nowMs }) => {
        const problems = monitorProblems(body);
        return problems.length ? errorReply(400, ...problems) : ok(storeMonitor(body as Json, nowMs));
      }),
    },
    {
      method: 'PUT',
      path: DashboardApiPath.monitor,
      kind: 'datadog',
      jsonBody: true,
      handle: guarded(({ body, params, nowMs }) => {
        const existing = state.monitors.get(Number(params.id));
        if (!existing) return errorReply(404, 'Monitor not found');
        if (!isObject(body)) return errorReply(400, 'the body must be a monitor object');
        // An update sends only what changes; what it would leave behind must still be a valid monitor.
        const problems = monitorProblems({ ...existing, ...body });
        return problems.length ? errorReply(400, ...problems) : ok(storeMonitor(body, nowMs, existing));
      }),
    },
  );
  return state;
}
