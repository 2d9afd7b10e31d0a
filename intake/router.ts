/**
 * The route table. Each intake/routes/*.ts module exports a `register…Routes(router)` function that adds its routes;
 * a later module (dashboards, monitors) does the same, before or after the server starts.
 */
import type { FaultController } from './faults.js';
import type { IntakeStore } from './store.js';
import type { EncodingName, Reply } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  method: string;
  url: URL;
  /** Values of `:name` segments in the route's path. */
  params: Record<string, string>;
  /** The request's headers, lowercased names (routes/dashboards.ts checks DD-APPLICATION-KEY). Never log them. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** The JSON body, decoded and parsed (routes with `jsonBody`); otherwise undefined. */
  body: unknown;
  /** Epoch ms from the intake's clock. */
  nowMs: number;
  store: IntakeStore;
  faults: FaultController;
}

export interface Route {
  method: HttpMethod;
  /** `/api/v1/dashboard/:id` style; `:name` matches one segment. */
  path: string;
  /**
   * `datadog`: a Datadog API path: DD-API-KEY checked, faults and the down switch apply, size limits apply, logged in
   * the request log. `control`: the intake's own paths, always answered.
   */
  kind: 'datadog' | 'control';
  /** Content-Encodings accepted for the body; identity only when absent. */
  encodings?: readonly EncodingName[];
  /** Parse the body as JSON (400 when it is not). */
  jsonBody?: boolean;
  handle(context: RouteContext): Reply | Promise<Reply>;
}

export type RouteMatch =
  | { found: true; route: Route; params: Record<string, string> }
  | { found: false; reason: 'no_path' | 'wrong_method' };

export class Router {
  readonly #routes: Route[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      if (this.#routes.some((existing) => existing.method === route.method && existing.path === route.path)) {
        throw new Error(`route ${route.method} ${route.path} is already registered`);
      }
      this.#routes.push(route);
    }
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    let pathFound = false;
    for (const route of this.#routes) {
      const params = matchPath(route.path, pathname);
      if (!params) continue;
      pathFound = true;
      if (route.method === method) return { found: true, route, params };
    }
    return { found: false, reason: pathFound ? 'wrong_method' : 'no_path' };
  }

  list(): Array<Pick<Route, 'method' | 'path' | 'kind'>> {
    return this.#routes.map(({ method, path, kind }) => ({ method, path, kind }));
  }
}

/** Params when `pathname` fits the `pattern`, else undefined. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const actual = got[i] as string;
    if (segment.startsWith(':') && actual.length > 0) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}
