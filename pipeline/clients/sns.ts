/** The one SNS call Notify makes, as an interface (tests use the real client against moto, or a fake). */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import { lazyClient } from './lazy.js';

export interface SnsApi {
  publish(input: PublishInput): Promise<PublishResponse>;
}

/** The real client; region, credentials and endpoint come from the Lambda environment. */
export function createSns(): SnsApi {
  const client = new SNSClient({});
  return { publish: (input) => client.send(new PublishCommand(input)) };
}

/** The client the handlers use. */
export const snsClient = lazyClient(createSns);
