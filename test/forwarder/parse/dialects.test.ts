/**
 * The JSON metric dialects parse reads beside MONITORING lines: datadog-lambda points and Embedded Metric Format
 * objects, raw, after a runtime prefix, and as a JSON log record's message; and how a line meant as a metric but
 * unreadable is counted (never silent). The exact bytes each real client writes are exercised in test/forwarder/
 * clients/; these lines are written here so each rule has a test that can fail on its own.
 */
import { parseBatch } from '../../../forwarder/parse/index.js';
import { FORWARDER_FILTER_TERMS } from '../../../forwarder/subscriber/filter-pattern.js';
import type { LogBatch } from '../../../forwarder/types.js';
import { RequestIds, T0 } from '../fixtures/lines.js';
import { EVENT_MS, parseMessages } from './helpers.js';

const id = RequestIds.a;
const nodePrefix = `2025-01-15T12:00:00.100Z\t${id}\tINFO\t`;
const jsonRecord = (message: unknown) => JSON.stringify({ timestamp: '2025-01-15T12:00:00.100Z', level: 'INFO', requestId: id, message });

/** datadog-lambda-js: JSON.stringify({e, m, t, v}) + '\n' through process.stdout.write (dist/metrics/metric-log.js). */
const nodePoint = JSON.stringify({ e: T0, m: 'orders.placed', t: ['env:prod', 'dd_lambda_layer:datadog-nodev24.0.0'], v: 2 });
/** datadog_lambda (Python): ujson.dumps({m, v, e, t}) through print (datadog_lambda/metric.py). */
const pythonPoint = `{"m":"checkout.latency","v":250.5,"e":${T0},"t":["tier:Gold","dd_lambda_layer:datadog-python312_8.113.0"]}`;

const emfObject = {
  _aws: {
    Timestamp: T0 * 1000 + 250,
    CloudWatchMetrics: [
      { Namespace: 'Shop/Orders', Dimensions: [['service', 'plan'], ['service']], Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }, { Name: 'CartValue', Unit: 'None', StorageResolution: 1 }] },
    ],
  },
  service: 'checkout',
  plan: 'pro',
  OrdersPlaced: [2, 3],
  CartValue: 49.9,
  requestId: 'not-a-tag',
};
const emf = JSON.stringify(emfObject);

const summary = (messages: readonly string[]) => {
  const parsed = parseMessages(messages);
  return {
    points: parsed.metrics.map((p) => [p.name, p.type, p.value, p.timestamp, p.tags.join(',')]),
    rejected: parsed.rejections.map((r) => [r.dialect, r.reason]),
  };
};

describe('datadog-lambda points become distribution points (the histogram path)', () => {
  it.each([
    ['Node, raw stdout (keys e, m, t, v)', nodePoint],
    ['Node, after the console text prefix', nodePrefix + nodePoint],
    ['JSON log format, as the message string', jsonRecord(nodePoint)],
    ['JSON log format, as a logged object', jsonRecord(JSON.parse(nodePoint))],
  ])('%s', (_, line) => {
    expect(summary([line])).toEqual({ points: [['orders.placed', 'histogram', 2, T0, 'dd_lambda_layer:datadog-nodev24.0.0,env:prod']], rejected: [] });
  });

  it.each([
    ['Python, raw print (keys m, v, e, t)', pythonPoint],
    ['Python, after the logging prefix', `[INFO]\t2025-01-15T12:00:00.100Z\t${id}\t${pythonPoint}`],
    ['Python json.dumps spacing', pythonPoint.replaceAll('":', '": ').replaceAll(',"', ', "')],
  ])('%s: tags normalised like a MONITORING line', (_, line) => {
    expect(summary([line]).points).toEqual([['checkout.latency', 'histogram', 250.5, T0, 'dd_lambda_layer:datadog-python312_8.113.0,tier:gold']]);
  });

  it('takes 13-digit milliseconds as seconds, and the log event time when e is missing', () => {
    const parsed = parseMessages(['{"m":"a.b","v":1,"e":1736942400123,"t":[]}', '{"m":"a.c","v":1,"t":[]}']);
    expect(parsed.metrics.map((p) => p.timestamp)).toEqual([T0, Math.floor(EVENT_MS / 1000)]);
  });

  it.each([
    ['{"m":"9lives","v":1,"e":1736942400,"t":[]}', 'bad_name'],
    ['{"m":"a.b","v":"many","e":1736942400,"t":[]}', 'bad_value'],
    ['{"m":"a.b","v":null,"e":1736942400,"t":[]}', 'bad_value'],
    ['{"m":"a.b","v":1,"e":0,"t":[]}', 'bad_timestamp'],
    ['{"m":"a.b","v":1,"e":1736942400,"t":666}', 'malformed'],
    ['{"m":"a.b","v":1,"e":17369', 'malformed'],
    [`${nodePrefix}{"m":"a.b","v":1,"e":1736942400,"t":["${'x'.repeat(70_000)}`, 'malformed'],
  ])('counts %.60s as rejected (%s, dialect datadog_lambda)', (line, reason) => {
    expect(summary([line])).toEqual({ points: [], rejected: [['datadog_lambda', reason]] });
  });

  it('leaves JSON without both keys alone (not a metric): no point, no rejection', () => {
    expect(summary(['{"m":"just a log"}', `${nodePrefix}{"message":"v is fine"}`, jsonRecord({ m: 'x' })])).toEqual({ points: [], rejected: [] });
  });
});

