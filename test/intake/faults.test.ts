/** Fault injection, programmatic and over HTTP: statuses, delays, late answers, dropped connections, and the down switch. */
import type { Intake } from '../../intake/index.js';
import { ControlPath, DatadogPath } from '../../intake/index.js';
import { distributionPayload, getJson, post, seriesPayload, startTestIntake } from './helpers.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());
beforeEach(() => {
  intake.store.reset();
  intake.faults.clear();
});

const sendSeries = (value = 1) => post(intake, DatadogPath.series, seriesPayload('app.f', value));

/** fetch rejects when the connection is closed without an answer. */
async function expectConnectionDropped(request: Promise<unknown>): Promise<void> {
  await expect(request).rejects.toThrow(/fetch failed/);
}

describe('status faults', () => {
  it('429 for the next 2 series requests, with X-RateLimit-Reset, then normal again; other paths untouched', async () => {
    intake.faults.inject({ kind: 'status', status: 429, rateLimitResetSeconds: 7, times: 2, endpoint: DatadogPath.series });
    const first = await sendSeries(1);
    const other = await post(intake, DatadogPath.distributionPoints, distributionPayload('app.d', [1]));
    const second = await sendSeries(2);
    const third = await sendSeries(3);
    expect([first.status, other.status, second.status, third.status]).toEqual([429, 202, 429, 202]);
    expect(first.headers.get('x-ratelimit-reset')).toBe('7');
    expect(first.json).toEqual({ errors: ['Too many requests'] });
    expect(intake.store.seriesValues('app.f').map((point) => point.value)).toEqual([3]); // faulted bodies not stored
    expect(intake.store.requests(DatadogPath.series).map((record) => [record.status, record.fault])).toEqual([
      [429, 'status'],
      [429, 'status'],
      [202, undefined],
    ]);
  });

  it.each([400, 403, 413, 500, 503])('%i with a Datadog error body, even with a good key and payload', async (status) => {
    intake.faults.inject({ kind: 'status', status });
    const response = await sendSeries();
    expect(response.status).toBe(status);
    expect(response.json.errors).toHaveLength(1);
    expect(intake.store.seriesValues('app.f')).toEqual([]);
    expect((await sendSeries()).status).toBe(202);
  });

  it('a fault without an endpoint hits whichever Datadog path comes next, including validate', async () => {
    intake.faults.inject({ kind: 'status', status: 503 });
    const response = await fetch(intake.url + DatadogPath.validate, { headers: { 'DD-API-KEY': 'test-key' } });
    expect(response.status).toBe(503);
    expect((await sendSeries()).status).toBe(202);
  });

  it('refuses a fault it cannot apply', () => {
    expect(() => intake.faults.inject({ kind: 'status', status: 200 })).toThrow(/status must be one of/);
    expect(() => intake.faults.inject({ kind: 'delay', delayMs: -1 })).toThrow(/delayMs/);
    expect(() => intake.faults.inject({ kind: 'drop', times: 0 })).toThrow(/times/);
  });
});

describe('delay faults', () => {
  it('a delayed request still succeeds for a patient client', async () => {
    intake.faults.inject({ kind: 'delay', delayMs: 100 });
    expect((await sendSeries(5)).status).toBe(202);
    expect(intake.store.seriesSum('app.f')).toBe(5);
    expect(intake.store.requests()[0]).toMatchObject({ status: 202, fault: 'delay' });
  });

  it('a client with a shorter timeout than the delay gives up; the next request is served at once', async () => {
    intake.faults.inject({ kind: 'delay', delayMs: 20_000 });
    const impatient = fetch(intake.url + DatadogPath.series, {
      method: 'POST',
      headers: { 'DD-API-KEY': 'test-key' },
      body: JSON.stringify(seriesPayload('app.f', 1)),
      signal: AbortSignal.timeout(300),
    });
    await expect(impatient).rejects.toThrow(/aborted|timeout/i);
    expect((await sendSeries(2)).status).toBe(202);
  });
});

