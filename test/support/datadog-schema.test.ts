import { checkDatadogPayload } from './datadog-schema.js';

const NOW = 1_780_000_000;

const goodSeries = {
  series: [
    {
      metric: 'aws.lambda.invocations',
      type: 1,
      points: [{ timestamp: NOW, value: 3 }],
      tags: ['env:prod'],
      resources: [{ name: 'fn', type: 'host' }],
      interval: 10,
    },
  ],
};
const goodDistributions = { series: [{ metric: 'checkout.latency', type: 'distribution', points: [[NOW, [1, 2.5]]], tags: ['env:prod'] }] };
const goodChecks = [{ check: 'forwarder.up', host_name: 'forwarder', status: 0, tags: ['env:prod'], timestamp: NOW, message: 'ok' }];

describe('checkDatadogPayload (the schema oracle)', () => {
  it('accepts a good payload of each kind', async () => {
    expect(await checkDatadogPayload('series', goodSeries)).toEqual({ valid: true, errors: [] });
    expect(await checkDatadogPayload('distribution_points', goodDistributions)).toEqual({ valid: true, errors: [] });
    expect(await checkDatadogPayload('check_run', goodChecks)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['series without a metric name', 'series', { series: [{ points: [{ timestamp: NOW, value: 1 }] }] }, /metric/],
    ['series type outside the enum', 'series', { series: [{ metric: 'm', type: 7, points: [] }] }, /\$\.series\[0\]\.type: 7/],
    ['series type as a word', 'series', { series: [{ metric: 'm', type: 'count', points: [] }] }, /"count"/],
    ['a millisecond-ish float timestamp', 'series', { series: [{ metric: 'm', points: [{ timestamp: NOW + 0.5, value: 1 }] }] }, /timestamp.*int64/],
    ['a value as a string', 'series', { series: [{ metric: 'm', points: [{ timestamp: NOW, value: '1' }] }] }, /number/],
    ['a typo in a field name', 'series', { series: [{ metric: 'm', points: [], tagz: [] }] }, /unknown field\(s\) tagz/],
    ['null for a required field', 'series', { series: [{ metric: null, points: [] }] }, /metric: null/],
    ['no series at all', 'series', {}, /series/],
    ['distribution type other than "distribution"', 'distribution_points', { series: [{ metric: 'm', type: 'gauge', points: [] }] }, /"gauge"/],
    ['distribution values not numbers', 'distribution_points', { series: [{ metric: 'm', points: [[NOW, ['x']]] }] }, /\["x"\]|"x"/],
    ['check without host_name', 'check_run', [{ check: 'c', status: 0, tags: [] }], /hostName|host_name/],
    ['check status outside 0-3', 'check_run', [{ check: 'c', host_name: 'h', status: 4, tags: [] }], /status: 4/],
    ['check runs not in an array', 'check_run', { check: 'c', host_name: 'h', status: 0, tags: [] }, /mismatch|Array/],
  ] as const)('rejects %s', async (_name, kind, payload, message) => {
    const result = await checkDatadogPayload(kind, payload);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(message);
  });

  it('lets unknown fields through when asked to, as Datadog itself does', async () => {
    const payload = { series: [{ metric: 'm', points: [], source_type_name: 'x', extra: 1 }] };
    expect((await checkDatadogPayload('series', payload)).valid).toBe(false);
    expect((await checkDatadogPayload('series', payload, { allowUnknownFields: true })).valid).toBe(true);
  });
});