describe('Embedded Metric Format', () => {
  it('reads every metric for every dimension set, each sample a value, dimensions as tags, properties not', () => {
    expect(summary([emf]).points).toEqual([
      ['shop.orders.orders_placed', 'histogram', 2, T0, 'plan:pro,service:checkout'],
      ['shop.orders.orders_placed', 'histogram', 3, T0, 'plan:pro,service:checkout'],
      ['shop.orders.orders_placed', 'histogram', 2, T0, 'service:checkout'],
      ['shop.orders.orders_placed', 'histogram', 3, T0, 'service:checkout'],
      ['shop.orders.cart_value', 'histogram', 49.9, T0, 'plan:pro,service:checkout'],
      ['shop.orders.cart_value', 'histogram', 49.9, T0, 'service:checkout'],
    ]);
  });

  it.each([
    ['raw (Powertools, aws-embedded-metrics in JSON log format)', emf],
    ['after the console text prefix (aws-embedded-metrics in text format)', nodePrefix + emf],
    ['as a JSON log record message', jsonRecord(emf)],
  ])('%s', (_, line) => {
    const parsed = parseMessages([line]);
    expect(parsed.metrics).toHaveLength(6);
    expect(parsed.linesParsed).toBe(1);
  });

  it('reads several directives in one object, a directive without dimensions untagged', () => {
    const object = { _aws: { Timestamp: T0 * 1000, CloudWatchMetrics: [
      { Namespace: 'A', Dimensions: [], Metrics: [{ Name: 'One' }] },
      { Namespace: 'B', Dimensions: [['Region']], Metrics: [{ Name: 'Two' }] },
    ] }, Region: 'eu-west-1', One: 1, Two: 2 };
    expect(summary([JSON.stringify(object)]).points).toEqual([['a.one', 'histogram', 1, T0, ''], ['b.two', 'histogram', 2, T0, 'region:eu-west-1']]);
  });

  it('names metrics by EMF_NAMESPACE_RULE=metric when asked', () => {
    const batch: LogBatch = { owner: '1', logGroup: '/aws/lambda/f', logStream: 's', functionName: 'f', events: [{ id: '0', timestamp: EVENT_MS, message: emf }] };
    expect(new Set(parseBatch(batch, { emfNamespaceRule: 'metric' }).metrics.map((p) => p.name))).toEqual(new Set(['OrdersPlaced', 'CartValue']));
  });

  it('counts what it cannot read, and keeps the rest of the object', () => {
    const object = { _aws: { Timestamp: T0 * 1000, CloudWatchMetrics: [
      { Namespace: 'Shop', Dimensions: [['service'], ['missing']], Metrics: [{ Name: 'Good' }, { Name: 'Bad' }, { Name: 'Empty' }, { Unit: 'Count' }] },
    ] }, service: 'api', Good: 1, Bad: 'x', Empty: [] };
    expect(summary([JSON.stringify(object)])).toEqual({
      points: [['shop.good', 'histogram', 1, T0, 'service:api']],
      rejected: [['emf', 'malformed'], ['emf', 'bad_value'], ['emf', 'bad_value'], ['emf', 'malformed']],
    });
  });

  it.each([
    ['{"_aws":{"Timestamp":1736942400000}}', 'malformed'],
    ['{"_aws":"yes"}', 'malformed'],
    ['{"_aws":{"Timestamp":"soon","CloudWatchMetrics":[]}}', 'bad_timestamp'],
    ['{"_aws":{"Timestamp":1736942400000,"CloudWatchMetrics":[{"Namespace":"9/x","Metrics":[{"Name":"M"}]}]},"M":1}', 'bad_name'],
    ['{"_aws":{"Timestamp":1736942400000,"CloudWatchMetrics":[{"Namespace":"Shop","Metrics":[{"Name":"Cut"}', 'malformed'],
  ])('counts %s as rejected (%s, dialect emf)', (line, reason) => {
    expect(summary([line])).toEqual({ points: [], rejected: [['emf', reason]] });
  });
});