describe('late answers (stored on receipt, answered late)', () => {
  it('a client that gives up first got no answer, yet the payload is stored; a resend stores it again', async () => {
    intake.faults.inject({ kind: 'late_answer', delayMs: 20_000, endpoint: DatadogPath.distributionPoints });
    const impatient = fetch(intake.url + DatadogPath.distributionPoints, {
      method: 'POST',
      headers: { 'DD-API-KEY': 'test-key' },
      body: JSON.stringify(distributionPayload('app.d', [4])),
      signal: AbortSignal.timeout(500),
    });
    await expect(impatient).rejects.toThrow(/aborted|timeout/i);
    expect(intake.store.distributionValues('app.d')).toEqual([4]); // held without an answer
    expect((await post(intake, DatadogPath.distributionPoints, distributionPayload('app.d', [4]))).status).toBe(202);
    expect(intake.store.distributionValues('app.d')).toEqual([4, 4]);
  });

  it('a patient client gets the ordinary answer; the request log names the fault', async () => {
    intake.faults.inject({ kind: 'late_answer', delayMs: 100 });
    expect((await sendSeries(6)).status).toBe(202);
    expect(intake.store.seriesSum('app.f')).toBe(6);
    expect(intake.store.requests()[0]).toMatchObject({ status: 202, fault: 'late_answer' });
  });

  it('a rule without a usable delay is refused', () => {
    expect(() => intake.faults.inject({ kind: 'late_answer', delayMs: 1.5 })).toThrow(/delayMs/);
  });
});

describe('dropped connections', () => {
  it('the next N requests lose their connection without an answer, then normal again', async () => {
    intake.faults.inject({ kind: 'drop', times: 2 });
    await expectConnectionDropped(sendSeries());
    await expectConnectionDropped(sendSeries());
    expect((await sendSeries(9)).status).toBe(202);
    expect(intake.store.requests().map((record) => [record.status, record.fault])).toEqual([
      [0, 'drop'],
      [0, 'drop'],
      [202, undefined],
    ]);
    expect(intake.store.seriesSum('app.f')).toBe(9);
  });
});

describe('down and up', () => {
  it('down drops every Datadog request while the control paths keep answering; up restores service', async () => {
    intake.faults.down();
    await expectConnectionDropped(sendSeries());
    await expectConnectionDropped(fetch(intake.url + DatadogPath.validate, { headers: { 'DD-API-KEY': 'test-key' } }));
    expect((await getJson(intake, ControlPath.faults)).json).toEqual({ down: true, pending: [] });
    intake.faults.up();
    expect((await sendSeries()).status).toBe(202);
  });
});

describe('the same over HTTP', () => {
  const control = (path: string, method: string, body?: unknown) =>
    fetch(intake.url + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (response) => ({
      status: response.status,
      json: (await response.json()) as Record<string, unknown>,
    }));

  it('POST /_intake/faults queues rules (one or an array), GET lists them, DELETE clears them', async () => {
    const queued = await control(ControlPath.faults, 'POST', [
      { kind: 'status', status: 500, times: 2, endpoint: DatadogPath.series },
      { kind: 'drop' },
    ]);
    expect(queued).toEqual({
      status: 200,
      json: { down: false, pending: [{ kind: 'status', status: 500, times: 2, endpoint: DatadogPath.series }, { kind: 'drop', times: 1 }] },
    });
    expect((await sendSeries()).status).toBe(500);
    expect((await control(ControlPath.faults, 'GET')).json.pending).toHaveLength(2);
    expect((await control(ControlPath.faults, 'DELETE')).json).toEqual({ down: false, pending: [] });
    expect((await sendSeries()).status).toBe(202);
  });

  it('429 over HTTP carries the reset header', async () => {
    await control(ControlPath.faults, 'POST', { kind: 'status', status: 429, rateLimitResetSeconds: 3 });
    const response = await sendSeries();
    expect([response.status, response.headers.get('x-ratelimit-reset')]).toEqual([429, '3']);
  });

  it('a bad rule is refused with 400 and nothing is queued', async () => {
    const response = await control(ControlPath.faults, 'POST', [{ kind: 'drop' }, { kind: 'explode' }]);
    expect(response).toEqual({ status: 400, json: { errors: ['kind must be "status", "delay", "late_answer" or "drop"'] } });
    expect(intake.faults.pending()).toEqual([]);
  });

  it('a body that is not JSON is refused with 400', async () => {
    const response = await fetch(intake.url + ControlPath.faults, { method: 'POST', body: '{' });
    expect(response.status).toBe(400);
  });

  it('POST /_intake/down and /_intake/up switch the intake', async () => {
    expect((await control(ControlPath.down, 'POST')).json).toEqual({ down: true });
    await expectConnectionDropped(sendSeries());
    expect((await control(ControlPath.up, 'POST')).json).toEqual({ down: false });
    expect((await sendSeries()).status).toBe(202);
  });
});
