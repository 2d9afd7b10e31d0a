/** Lambda: Notify and NotifyFailure. Event: NotifyEvent. Texts the outcome and returns the SNS message id. */
import middy from '@middy/core';
import { metric } from '../../emitter/index.js';
import { metricsMiddleware } from '../../emitter/middy.js';
import { snsClient } from '../clients/sns.js';
import { readNotifyEvent } from '../input.js';
import { notify, readNotifyTarget } from '../notify.js';
import type { NotifyResult } from '../types.js';

async function notifyHandler(event: unknown): Promise<NotifyResult> {
  const { outcome, run } = readNotifyEvent(event);
  return notify(outcome, run, { sns: snsClient.get(), target: () => readNotifyTarget(process.env), metrics: metric, now: new Date() });
}

export const handler = middy(notifyHandler).use(metricsMiddleware());
