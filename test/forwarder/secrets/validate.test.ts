/**
 * validateApiKey against the local Datadog intake (intake/): the real answer shapes, 403 for a wrong key, and faults
 * (5xx, dropped connection) that must give "unknown" rather than "invalid".
 */
import { startIntake } from '../../../intake/index.js';
import type { Intake } from '../../../intake/index.js';
import { validateApiKey, validateApiKeyOnce } from '../../../forwarder/secrets/api-key.js';

const GOOD = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const BAD = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
let intake: Intake;

beforeAll(async () => {
  intake = await startIntake({ port: 0, apiKeys: [GOOD] });
});
afterAll(async () => {
  await intake?.stop();
});
afterEach(() => intake.faults.clear());

test('a key the intake accepts is valid', async () => {
  expect(await validateApiKey(intake.url, GOOD)).toEqual({ status: 'valid' });
});

test('a key the intake refuses (403) is invalid, and the detail does not quote the key', async () => {
  const result = await validateApiKey(intake.url, BAD);
  expect(result.status).toBe('invalid');
  expect(JSON.stringify(result)).not.toContain(BAD);
});

test('a 5xx or a dropped connection is unknown, not invalid (shipping is not blocked on a hiccup)', async () => {
  intake.faults.inject({ kind: 'status', status: 503, endpoint: '/api/v1/validate' });
  expect((await validateApiKey(intake.url, GOOD)).status).toBe('unknown');
  intake.faults.inject({ kind: 'drop', endpoint: '/api/v1/validate' });
  expect((await validateApiKey(intake.url, GOOD)).status).toBe('unknown');
});

test('a timeout is unknown', async () => {
  intake.faults.inject({ kind: 'delay', delayMs: 2000, endpoint: '/api/v1/validate' });
  expect((await validateApiKey(intake.url, GOOD, { timeoutMs: 100 })).status).toBe('unknown');
});

test('validateApiKeyOnce asks once per process for a definite answer, again after an unknown one', async () => {
  // Each base URL is its own cache entry; a query string keeps this test apart from the others.
  const base = `${intake.url}/?once`;
  intake.faults.inject({ kind: 'status', status: 500, endpoint: '/api/v1/validate' });
  expect((await validateApiKeyOnce(base, GOOD)).status).toBe('unknown');
  expect((await validateApiKeyOnce(base, GOOD)).status).toBe('valid'); // asked again: the 500 was not remembered
  intake.faults.inject({ kind: 'status', status: 403, endpoint: '/api/v1/validate' });
  expect((await validateApiKeyOnce(base, GOOD)).status).toBe('valid'); // remembered: the 403 fault was never reached
  expect(intake.faults.pending()).toHaveLength(1);
});

test('200 with {"valid":false} is invalid', async () => {
  // The intake never answers this way (an accepted key is valid), so a stub fetch stands in for a strange server.
  const stub = (async () => new Response('{"valid":false}', { status: 200 })) as typeof fetch;
  expect((await validateApiKey(intake.url, GOOD, { fetch: stub })).status).toBe('invalid');
});
