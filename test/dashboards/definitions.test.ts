/**
 * The dashboard and monitor definitions: each one passes the Datadog client's models and the intake's Datadog rules,
 * every metric they query is a name from the metric-names modules, and the panels the project promises are there.
 */
import { readFileSync } from 'node:fs';
import { buildDefinitions, DefinitionError, toWire, type Wire } from '../../dashboards/definitions.js';
import { keyFromDashboardDescription, keyFromMonitorTags } from '../../dashboards/managed.js';
import { knownMetricNames, metricCatalog } from '../../dashboards/metrics.js';
import { Thresholds } from '../../dashboards/options.js';
import { metricsIn } from '../../dashboards/queries.js';
import { ForwarderMetric } from '../../forwarder/metric-names.js';
import { dashboardProblems, monitorProblems } from '../../intake/routes/dashboards.js';
import { PipelineMetric } from '../../pipeline/metric-names.js';

const options = { notify: [] };
/** The names under the default naming (Datadog's enhanced metrics). */
const catalog = metricCatalog();
const P = catalog.platform;
const defs = buildDefinitions(options);
const [dashboard] = defs.dashboards;

/** Every query string in a wire object (`q`, `query`) and every service check name (`check`). */
function queriesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(queriesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    (k === 'q' || k === 'query') && typeof v === 'string' ? [v] : queriesIn(v),
  );
}
function checksIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(checksIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'check' && typeof v === 'string' ? [v] : checksIn(v)));
}
function widgetsIn(wire: Wire): Wire[] {
  return ((wire.widgets as Wire[] | undefined) ?? []).flatMap((w) => [w, ...widgetsIn(w.definition as Wire)]);
}
const allQueries = [...defs.dashboards, ...defs.monitors].flatMap((d) => queriesIn(d.wire));
const queriedMetrics = new Set(allQueries.flatMap(metricsIn));

test('every definition passes the client models and the intake\'s Datadog rules', () => {
  expect(defs.dashboards).toHaveLength(1);
  for (const d of defs.dashboards) expect(dashboardProblems(d.wire)).toEqual([]);
  for (const m of defs.monitors) expect({ key: m.key, problems: monitorProblems(m.wire) }).toEqual({ key: m.key, problems: [] });
});

test('the validator refuses what Datadog would, naming the definition', () => {
  const badEnum = { type: 'not a monitor type', query: 'x' } as never;
  expect(() => toWire('monitor', 'broken', badEnum)).toThrow(DefinitionError);
  expect(() => toWire('monitor', 'broken', badEnum)).toThrow(/monitor broken .*unknown enum value/);
  const missing = { title: 'no widgets', layoutType: 'ordered' } as never;
  expect(() => toWire('dashboard', 'empty', missing)).toThrow(/missing required property 'widgets'/);
  const typo = { ...dashboard!.definition, widgetz: [] } as never;
  expect(() => toWire('dashboard', 'typo', typo)).toThrow(/typo.widgetz is not a field of the Dashboard model/);
  const deepTypo = { ...dashboard!.definition, widgets: [{ definition: { type: 'note', content: 'x', colour: 'red' } }] } as never;
  expect(() => toWire('dashboard', 'deep', deepTypo)).toThrow(/deep.widgets\[0\].definition.colour|unexpected attribute colour/);
});

test('every metric queried is a name from the metric-names modules', () => {
  const known = knownMetricNames(catalog);
  expect(queriedMetrics.size).toBeGreaterThan(20);
  for (const name of queriedMetrics) expect({ name, known: known.has(name) }).toEqual({ name, known: true });
  for (const check of checksIn(dashboard!.wire)) expect(Object.values(PipelineMetric)).toContain(check);
});

test('the panels and monitors cover what the project promises', () => {
  const promised = [
    P.Invocations, P.Errors, P.Timeouts, P.OutOfMemory, P.Duration, P.BilledDuration, P.MaxMemoryUsed, P.MemorySize,
    P.EstimatedCost, P.InitDuration,
    ...Object.values(catalog.cloudwatch),
    ...Object.values(ForwarderMetric),
    PipelineMetric.Runs, PipelineMetric.Failures, PipelineMetric.RunDuration, PipelineMetric.BuildDuration,
  ];
  for (const name of promised) expect({ name, queried: queriedMetrics.has(name) }).toEqual({ name, queried: true });
  for (const pct of ['p50', 'p95', 'p99']) expect(allQueries).toContain(`${pct}:${P.Duration}{$functionname,$region,$aws_account}`);
  expect(defs.monitors.map((m) => m.key).sort()).toEqual([
    'forwarder-ambiguous-resends', 'forwarder-failures', 'forwarder-no-data', 'forwarder-rejected-lines', 'forwarder-store-errors',
    'lambda-error-rate', 'lambda-iterator-age', 'lambda-throttles', 'pipeline-failures',
  ]);
});

test('counts are summed as counts, percentiles only on distributions', () => {
  const counts: string[] = [P.Invocations, P.Errors, P.Timeouts, P.OutOfMemory];
  for (const q of allQueries) {
    for (const m of q.matchAll(/\bsum:([\w.]+)\{[^}]*\}(?: by \{[^}]*\})?(\.as_count\(\))?/g)) {
      if (counts.includes(m[1]!) || m[1]!.startsWith('forwarder.') || m[1]!.startsWith('pipeline.')) {
        expect({ query: q, asCount: m[2] }).toEqual({ query: q, asCount: '.as_count()' });
      }
    }
    for (const m of q.matchAll(/\bp\d\d:([\w.]+)\{/g)) {
      expect([P.Duration, P.BilledDuration, P.InitDuration, ForwarderMetric.Duration, ForwarderMetric.WorkDuration, ForwarderMetric.WaitDuration,
        PipelineMetric.RunDuration, PipelineMetric.BuildDuration]).toContain(m[1]);
    }
  }
});

