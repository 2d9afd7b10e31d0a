/**
 * An event no source recognises fails the invocation loudly: an error naming its shape, one ERROR log line, and
 * forwarder.rejected{reason:unrecognised_event} at the intake. (Before sources, such an event was a silent success.)
 */
import { createHandler, UnrecognisedEventError } from '../../../forwarder/handler.js';
import { ForwarderMetric } from '../../../forwarder/metric-names.js';
import { UNRECOGNISED_EVENT } from '../../../forwarder/sources/types.js';
import { forwarderEnv, FORWARDER_NAME, intakePerTest, lambdaContext, NOW_MS } from '../handler/support.js';

const local = intakePerTest();

it('an SQS event is refused with an error naming its shape, logged and counted', async () => {
  const handler = createHandler({ env: forwarderEnv(local.intake.url), now: () => NOW_MS });
  const sqs = { Records: [{ messageId: 'm-1', body: 'MONITORING|1736942400|1|count|orders.placed', eventSource: 'aws:sqs' }] };
  await expect(handler(sqs, lambdaContext())).rejects.toThrow(new UnrecognisedEventError('The forwarder cannot read this event: an object with keys [Records] (1 record from aws:sqs); it reads cloudwatch-subscription, kinesis events'));
  const errors = local.output.lines().filter((line) => line.level === 'ERROR');
  expect(errors.map((line) => line.message)).toEqual([expect.stringContaining('(1 record from aws:sqs)')]);
  expect(local.intake.store.distributionTotals(ForwarderMetric.Rejected, { functionname: FORWARDER_NAME, reason: UNRECOGNISED_EVENT }).sum).toBe(1);
  expect(local.intake.store.distributionValues('orders.placed')).toEqual([]);
});
