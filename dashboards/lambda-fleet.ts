/**
 * The dashboard: the Lambda fleet (traffic, errors, latency, capacity, cost), the forwarder's own health and the
 * build pipeline. Template variables narrow the fleet panels to functions, regions or accounts; the forwarder and
 * pipeline panels ignore them (the forwarder is one function reporting on all the others; the pipeline's metrics are
 * its own custom metrics, tagged by repository and branch).
 */
import type { v1 } from '@datadog/datadog-api-client';
import type { Keyed } from './managed.js';
import { metricCatalog } from './metrics.js';
import { Thresholds, type DefinitionOptions } from './options.js';
import { aggregateOf, countOf, percentileOf, percentOf } from './queries.js';
import { checkStatus, group, note, queryValue, timeseries } from './widgets.js';
import { PipelineTag } from '../pipeline/metric-names.js';

export const LambdaFleetDashboard = {
  key: 'lambda-fleet',
  title: 'Lambda fleet and forwarder (lambda-dd-metrics)',
} as const;

/** Tags the forwarder puts on every platform metric; each becomes a template variable. */
const templateTags = ['functionname', 'region', 'aws_account'] as const;
const fleet = templateTags.map((t) => `$${t}`).join(',');
const perFunction = { scope: fleet, by: ['functionname'] } as const;
const whole = { scope: fleet } as const;
/** Every platform metric of an invocation carries cold_start:true|false: the cold invocations are the cold starts (SnapStart restores too). */
const coldStarts = { scope: `${fleet},cold_start:true` } as const;

function marker(value: number, label: string): v1.WidgetMarker {
  return { value: `y = ${value}`, label, displayType: 'error dashed' };
}

