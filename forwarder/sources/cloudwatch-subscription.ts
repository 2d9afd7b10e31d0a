/**
 * The direct subscription source: CloudWatch Logs invokes the forwarder asynchronously with `{"awslogs":{"data":…}}`,
 * one log group's payload an invocation (wire-formats §2). Lambda retries a failed invocation twice, so a batch that
 * must come again is a thrown error; anything else answers the invocation's summary.
 */
import { decodeEvent } from '../decode/index.js';
import type { InvocationSummary } from '../handler-types.js';
import { isRecord } from './shape.js';
import { SourceName, type Source } from './types.js';

export const cloudWatchSubscription: Source<InvocationSummary> = {
  name: SourceName.CloudWatchSubscription,
  recognises: (event) => isRecord(event) && isRecord(event.awslogs),
  read: (event) => [{ decoded: decodeEvent(event) }],
  respond(_records, outcome) {
    if (outcome.redeliver) throw outcome.redeliver;
    return outcome.summary;
  },
};
