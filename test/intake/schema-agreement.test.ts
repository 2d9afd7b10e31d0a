/**
 * The intake and Datadog's published schema (the api-client models) agree on what is a valid payload: what one
 * accepts the other accepts. Guards the intake against drifting into a format of its own.
 */
import type { Intake } from '../../intake/index.js';
import { DatadogPath } from '../../intake/index.js';
import { checkDatadogPayload, type DatadogPayloadKind } from '../support/datadog-schema.js';
import { checkPayload, distributionPayload, NOW_S, post, seriesPayload, startTestIntake } from './helpers.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());

const PATHS: Record<DatadogPayloadKind, string> = {
  series: DatadogPath.series,
  distribution_points: DatadogPath.distributionPoints,
  check_run: DatadogPath.checkRun,
};

it.each<[string, DatadogPayloadKind, unknown, boolean]>([
  ['a count series', 'series', seriesPayload('m', 1, ['env:prod']), true],
  ['a gauge with a host resource', 'series', { series: [{ metric: 'm', type: 3, points: [{ timestamp: NOW_S, value: 1.5 }], resources: [{ name: 'h', type: 'host' }] }] }, true],
  ['a series type of 9', 'series', { series: [{ metric: 'm', type: 9, points: [] }] }, false],
  ['a series type as text', 'series', { series: [{ metric: 'm', type: 'gauge', points: [] }] }, false],
  ['a series without a name', 'series', { series: [{ points: [] }] }, false],
  ['a fractional timestamp', 'series', { series: [{ metric: 'm', points: [{ timestamp: NOW_S + 0.25, value: 1 }] }] }, false],
  ['distribution points', 'distribution_points', distributionPayload('d', [1, 2, 3], ['a:b']), true],
  ['a distribution typed gauge', 'distribution_points', { series: [{ metric: 'd', type: 'gauge', points: [] }] }, false],
  ['a distribution value that is text', 'distribution_points', { series: [{ metric: 'd', points: [[NOW_S, ['1']]] }] }, false],
  ['a check run', 'check_run', checkPayload('c', 1, ['a:b']), true],
  ['a check run without host_name', 'check_run', [{ check: 'c', status: 0, tags: [] }], false],
  ['a check run without tags', 'check_run', [{ check: 'c', host_name: 'h', status: 0 }], false],
  ['a check status of 4', 'check_run', [{ check: 'c', host_name: 'h', status: 4, tags: [] }], false],
])('%s: schema and intake both say valid=%s', async (_name, kind, payload, valid) => {
  const schema = await checkDatadogPayload(kind, payload, { allowUnknownFields: true });
  const response = await post(intake, PATHS[kind], payload);
  expect(schema.valid).toBe(valid);
  expect(response.status).toBe(valid ? 202 : 400);
});