test('template variables used in the queries are all defined', () => {
  const defined = (dashboard!.wire.template_variables as Array<{ name: string }>).map((v) => `$${v.name}`);
  const used = new Set(queriesIn(dashboard!.wire).flatMap((q) => q.match(/\$\w+/g) ?? []));
  expect(used.size).toBeGreaterThan(0);
  for (const v of used) expect(defined).toContain(v);
});

test('the metric prefix is applied everywhere and only to platform metrics', () => {
  const custom = buildDefinitions({ metricPrefix: 'acme.fn', notify: [] });
  const queries = [...custom.dashboards, ...custom.monitors].flatMap((d) => queriesIn(d.wire));
  const known = knownMetricNames(metricCatalog(undefined, 'acme.fn'));
  for (const name of queries.flatMap(metricsIn)) expect(known.has(name)).toBe(true);
  expect(queries.join('\n')).not.toContain('aws.lambda');
  expect(queries.join('\n')).toContain('sum:acme.fn.errors{');
  expect(queries.join('\n')).toContain('sum:forwarder.failures{');
});

test("by default nothing queried is a name Datadog's AWS integration writes: every aws.lambda.* name is aws.lambda.enhanced.*", () => {
  const awsLambda = [...queriedMetrics].filter((name) => name.startsWith('aws.lambda.'));
  expect(awsLambda.length).toBeGreaterThan(10);
  for (const name of awsLambda) expect(name).toMatch(/^aws\.lambda\.enhanced\./);
});

test('the naming is followed everywhere, units in the titles included: aws_lambda queries aws.lambda.* in ms, enhanced in s', () => {
  const legacy = buildDefinitions({ metricNaming: 'aws_lambda', notify: [] });
  const legacyQueries = [...legacy.dashboards, ...legacy.monitors].flatMap((d) => queriesIn(d.wire));
  const legacyKnown = knownMetricNames(metricCatalog('aws_lambda'));
  for (const name of legacyQueries.flatMap(metricsIn)) expect({ name, known: legacyKnown.has(name) }).toEqual({ name, known: true });
  expect(legacyQueries.join('\n')).toContain('p99:aws.lambda.duration{');
  expect(legacyQueries.join('\n')).not.toContain('aws.lambda.enhanced');
  const titles = (wire: Wire) => widgetsIn(wire).map((w) => String((w.definition as Wire).title ?? ''));
  expect(titles(legacy.dashboards[0]!.wire)).toContain('Duration p99 by function (ms)');
  expect(titles(dashboard!.wire)).toContain('Duration p99 by function (s)');
});

test('the dashboard draws the monitors\' thresholds', () => {
  const errorRate = defs.monitors.find((m) => m.key === 'lambda-error-rate')!;
  expect(errorRate.wire.query).toMatch(new RegExp(` > ${Thresholds.errorRatePercent.critical}$`));
  const markers = widgetsIn(dashboard!.wire).flatMap((w) => ((w.definition as Wire).markers as Array<{ value: string }>) ?? []);
  expect(markers.map((m) => m.value)).toContain(`y = ${Thresholds.errorRatePercent.critical}`);
});

test('each definition is stamped with its key and a version that follows its content', () => {
  expect(keyFromDashboardDescription(dashboard!.wire.description as string)).toBe('lambda-fleet');
  for (const m of defs.monitors) expect(keyFromMonitorTags(m.wire.tags as string[])).toBe(m.key);
  const again = buildDefinitions(options);
  expect(again.monitors.map((m) => m.wire.tags)).toEqual(defs.monitors.map((m) => m.wire.tags));
  const notified = buildDefinitions({ ...options, notify: ['@ops'] });
  for (const [i, m] of notified.monitors.entries()) {
    expect(m.wire.message).toMatch(/@ops$/);
    expect(m.wire.tags).not.toEqual(defs.monitors[i]!.wire.tags); // the version tag moved
  }
});

test('ambiguous resends alert at the first one, per endpoint and cause', () => {
  const resends = defs.monitors.find((m) => m.key === 'forwarder-ambiguous-resends')!;
  expect(resends.wire.query).toBe(`sum(last_1h):sum:${ForwarderMetric.AmbiguousResends}{*} by {endpoint,cause}.as_count() > 0`);
});

test("rejected lines: datadog-lambda's own reserved aws.lambda.enhanced.* lines are left out, and only they", () => {
  const rejected = defs.monitors.find((m) => m.key === 'forwarder-rejected-lines')!;
  // Datadog's boolean tag filter in word operators (NOT/OR cannot be mixed with the ! symbol): not (both tags).
  expect(rejected.wire.query).toBe(`sum(last_15m):sum:${ForwarderMetric.Rejected}{NOT reason:reserved_name OR NOT dialect:datadog_lambda} by {reason}.as_count() > 100`);
});

test('dashboards/README.md describes every panel and every monitor', () => {
  const readme = readFileSync(new URL('../../dashboards/README.md', import.meta.url), 'utf8');
  const titles = widgetsIn(dashboard!.wire).map((w) => (w.definition as Wire).title as string | undefined).filter((t) => t);
  expect(titles.length).toBeGreaterThan(25);
  for (const title of titles) expect({ title, described: readme.includes(`**${title}**`) }).toEqual({ title, described: true });
  for (const m of defs.monitors) expect({ key: m.key, described: readme.includes(`\`${m.key}\``) }).toEqual({ key: m.key, described: true });
});
