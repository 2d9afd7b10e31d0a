/**
 * The metric names, checked against what Datadog writes itself and against the README that documents them.
 *
 * Datadog's AWS integration fills these `aws.lambda.*` names from CloudWatch (its AWS Lambda integration page,
 * "Metrics"; wire-formats §8), and Datadog's own log-derived Lambda metrics are the `aws.lambda.enhanced.*`
 * distributions below (its "Enhanced Lambda metrics" page, and its Lambda extension's list, which adds
 * `memorysize`). A name sent with another type than Datadog's own would break one of the two in every graph.
 */
import { readFileSync } from 'node:fs';
import { ReservedMetricPrefix } from '../../emitter/constants.js';
import { durationIn, metricUnits, NamingPrefix, PlatformNaming, platformNames, platformNamingFrom, reservedMetricPrefixes, ForwarderMetric } from '../../forwarder/metric-names.js';

const INTEGRATION = [
  'invocations', 'errors', 'duration', 'throttles', 'iterator_age', 'concurrent_executions', 'memorysize', 'timeout',
  'dead_letter_errors', 'provisioned_concurrency_invocations', 'unreserved_concurrent_executions', 'async_event_age',
].map((name) => `aws.lambda.${name}`);
const DATADOG_ENHANCED_DISTRIBUTIONS = [
  'invocations', 'errors', 'duration', 'billed_duration', 'init_duration', 'max_memory_used', 'estimated_cost', 'timeouts',
  'out_of_memory', 'memorysize',
].map((name) => `aws.lambda.enhanced.${name}`);

const enhanced = platformNames();
const legacy = platformNames(PlatformNaming.AwsLambda);

test("the default naming is Datadog's enhanced metrics: every one of Datadog's names, in seconds", () => {
  expect(enhanced.naming).toBe('enhanced');
  expect(Object.values(enhanced.platform)).toEqual(expect.arrayContaining(DATADOG_ENHANCED_DISTRIBUTIONS));
  expect(enhanced.durationUnit).toBe('second');
  expect(enhanced.platform.RestoreDuration).toBe('aws.lambda.enhanced.restore_duration');
});

test("under the default naming no name is one the AWS integration writes, and none is both a distribution and a series", () => {
  const all = [...Object.values(enhanced.platform), ...Object.values(enhanced.cloudwatch)];
  for (const name of all) expect(INTEGRATION).not.toContain(name);
  const distributions = new Set(Object.values(enhanced.platform));
  for (const series of Object.values(enhanced.cloudwatch)) {
    expect(distributions.has(series)).toBe(false);
    expect(DATADOG_ENHANCED_DISTRIBUTIONS).not.toContain(series);
  }
});

test('the aws_lambda naming keeps the first names (and would meet the integration: the README says so)', () => {
  expect(legacy.platform.Duration).toBe('aws.lambda.duration');
  expect(legacy.platform.MemorySize).toBe('aws.lambda.memory_size');
  expect(legacy.cloudwatch.Throttles).toBe('aws.lambda.throttles');
  expect(legacy.durationUnit).toBe('millisecond');
  expect(INTEGRATION).toContain(legacy.platform.Duration);
});

test('every metric of a naming has a unit; durations the naming\'s', () => {
  const units = metricUnits(enhanced);
  expect(Object.keys(units).sort()).toEqual([...Object.values(enhanced.platform), ...Object.values(enhanced.cloudwatch)].sort());
  expect(units).toMatchObject({ [enhanced.platform.Duration]: 'second', [enhanced.platform.MaxMemoryUsed]: 'mebibyte', [enhanced.platform.EstimatedCost]: 'dollar', [enhanced.cloudwatch.IteratorAge]: 'millisecond' });
  expect(metricUnits(legacy)[legacy.platform.InitDuration]).toBe('millisecond');
});

test('a prefix replaces only the prefix', () => {
  expect(platformNames('enhanced', 'acme.fn').platform.Duration).toBe('acme.fn.duration');
  expect(platformNames('aws_lambda', 'acme.fn').platform.MemorySize).toBe('acme.fn.memory_size');
  expect(NamingPrefix[enhanced.naming]).toBe(enhanced.prefix);
});

test('namings are read case-insensitively; anything else is refused', () => {
  expect(platformNamingFrom(' AWS_LAMBDA ')).toBe('aws_lambda');
  expect(platformNamingFrom('datadog')).toBeUndefined();
});

test('durations: milliseconds to seconds without float noise', () => {
  expect(durationIn('second', 46.84)).toBe(0.04684);
  expect(durationIn('second', 1.317)).toBe(0.001317);
  expect(durationIn('millisecond', 46.84)).toBe(46.84);
});

test("forwarder/README.md's metric tables name every platform and poller metric of both namings", () => {
  const readme = readFileSync(new URL('../../forwarder/README.md', import.meta.url), 'utf8');
  const metrics = readme.slice(readme.indexOf('## Metrics'));
  for (const names of [enhanced, legacy]) {
    for (const name of [...Object.values(names.platform), ...Object.values(names.cloudwatch)]) {
      expect({ name, documented: metrics.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    }
  }
});

test('every name the forwarder writes is under a prefix the emitter refuses, so no function can forge one', () => {
  const underReserved = (name: string) => Object.values(ReservedMetricPrefix).some((prefix) => name.startsWith(prefix));
  for (const naming of [enhanced, legacy]) {
    for (const name of [...Object.values(naming.platform), ...Object.values(naming.cloudwatch)]) expect(underReserved(name)).toBe(true);
  }
  for (const name of Object.values(ForwarderMetric)) expect(underReserved(name)).toBe(true);
  for (const prefix of Object.values(NamingPrefix)) expect(underReserved(`${prefix}.`)).toBe(true);
  expect(reservedMetricPrefixes('acme.lambda')).toEqual([...Object.values(ReservedMetricPrefix), 'acme.lambda.']);
});