describe('names reserved for the forwarder (issue 11.2), in every dialect', () => {
  it.each([
    ['MONITORING', `MONITORING|${T0}|1|count|aws.lambda.invocations|#env:prod`, 'monitoring'],
    ['MONITORING after a prefix', `${nodePrefix}MONITORING|${T0}|5|count|forwarder.points_shipped`, 'monitoring'],
    ['datadog-lambda (its own enhanced metric)', `{"e":${T0},"m":"aws.lambda.enhanced.invocations","t":[],"v":1}`, 'datadog_lambda'],
    ['EMF after the namespace rule', JSON.stringify({ _aws: { Timestamp: T0 * 1000, CloudWatchMetrics: [{ Namespace: 'AWS/Lambda', Dimensions: [[]], Metrics: [{ Name: 'Errors' }] }] }, Errors: [1, 1] }), 'emf'],
  ])('%s: rejected once with reason reserved_name', (_, line, dialect) => {
    const parsed = parseMessages([line]);
    expect(parsed.metrics).toEqual([]);
    expect(parsed.rejections.map((r) => [r.dialect, r.reason])).toEqual([[dialect, 'reserved_name']]);
    expect(parsed.rejections[0]?.detail).toMatch(/belongs to the forwarder/);
  });

  it('reserves the configured platform prefix, and only names under it', () => {
    const batch: LogBatch = { owner: '1', logGroup: '/aws/lambda/f', logStream: 's', functionName: 'f', events: [
      { id: '0', timestamp: EVENT_MS, message: `MONITORING|${T0}|1|count|acme.lambda.errors` },
      { id: '1', timestamp: EVENT_MS, message: `MONITORING|${T0}|1|count|acme.lambdas.errors` },
      { id: '2', timestamp: EVENT_MS, message: `MONITORING|${T0}|1|count|aws.lambdaish.x` },
    ] };
    const parsed = parseBatch(batch, { metricPrefix: 'acme.lambda' });
    expect(parsed.metrics.map((p) => p.name)).toEqual(['acme.lambdas.errors', 'aws.lambdaish.x']);
    expect(parsed.rejections.map((r) => r.reason)).toEqual(['reserved_name']);
  });
});

describe('one batch mixing every dialect', () => {
  it('reads each line by its own dialect, platform lines as before', () => {
    const parsed = parseMessages([
      `MONITORING|${T0}|1|count|orders.placed|#env:prod`, nodePoint, pythonPoint, emf, nodePrefix + emf,
      `REPORT RequestId: ${id}\tDuration: 5.20 ms\tBilled Duration: 6 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`,
    ]);
    expect(parsed.metrics).toHaveLength(1 + 1 + 1 + 6 + 6);
    expect(parsed.linesParsed).toBe(5);
    expect(parsed.reports).toHaveLength(1);
    expect(parsed.rejections).toEqual([]);
  });
});

test('the subscription filter pattern lets every dialect line through', () => {
  const lines = [nodePoint, pythonPoint, emf, nodePrefix + emf, jsonRecord(emf), jsonRecord(nodePoint)];
  expect(lines.filter((line) => !FORWARDER_FILTER_TERMS.some((term) => line.includes(term)))).toEqual([]);
});
