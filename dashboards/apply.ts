/**
 * One `datadog:apply` run: read what exists, plan, and (unless dry run) create or update. Steps run one at a time,
 * dashboards first; the first failure stops the run with the step named (earlier steps stay applied, and a rerun
 * picks up where it stopped, since every step is idempotent).
 */
import type { Definitions, Managed } from './definitions.js';
import { planStep, type Remote, type Step } from './plan.js';
import {
  createDashboard,
  createMonitor,
  describeApiError,
  readManagedDashboards,
  readManagedMonitors,
  updateDashboard,
  updateMonitor,
  type DatadogApis,
} from './remote.js';

export interface ApplyOptions {
  dryRun: boolean;
  /** Page size for the list calls (tests use a small one to exercise paging). */
  pageSize?: number;
}

export class ApplyError extends Error {
  override name = 'ApplyError';
}

async function execute(apis: DatadogApis, step: Step, item: Managed<unknown>): Promise<Step> {
  if (step.action === 'unchanged') return step;
  const body = item.definition as never;
  try {
    if (step.kind === 'dashboard') {
      if (step.action === 'create') return { ...step, id: await createDashboard(apis, body) };
      await updateDashboard(apis, step.id!, body);
    } else {
      if (step.action === 'create') return { ...step, id: await createMonitor(apis, body) };
      await updateMonitor(apis, step.id!, body);
    }
    return step;
  } catch (error) {
    throw new ApplyError(`${step.action} ${step.kind} ${step.key} failed: ${describeApiError(error)}`);
  }
}

export async function applyDefinitions(apis: DatadogApis, definitions: Definitions, options: ApplyOptions): Promise<Step[]> {
  let dashboards: Map<string, Remote[]>;
  let monitors: Map<string, Remote[]>;
  try {
    dashboards = await readManagedDashboards(apis, options.pageSize);
    monitors = await readManagedMonitors(apis, options.pageSize);
  } catch (error) {
    throw new ApplyError(`reading the existing dashboards and monitors failed: ${describeApiError(error)}`);
  }
  const items: Array<[Managed<unknown>, Remote[]]> = [
    ...definitions.dashboards.map((d): [Managed<unknown>, Remote[]] => [d, dashboards.get(d.key) ?? []]),
    ...definitions.monitors.map((m): [Managed<unknown>, Remote[]] => [m, monitors.get(m.key) ?? []]),
  ];
  const steps: Step[] = [];
  for (const [item, remotes] of items) {
    const step = planStep(item, remotes);
    steps.push(options.dryRun ? step : await execute(apis, step, item));
  }
  return steps;
}

/** One line per step and a summary, for people. Titles and ids only: nothing here can hold a key. */
export function report(steps: readonly Step[], dryRun: boolean): string[] {
  const verb = (a: Step['action']): string => (dryRun && a !== 'unchanged' ? `would ${a}` : a);
  const lines = steps.map((s) => {
    const id = s.id !== undefined ? ` (id ${s.id})` : '';
    const dup = s.duplicateIds.length > 0 ? `; duplicates left alone: ${s.duplicateIds.join(', ')}` : '';
    return `${verb(s.action).padEnd(12)} ${s.kind.padEnd(9)} ${s.key}${id}: ${s.title}${dup}`;
  });
  const count = (a: Step['action']): number => steps.filter((s) => s.action === a).length;
  const [created, updated, unchanged] = [count('create'), count('update'), count('unchanged')];
  lines.push(
    dryRun
      ? `dry run, nothing sent: ${created} to create, ${updated} to update, ${unchanged} unchanged`
      : `${created} created, ${updated} updated, ${unchanged} unchanged`,
  );
  return lines;
}
