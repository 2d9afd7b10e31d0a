/**
 * The monitors, as v1.Monitor objects keyed by a stable name. Queries are built from the metric catalogue, thresholds
 * come from options.ts (the dashboard draws the same numbers as markers).
 */
import type { v1 } from '@datadog/datadog-api-client';
import { Managed, type Keyed } from './managed.js';
import { metricCatalog } from './metrics.js';
import { Thresholds, type DefinitionOptions } from './options.js';
import { RejectReason } from '../emitter/constants.js';
import { Dialect } from '../forwarder/types.js';
import { PipelineTag } from '../pipeline/metric-names.js';
import { countOf, aggregateOf, monitorQuery, percentOf } from './queries.js';

const byFunction = { by: ['functionname'] } as const;

/**
 * Seconds a monitor waits before evaluating a minute: log-derived metrics reach Datadog a minute or two after the
 * invocation (subscription delivery + forwarder); CloudWatch publishes Throttles/IteratorAge a minute or more late
 * and the poller reads them once a minute.
 */
const EvaluationDelay = { fromLogs: 120, fromCloudWatch: 300 } as const;

function message(what: string, action: string, notify: readonly string[]): string {
  const handles = notify.length > 0 ? `\n\n${notify.join(' ')}` : '';
  return `{{#is_alert}}${what}{{/is_alert}}{{#is_warning}}${what} (warning level){{/is_warning}}` +
    `{{#is_recovery}}Recovered: ${what}{{/is_recovery}}\n\n${action}${handles}`;
}

function monitor(
  key: string,
  fields: Pick<v1.Monitor, 'name' | 'query' | 'message'> & { options: v1.MonitorOptions; priority?: number },
): Keyed<v1.Monitor> {
  return {
    key,
    definition: {
      type: 'query alert',
      name: fields.name,
      query: fields.query,
      message: fields.message,
      priority: fields.priority ?? 3,
      options: { includeTags: true, requireFullWindow: false, notifyNoData: false, ...fields.options },
    },
  };
}

