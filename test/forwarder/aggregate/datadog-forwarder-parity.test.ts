/**
 * Peer parity: every enhanced-metric case of the Datadog Forwarder's own tests (fixtures/datadog-forwarder.ts), fed
 * through this forwarder's pipeline (parse → enrich → aggregate) with its default naming, gives the same metric names,
 * the same values in the same units (durations in seconds, memory in MB, cost in USD at the x86_64 price when the
 * architecture is unknown) and at least the same tags.
 *
 * Where this forwarder says more, on purpose: it also counts invocations and errors (the Datadog Forwarder leaves
 * them to the function's library) and sends the configured memory as `memorysize` (as Datadog's Lambda extension
 * does), tags every metric `account_id` and `resource` too, and tags errors, timeouts and out_of_memory with
 * `cold_start` and `memorysize` when the invocation's REPORT is in the batch.
 */
import { platformNames } from '../../../forwarder/metric-names.js';
import { processEvent } from '../../../forwarder/pipeline.js';
import type { DistributionSeries } from '../../../forwarder/types.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { datadogForwarderCases, datadogMalformedReport, datadogOutOfMemoryMessages, type PeerCase } from '../fixtures/datadog-forwarder.js';
import { T0 } from '../fixtures/lines.js';

const P = platformNames().platform;

function run(message: string, options: { functionName?: string; owner?: string; functionTags?: string[] } = {}): DistributionSeries[] {
  const event = toAwslogsEvent(dataPayload([message], { startMs: T0 * 1000, ...(options.functionName ? { functionName: options.functionName } : {}), ...(options.owner ? { owner: options.owner } : {}) }));
  return processEvent(event, { now: (T0 + 60) * 1000, region: 'us-east-1', functionTags: options.functionTags ?? [] }).outbound.distributions;
}

const valuesOf = (series: readonly DistributionSeries[]) => series.flatMap((d) => d.points.flatMap(([, values]) => values));

describe.each(datadogForwarderCases.map((c): [string, PeerCase] => [c.test, c]))('%s', (_test, peer) => {
  const ours = run(peer.message, peer);

  it.each(peer.expected.map((metric): [string, (typeof peer.expected)[number]] => [metric.name, metric]))('%s: same value and unit, the same tags', (_name, metric) => {
    const series = ours.filter((d) => d.metric === metric.name);
    expect(series).toHaveLength(1);
    const [value] = valuesOf(series);
    expect(valuesOf(series)).toHaveLength(1);
    expect(value).toBeCloseTo(metric.value, 12);
    expect(series[0]!.tags).toEqual(expect.arrayContaining(metric.tags));
  });

  it('the only metrics added to theirs are invocations, errors and memorysize', () => {
    const theirs = new Set(peer.expected.map((metric) => metric.name));
    const added = [...new Set(ours.map((d) => d.metric))].filter((name) => !theirs.has(name));
    for (const name of added) expect([P.Invocations, P.Errors, P.MemorySize]).toContain(name);
  });
});

describe('out-of-memory messages of each runtime (test_create_out_of_memory_enhanced_metric)', () => {
  it.each(Object.entries(datadogOutOfMemoryMessages))('%s: one out_of_memory, one error', (_runtime, message) => {
    const ours = run(message);
    expect(valuesOf(ours.filter((d) => d.metric === P.OutOfMemory))).toEqual([1]);
    expect(valuesOf(ours.filter((d) => d.metric === P.Errors))).toEqual([1]);
  });

  it('"Success!" is nothing', () => {
    expect(run('Success!')).toEqual([]);
  });
});

it('a line that only starts like a REPORT gives nothing (test_parse_metrics_from_report_log)', () => {
  expect(run(datadogMalformedReport)).toEqual([]);
});
