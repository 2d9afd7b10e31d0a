/** configOnce: one load per cold start, a failure logged, thrown and not kept, forget() loads again. */
import { configOnce } from '../../forwarder/config-once.js';

function recorder() {
  const errors: Array<[string, Record<string, unknown>]> = [];
  return { errors, logger: { error: (message: string, attributes: Record<string, unknown>) => errors.push([message, attributes]) } };
}

it('loads once and shares the result between invocations', async () => {
  let loads = 0;
  const { logger, errors } = recorder();
  const config = configOnce('Poller', async () => ({ load: ++loads }), logger);
  const [a, b] = await Promise.all([config.get(), config.get()]);
  expect(await config.get()).toBe(a);
  expect(b).toBe(a);
  expect(loads).toBe(1);
  expect(errors).toEqual([]);
});

it('logs "<lambda> configuration is invalid", rethrows, and loads again next time', async () => {
  let loads = 0;
  const { logger, errors } = recorder();
  const config = configOnce(
    'Replay',
    async () => {
      loads++;
      if (loads === 1) throw new Error('FAILURE_BUCKET is not set');
      return 'fixed';
    },
    logger,
  );
  await expect(config.get()).rejects.toThrow('FAILURE_BUCKET is not set');
  expect(errors).toEqual([['Replay configuration is invalid', { error: 'FAILURE_BUCKET is not set' }]]);
  expect(await config.get()).toBe('fixed');
  expect(loads).toBe(2);
});

it('forget() makes the next get() load again', async () => {
  let loads = 0;
  const config = configOnce('Forwarder', async () => ++loads, recorder().logger);
  expect(await config.get()).toBe(1);
  config.forget();
  expect(await config.get()).toBe(2);
  expect(await config.get()).toBe(2);
});