export function monitorDefinitions(options: DefinitionOptions): Keyed<v1.Monitor>[] {
  const m = metricCatalog(options.metricNaming, options.metricPrefix);
  const notify = options.notify;
  const errorRate = Thresholds.errorRatePercent;
  const iteratorAge = Thresholds.iteratorAgeMs;
  const rejected = Thresholds.rejectedLines;

  return [
    monitor('lambda-error-rate', {
      name: `[${Managed.by}] Lambda error rate above ${errorRate.critical}% on {{functionname.name}}`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_10m',
        query: percentOf(countOf(m.platform.Errors, byFunction), countOf(m.platform.Invocations, byFunction)),
        comparator: '>',
        critical: errorRate.critical,
      }),
      message: message(
        'Lambda {{functionname.name}} failed {{value}}% of its invocations in the last 10 minutes.',
        'Look at the function\'s logs for `Invoke Error`, `Task timed out` or `Runtime.OutOfMemory`; the dashboard ' +
          'splits errors into timeouts and out-of-memory.',
        notify,
      ),
      priority: 2,
      options: { thresholds: { critical: errorRate.critical, warning: errorRate.warning }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
    monitor('lambda-throttles', {
      name: `[${Managed.by}] Lambda throttled on {{functionname.name}}`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_5m',
        query: countOf(m.cloudwatch.Throttles, byFunction),
        comparator: '>',
        critical: 0,
      }),
      message: message(
        'Lambda {{functionname.name}} was throttled {{value}} times in 5 minutes: requests were refused before running.',
        'Raise its reserved concurrency or the account limit, or slow the caller. Throttled requests write no log: ' +
          'this figure comes from CloudWatch through the poller.',
        notify,
      ),
      priority: 2,
      options: { thresholds: { critical: 0 }, evaluationDelay: EvaluationDelay.fromCloudWatch },
    }),
    monitor('lambda-iterator-age', {
      name: `[${Managed.by}] Stream consumer falling behind on {{functionname.name}}`,
      query: monitorQuery({
        timeAggregation: 'max',
        window: 'last_15m',
        query: aggregateOf('max', m.cloudwatch.IteratorAge, byFunction),
        comparator: '>',
        critical: iteratorAge.critical,
      }),
      message: message(
        'Lambda {{functionname.name}} is reading records {{value}} ms old from its stream.',
        'The consumer is slower than the producer: check its errors (a failing batch is retried and blocks the ' +
          'shard), its duration, and its batch size / parallelization factor.',
        notify,
      ),
      options: {
        thresholds: { critical: iteratorAge.critical, warning: iteratorAge.warning },
        evaluationDelay: EvaluationDelay.fromCloudWatch,
      },
    }),
    monitor('forwarder-failures', {
      name: `[${Managed.by}] Forwarder could not deliver metrics to Datadog`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_10m',
        query: countOf(m.forwarder.Failures),
        comparator: '>',
        critical: 0,
      }),
      message: message(
        'The forwarder failed to deliver {{value}} payloads to Datadog in 10 minutes.',
        'Failed payloads are kept in the failure bucket and replayed on schedule; check the forwarder\'s logs for ' +
          'the HTTP status (403: API key; 413/400: payload; 429/5xx: Datadog side).',
        notify,
      ),
      priority: 2,
      options: { thresholds: { critical: 0 }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
    monitor('forwarder-store-errors', {
      name: `[${Managed.by}] Forwarder lost metrics: the failure bucket could not keep them`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_15m',
        query: countOf(m.forwarder.StoreErrors),
        comparator: '>',
        critical: 0,
      }),
      message: message(
        'The failure bucket could not keep {{value}} undelivered payloads in 15 minutes: their metrics are lost.',
        'Nothing will replay them. Check the forwarder\'s logs for the S3 error (access denied: its role or the ' +
          'bucket policy; no such bucket; throttling) and why delivery to Datadog failed in the first place.',
        notify,
      ),
      priority: 1,
      options: { thresholds: { critical: 0 }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
    monitor('forwarder-ambiguous-resends', {
      name: `[${Managed.by}] Forwarder resent payloads Datadog may already hold ({{endpoint.name}}, {{cause.name}})`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_1h',
        query: countOf(m.forwarder.AmbiguousResends, { by: ['endpoint', 'cause'] }),
        comparator: '>',
        critical: 0,
      }),
      message: message(
        'The forwarder resent {{value}} {{endpoint.name}} payloads in an hour after an attempt that got no answer once ' +
          'its body was sent ({{cause.name}}): Datadog may hold them twice, and distribution sums may be too high.',
        'cause:timeout: Datadog answered slower than the request\'s time limit (at least 20 s, ' +
          'FORWARDER_REQUEST_TIMEOUT_MS; never past the invocation\'s deadline): check the forwarder\'s duration ' +
          'against its Lambda timeout. cause:connection: the connection was cut after the body was sent (a proxy, ' +
          'the network). A healthy intake never causes one; a few after an incident are the price of not losing data.',
        notify,
      ),
      priority: 3,
      options: { thresholds: { critical: 0 }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
    monitor('forwarder-rejected-lines', {
      name: `[${Managed.by}] MONITORING lines rejected by the forwarder ({{reason.name}})`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_15m',
        // datadog-lambda (the Datadog Lambda library or extension, flushing to logs) writes its own
        // aws.lambda.enhanced.* lines into every function's log. The forwarder computes those from REPORT lines and
        // rejects the library's copies as reason:reserved_name, dialect:datadog_lambda: expected in every function
        // that uses the library, not a bug to page anyone about. That combination alone is left out (De Morgan:
        // NOT (a AND b)), in Datadog's word operators (symbols such as ! cannot be mixed with OR in one filter).
        query: countOf(m.forwarder.Rejected, { scope: `NOT reason:${RejectReason.ReservedName} OR NOT dialect:${Dialect.DatadogLambda}`, by: ['reason'] }),
        comparator: '>',
        critical: rejected.critical,
      }),
      message: message(
        'The forwarder rejected {{value}} lines in 15 minutes for reason {{reason.name}}.',
        'A function prints malformed MONITORING lines (bad name, value, type or timestamp): the forwarder\'s log ' +
          'names the log group and the first rejected line.',
        notify,
      ),
      priority: 4,
      options: { thresholds: { critical: rejected.critical, warning: rejected.warning }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
    monitor('forwarder-no-data', {
      name: `[${Managed.by}] No data from the forwarder`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_15m',
        query: countOf(m.forwarder.Batches),
        comparator: '<',
        critical: 1,
      }),
      message: message(
        `The forwarder has reported no batches for ${Thresholds.forwarderSilentMinutes} minutes.`,
        'Either nothing is subscribed to it (check the subscription filters and the subscriber), it cannot start ' +
          '(API key, permissions), or it cannot reach Datadog.',
        notify,
      ),
      priority: 2,
      options: {
        thresholds: { critical: 1 },
        notifyNoData: true,
        noDataTimeframe: Thresholds.forwarderSilentMinutes,
        evaluationDelay: EvaluationDelay.fromLogs,
      },
    }),
    monitor('pipeline-failures', {
      name: `[${Managed.by}] Build pipeline failed on {{repo.name}} {{branch.name}}`,
      query: monitorQuery({
        timeAggregation: 'sum',
        window: 'last_30m',
        query: countOf(m.pipeline.Failures, { by: [PipelineTag.Repo, PipelineTag.Branch] }),
        comparator: '>',
        critical: 0,
      }),
      message: message(
        'A build of {{repo.name}} ({{branch.name}}) failed in the last 30 minutes.',
        'The pipeline texted the outcome; the Step Functions execution shows the failed step and the CodeBuild log ' +
          'link. The dashboard\'s "Runs and failures" panel splits failures by step.',
        notify,
      ),
      priority: 3,
      options: { thresholds: { critical: 0 }, evaluationDelay: EvaluationDelay.fromLogs },
    }),
  ];
}
