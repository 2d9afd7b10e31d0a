import { afterAll, beforeAll } from '@jest/globals';
import { replaceClientsForTests } from '../../../pipeline/clients/index.js';
import { startMoto, type Moto } from '../../support/moto.js';

/** Sets environment variables for a test file and puts every one back afterwards (process.env itself is kept). */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const before = new Map(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Iterable<[string, string | undefined]>) => {
    for (const [key, value] of entries) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(Object.entries(values));
  return () => apply(before);
}

/** What a pipeline test file reads after its setup: the moto server its handlers talk to. */
export interface PipelineOnMoto {
  moto: Moto;
}

/**
 * For the whole test file: a moto server, and the environment the pipeline Lambdas have in AWS pointed at it (texts
 * to `phone`, no topic, no Docker input paths); afterwards the environment and the pipeline's clients put back and
 * moto stopped. Read moto through the returned object (it is set in beforeAll).
 */
export function pipelineOnMoto(phone: string): PipelineOnMoto {
  const current = {} as PipelineOnMoto;
  let restoreEnv: () => void = () => undefined;
  beforeAll(async () => {
    current.moto = await startMoto();
    restoreEnv = setEnv({
      AWS_ENDPOINT_URL: current.moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      NOTIFY_PHONE_NUMBER: phone,
      NOTIFY_TOPIC_ARN: undefined,
      DOCKER_INPUT_PATHS: undefined,
    });
  });
  afterAll(async () => {
    restoreEnv();
    replaceClientsForTests({});
    await current.moto?.stop();
  });
  return current;
}
