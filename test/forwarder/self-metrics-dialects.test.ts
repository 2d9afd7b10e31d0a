/** forwarder.rejected carries the dialect of every rejected metric line (issue 12.3); decode rejections carry none. */
import { mergeResults } from '../../forwarder/pipeline-merge.js';
import { processEvent } from '../../forwarder/pipeline.js';
import { rejectedCounts } from '../../forwarder/self-metrics.js';
import { dataPayload, toAwslogsEvent } from './fixtures/awslogs.js';
import { T0 } from './fixtures/lines.js';

test('counts by reason split by dialect; what no dialect claims keeps the reason alone', () => {
  expect(
    rejectedCounts({
      rejected: { bad_value: 4, reserved_name: 1, bad_gzip: 2 },
      rejectedByDialect: { monitoring: { bad_value: 1 }, emf: { bad_value: 2, reserved_name: 1 } },
    }),
  ).toEqual([
    { count: 1, tags: ['dialect:monitoring', 'reason:bad_value'] },
    { count: 2, tags: ['dialect:emf', 'reason:bad_value'] },
    { count: 1, tags: ['reason:bad_value'] },
    { count: 1, tags: ['dialect:emf', 'reason:reserved_name'] },
    { count: 2, tags: ['reason:bad_gzip'] },
  ]);
});

test('the pipeline fills both from one batch of every dialect', () => {
  const event = toAwslogsEvent(
    dataPayload([
      `MONITORING|${T0}|x|count|a.b`,
      `MONITORING|${T0}|1|count|forwarder.batches`,
      '{"m":"a.b","v":"many","e":1736942400,"t":[]}',
      '{"_aws":{"Timestamp":1736942400000}}',
    ]),
  );
  const { stats } = processEvent(event, { now: T0 * 1000, region: 'us-east-1' });
  expect(stats.rejected).toEqual({ bad_value: 2, reserved_name: 1, malformed: 1 });
  expect(stats.rejectedByDialect).toEqual({ monitoring: { bad_value: 1, reserved_name: 1 }, datadog_lambda: { bad_value: 1 }, emf: { malformed: 1 } });
});

test('several payloads merged (one Kinesis invocation) keep the dialects of their rejections', () => {
  const payload = () => toAwslogsEvent(dataPayload([`MONITORING|${T0}|x|count|a.b`, '{"_aws":"yes"}']));
  const results = [payload(), payload()].map((event) => processEvent(event, { now: T0 * 1000, region: 'us-east-1' }));
  expect(mergeResults(results).stats.rejectedByDialect).toEqual({ monitoring: { bad_value: 2 }, emf: { malformed: 2 } });
});