export function lambdaFleetDashboard(options: DefinitionOptions): Keyed<v1.Dashboard> {
  const { platform: p, cloudwatch: cw, forwarder: f, pipeline: pl, durationUnit: u } = metricCatalog(options.metricNaming, options.metricPrefix);

  const overview = group('Fleet at a glance', [
    queryValue('Invocations', [{ name: 'a', query: countOf(p.Invocations, whole), reduce: 'sum' }], {
      description: 'Invocations in the selected time frame, from the REPORT line every invocation writes.',
    }),
    queryValue('Errors', [{ name: 'a', query: countOf(p.Errors, whole), reduce: 'sum' }], {
      description: 'Failed invocations (unhandled errors, timeouts, out of memory, init failures), each counted once.',
      redAtOrAbove: 1,
    }),
    queryValue(
      'Error rate',
      [
        { name: 'a', query: countOf(p.Errors, whole), reduce: 'sum' },
        { name: 'b', query: countOf(p.Invocations, whole), reduce: 'sum' },
      ],
      {
        description: 'Errors divided by invocations over the whole time frame (a ratio of totals, not an average of ratios).',
        formula: '100 * a / b',
        precision: 2,
        unit: '%',
        redAtOrAbove: Thresholds.errorRatePercent.critical,
      },
    ),
    queryValue('Cold starts', [{ name: 'a', query: countOf(p.Invocations, coldStarts), reduce: 'sum' }], {
      description: 'Invocations that started a new execution environment (their REPORT carries Init Duration or Restore Duration).',
    }),
    queryValue('Throttles', [{ name: 'a', query: countOf(cw.Throttles, whole), reduce: 'sum' }], {
      description: 'Requests Lambda refused for lack of concurrency (from CloudWatch: a throttled request writes no log).',
      redAtOrAbove: 1,
    }),
    queryValue('Estimated cost', [{ name: 'a', query: countOf(p.EstimatedCost, whole), reduce: 'sum' }], {
      description: 'Request charge plus GB-seconds at the on-demand price of each function\'s architecture (us-east-1 list price).',
      precision: 2,
      unit: 'USD',
    }),
  ]);

  const traffic = group('Invocations and errors', [
    timeseries('Invocations by function', [{ q: countOf(p.Invocations, perFunction), display: 'bars' }], {
      description: 'Which functions carry the traffic, and when.',
    }),
    timeseries(
      'Errors by kind',
      [
        { q: countOf(p.Errors, whole), alias: 'all errors', display: 'bars' },
        { q: countOf(p.Timeouts, whole), alias: 'timeouts' },
        { q: countOf(p.OutOfMemory, whole), alias: 'out of memory' },
      ],
      { description: 'All failed invocations, and how many of them were timeouts or ran out of memory.' },
    ),
    timeseries(
      'Error rate by function (%)',
      [{ q: percentOf(countOf(p.Errors, perFunction), countOf(p.Invocations, perFunction)) }],
      {
        description: 'Share of each function\'s invocations that failed; the dashed lines are the monitor\'s thresholds.',
        markers: [
          marker(Thresholds.errorRatePercent.critical, 'error-rate monitor: critical'),
          marker(Thresholds.errorRatePercent.warning, 'error-rate monitor: warning'),
        ],
        yLabel: '%',
      },
    ),
  ]);

  const latency = group('Latency', [
    timeseries(
      `Duration p50 / p95 / p99 (${u})`,
      [
        { q: percentileOf('p50', p.Duration, whole), alias: 'p50' },
        { q: percentileOf('p95', p.Duration, whole), alias: 'p95' },
        { q: percentileOf('p99', p.Duration, whole), alias: 'p99' },
      ],
      { description: 'Percentiles over every invocation of the selected functions, computed by Datadog from the distribution (exact across all senders).' },
    ),
    timeseries(`Duration p99 by function (${u})`, [{ q: percentileOf('p99', p.Duration, perFunction) }], {
      description: 'The slowest 1 % of each function; compare with its timeout.',
    }),
    timeseries(
      'Cold starts and init duration',
      [
        { q: countOf(p.Invocations, { ...coldStarts, by: ['functionname'] }), alias: 'cold starts', display: 'bars' },
        { q: percentileOf('p95', p.InitDuration, whole), alias: `init duration p95 (${u})` },
      ],
      { description: 'How often each function starts cold, and how long its initialisation takes.' },
    ),
  ]);

  const capacity = group('Capacity', [
    timeseries('Throttles by function', [{ q: countOf(cw.Throttles, perFunction), display: 'bars' }], {
      description: 'Refused requests, from CloudWatch through the poller (a minute or two late). Any bar here is a lost or delayed request.',
    }),
    timeseries('Iterator age by function (ms)', [{ q: aggregateOf('max', cw.IteratorAge, perFunction) }], {
      description: 'For stream consumers: how old the records being read are. A rising line means the consumer falls behind.',
      markers: [marker(Thresholds.iteratorAgeMs.critical, 'iterator-age monitor: critical')],
    }),
    timeseries('Concurrent executions by function', [{ q: aggregateOf('max', cw.ConcurrentExecutions, perFunction) }], {
      description: 'Peak environments running at once; throttling starts where this meets the reserved or account limit.',
    }),
    timeseries(
      'Memory used, % of memory size',
      [{ q: percentOf(aggregateOf('max', p.MaxMemoryUsed, perFunction), aggregateOf('max', p.MemorySize, perFunction)) }],
      {
        description: 'Peak memory used against the configured size: near 100 % risks out-of-memory; far below, the function may be oversized (memory also buys CPU).',
        markers: [marker(Thresholds.memoryUsedPercentMarker, 'headroom running out')],
        yLabel: '%',
      },
    ),
  ]);

  const cost = group('Cost', [
    timeseries('Estimated cost by function (USD)', [{ q: countOf(p.EstimatedCost, perFunction), display: 'bars' }], {
      description: 'Where the money goes: requests plus GB-seconds per function. An estimate: free tier, Savings Plans and provisioned concurrency are not counted.',
    }),
    timeseries(
      `Billed vs measured duration p95 (${u})`,
      [
        { q: percentileOf('p95', p.Duration, whole), alias: 'duration p95' },
        { q: percentileOf('p95', p.BilledDuration, whole), alias: 'billed duration p95' },
      ],
      { description: 'Lambda bills whole milliseconds (and the init phase for some runtimes): the gap is what rounding costs.' },
    ),
  ]);

  const forwarder = group('Forwarder health', [
    note(
      'The forwarder\'s account of itself. Every log batch it receives should end as points shipped; ' +
        'rejected lines are bad MONITORING lines in some function, failures are payloads Datadog did not accept ' +
        '(kept for replay).',
    ),
    timeseries(
      'Batches and log events received',
      [
        { q: countOf(f.Batches), alias: 'batches', display: 'bars' },
        { q: countOf(f.Events), alias: 'log events' },
      ],
      { description: 'Subscription payloads and the log events inside them. A flat zero means nothing reaches the forwarder.' },
    ),
    timeseries(
      'Lines parsed and rejected',
      [
        { q: countOf(f.LinesParsed), alias: 'parsed' },
        { q: countOf(f.Rejected, { by: ['reason'] }), display: 'bars' },
      ],
      { description: 'MONITORING lines accepted, and lines refused by reason (malformed, bad value, bad name…).' },
    ),
    timeseries(
      'Points shipped and dropped',
      [
        { q: countOf(f.PointsShipped), alias: 'shipped' },
        { q: countOf(f.PointsDropped, { by: ['reason'] }), display: 'bars' },
      ],
      { description: 'Points sent to Datadog, and points dropped because Datadog would refuse them (more than an hour old or 10 minutes ahead).' },
    ),
    timeseries('Intake requests by status', [{ q: countOf(f.Requests, { by: ['endpoint', 'status'] }), display: 'bars' }], {
      description: 'Every HTTP request to the Datadog intake, by endpoint and status: 202 is good, 403 is the API key, 429/5xx are Datadog side.',
    }),
    timeseries(
      'Retries, failures and stored payloads',
      [
        { q: countOf(f.Retries), alias: 'retries' },
        { q: countOf(f.Failures), alias: 'failures', display: 'bars' },
        { q: countOf(f.Stored), alias: 'stored for replay' },
      ],
      { description: 'Retries are normal under load; failures are payloads that were not delivered and were kept for the replay function.' },
    ),
    timeseries(
      'Replay: delivered, expired and not stored',
      [
        { q: countOf(f.Replayed), alias: 'replayed', display: 'bars' },
        { q: countOf(f.Expired, { by: ['kind'] }), display: 'bars' },
        { q: countOf(f.StoreErrors), alias: 'could not be stored' },
      ],
      { description: 'Kept payloads the replay delivered later, points too old for Datadog by the time they were replayed, and payloads the failure bucket could not keep (lost).' },
    ),
    timeseries('Function tag lookups failed', [{ q: countOf(f.TagFetchErrors, { by: ['reason'] }), display: 'bars' }], {
      description: 'Failed lookups of the functions\' AWS tags (throttled, access denied, timeout): metrics still ship, without those tags.',
    }),
    timeseries('Poller read errors', [{ q: countOf(f.PollerErrors, { by: ['api', 'reason'] }), display: 'bars' }], {
      description: 'Failed CloudWatch, Lambda or tagging reads of the poller: throttles and iterator age go missing while these last.',
    }),
    timeseries(
      'Forwarder duration p50 / p95 / p99 (ms)',
      [
        { q: percentileOf('p50', f.Duration), alias: 'p50' },
        { q: percentileOf('p95', f.Duration), alias: 'p95' },
        { q: percentileOf('p99', f.Duration), alias: 'p99' },
      ],
      { description: 'Time per forwarder invocation; compare p99 with its timeout.' },
    ),
    timeseries(
      'Forwarder work and waiting per invocation, p95 (ms)',
      [
        { q: percentileOf('p95', f.WorkDuration), alias: 'work' },
        { q: percentileOf('p95', f.WaitDuration), alias: 'waiting' },
      ],
      { description: 'Work: decode to payloads ready to send, in process (what the benchmark times). Waiting: settings, function tags, the API key check and Datadog\'s answers.' },
    ),
  ]);

  const byStep = { by: [PipelineTag.Step] };
  const pipeline = group('Build pipeline', [
    checkStatus('Pipeline health', pl.Health, [PipelineTag.Repo, PipelineTag.Branch], 'The last run of each repository and branch: OK when the site was built, CRITICAL when any step failed.'),
    timeseries(
      'Runs and failures',
      [
        { q: countOf(pl.Runs), alias: 'runs', display: 'bars' },
        { q: countOf(pl.Failures, byStep), display: 'bars' },
      ],
      { description: 'Executions started by a push, and failed executions by the step that failed.' },
    ),
    timeseries(
      'Run duration p50 / p95 (s)',
      [
        { q: percentileOf('p50', pl.RunDuration, { by: [PipelineTag.Outcome] }) },
        { q: percentileOf('p95', pl.RunDuration, { by: [PipelineTag.Outcome] }) },
      ],
      { description: 'Push to text message: how long people wait for the outcome, for successful and failed runs.' },
    ),
    timeseries('Build duration p95 by kind (s)', [{ q: percentileOf('p95', pl.BuildDuration, { by: [PipelineTag.Kind, PipelineTag.Outcome] }) }], {
      description: 'CodeBuild time of the builder image and of the site, by outcome.',
    }),
    timeseries(
      'Image rebuilds, build polls and notifications',
      [
        { q: countOf(pl.DockerRebuilds), alias: 'image rebuilds', display: 'bars' },
        { q: countOf(pl.PollCount, { by: [PipelineTag.Kind] }) },
        { q: countOf(pl.Notifications, { by: [PipelineTag.Status] }), display: 'bars' },
      ],
      { description: 'How often the builder image is rebuilt (its inputs changed), how many status polls builds take, and whether the texts went out.' },
    ),
  ]);

  return {
    key: LambdaFleetDashboard.key,
    definition: {
      title: LambdaFleetDashboard.title,
      description:
        'Lambda functions seen through their logs (REPORT lines, errors, MONITORING lines) and CloudWatch ' +
        '(throttles, iterator age, concurrency), with the forwarder that ships them. Panels say what they show.',
      layoutType: 'ordered',
      reflowType: 'auto',
      templateVariables: templateTags.map((name) => ({ name, prefix: name, defaults: ['*'] })),
      widgets: [overview, traffic, latency, capacity, cost, forwarder, pipeline],
    },
  };
}
