/** The failure store's pure parts: object keys, records that round-trip byte for byte, and expiry. */
import { dropExpired } from '../../../forwarder/failures/expiry.js';
import { encodePayload, objectKeys, readRecord, toRecord } from '../../../forwarder/failures/record.js';
import { buildPayloads } from '../../../forwarder/ship/payloads.js';
import type { Payload } from '../../../forwarder/ship/types.js';
import type { Outbound } from '../../../forwarder/types.js';

const NOW = 1_800_000_000;
const outbound: Outbound = {
  distributions: [{ metric: 'aws.lambda.invocations', type: 'distribution', points: [[NOW - 3_700, [2]], [NOW - 60, [1, 1]]], tags: ['functionname:a'] }],
  series: [{ metric: 'queue.depth', type: 3, points: [{ timestamp: NOW - 3_601, value: 4 }, { timestamp: NOW - 10, value: 5 }], tags: ['q:x'] }],
  checks: [
    { check: 'db.up', status: 0, tags: [], timestamp: NOW - 7_200, host_name: '' },
    { check: 'db.up', status: 2, tags: [], timestamp: NOW - 5, host_name: '' },
  ],
};
const payloads = (): Payload[] => buildPayloads(outbound).payloads;
const context = { batchId: 'req-1', functionName: 'checkout', storedAt: NOW * 1000, reasons: ['attempts_exhausted (network)'] };

test('keys: deterministic per batch and content; another batch or another payload is another key', () => {
  const [dist, series] = payloads();
  const first = objectKeys('failed/', [dist!, series!], 'req-1');
  expect(objectKeys('failed/', [dist!, series!], 'req-1')).toEqual(first);
  expect(first[0]).toMatch(/^failed\/distributions\/[0-9a-f]{64}\.json$/);
  expect(first[1]).toMatch(/^failed\/series\/[0-9a-f]{64}\.json$/);
  // Byte-identical payloads from two invocations are two data points: two keys.
  expect(objectKeys('failed/', [dist!], 'req-2')[0]).not.toBe(first[0]);
  // The same payload twice in one call (not expected) still makes two objects.
  const twice = objectKeys('failed/', [dist!, dist!], 'req-1');
  expect(twice[0]).toBe(first[0]);
  expect(twice[1]).toBe(first[0]!.replace('.json', '-1.json'));
});

test('a record gives back the exact body and items that would have been sent', () => {
  for (const payload of payloads()) {
    const record = toRecord(payload, context);
    expect(record).toMatchObject({ version: 1, kind: payload.kind, batchId: 'req-1', functionName: 'checkout', pointCount: payload.pointCount });
    const read = readRecord(JSON.stringify(record));
    if (!read.ok) throw new Error(read.problem);
    expect(read.payload.body.equals(payload.body)).toBe(true);
    expect(read.payload.items).toEqual(payload.items);
    expect(read.payload.pointCount).toBe(payload.pointCount);
    expect(encodePayload({ kind: payload.kind, items: payload.items } as never).body.equals(payload.body)).toBe(true);
  }
  expect(toRecord(payloads()[0]!, context).endpoint).toBe('/api/v1/distribution_points');
});

test('anything else is refused with a reason, never thrown', () => {
  const good = toRecord(payloads()[1]!, context);
  expect(readRecord('{nope')).toEqual({ ok: false, problem: 'not JSON' });
  expect(readRecord('null')).toEqual({ ok: false, problem: 'not an object' });
  expect(readRecord(JSON.stringify({ ...good, version: 2 }))).toEqual({ ok: false, problem: 'unknown version 2' });
  expect(readRecord(JSON.stringify({ ...good, endpoint: '/api/v1/series' }))).toMatchObject({ ok: false });
  expect(readRecord(JSON.stringify({ ...good, body: Buffer.from('not gzip').toString('base64') }))).toEqual({ ok: false, problem: 'body does not decode' });
});

test('expiry: points over an hour old are taken out and counted per value; what is left stays intact', () => {
  const [dist, series, checks] = payloads();
  const d = dropExpired(dist!, NOW);
  expect(d.expired).toBe(1);
  expect(d.items.items).toEqual([{ ...outbound.distributions[0], points: [[NOW - 60, [1, 1]]] }]);
  const s = dropExpired(series!, NOW);
  expect(s.expired).toBe(1);
  expect(s.items.items[0]).toMatchObject({ points: [{ timestamp: NOW - 10, value: 5 }] });
  const c = dropExpired(checks!, NOW);
  expect(c.expired).toBe(1);
  expect(c.items.items).toEqual([outbound.checks[1]]);
  // Everything stale: nothing left.
  const all = dropExpired(dist!, NOW + 7_200);
  expect(all).toEqual({ items: { kind: 'distributions', items: [] }, expired: 3 });
});
