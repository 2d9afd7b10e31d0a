/** The pure parts of datadog:apply: the subset comparison, the plan, and the settings read from the environment. */
import { contains, planStep } from '../../dashboards/plan.js';
import { datadogBaseUrl, metricNamingFrom, metricPrefixFrom, readKeys } from '../../dashboards/settings.js';

describe('contains (every field we define has the same value remotely)', () => {
  test('fields the server adds are ignored; values we set must match', () => {
    expect(contains({ a: 1, id: 'x', nested: { b: [1, 2], extra: true } }, { a: 1, nested: { b: [1, 2] } })).toBe(true);
    expect(contains({ a: 2 }, { a: 1 })).toBe(false);
    expect(contains({}, { a: 1 })).toBe(false);
    expect(contains({ a: '1' }, { a: 1 })).toBe(false);
  });
  test('arrays must have the same length and match element by element', () => {
    expect(contains({ w: [{ t: 1, id: 5 }, { t: 2, id: 6 }] }, { w: [{ t: 1 }, { t: 2 }] })).toBe(true);
    expect(contains({ w: [{ t: 1 }, { t: 2 }] }, { w: [{ t: 1 }] })).toBe(false);
    expect(contains({ w: [{ t: 2 }, { t: 1 }] }, { w: [{ t: 1 }, { t: 2 }] })).toBe(false);
    expect(contains({ w: { 0: 'a' } }, { w: ['a'] })).toBe(false);
  });
});

describe('planStep', () => {
  const desired = { kind: 'monitor' as const, key: 'k', title: 'K', wire: { query: 'q', tags: ['a'] } };
  test('create when nothing remote carries the key', () => {
    expect(planStep(desired, [])).toMatchObject({ action: 'create', duplicateIds: [] });
  });
  test('unchanged or update against the oldest copy; other copies reported, not touched', () => {
    const same = { id: 12, wire: { query: 'q', tags: ['a'], id: 12 } };
    const other = { id: 9, wire: { query: 'old', tags: ['a'] } };
    expect(planStep(desired, [same])).toMatchObject({ action: 'unchanged', id: 12 });
    expect(planStep(desired, [same, other])).toMatchObject({ action: 'update', id: 9, duplicateIds: [12] });
  });
});

describe('settings', () => {
  test('DD_SITE picks the API host; DD_URL overrides it, plain http only to loopback', () => {
    expect(datadogBaseUrl({})).toBe('https://api.datadoghq.com');
    expect(datadogBaseUrl({ DD_SITE: 'datadoghq.eu' })).toBe('https://api.datadoghq.eu');
    expect(datadogBaseUrl({ DD_URL: 'http://127.0.0.1:8126/' })).toBe('http://127.0.0.1:8126');
    expect(datadogBaseUrl({ DD_URL: 'http://localhost:9' })).toBe('http://localhost:9');
    expect(datadogBaseUrl({ DD_URL: 'https://proxy.example.com/dd/' })).toBe('https://proxy.example.com/dd');
    expect(() => datadogBaseUrl({ DD_URL: 'http://10.0.0.1' })).toThrow(/http is allowed only to a loopback address/);
    expect(() => datadogBaseUrl({ DD_URL: 'ftp://127.0.0.1' })).toThrow(/must use https/);
    expect(() => datadogBaseUrl({ DD_SITE: 'datadoghq.example' })).toThrow(/DD_SITE must be a Datadog site/);
  });
  test('keys: both or neither; errors name the variable, never the value', () => {
    expect(readKeys({})).toBeUndefined();
    expect(readKeys({ DD_API_KEY: 'a', DD_APP_KEY: 'b' })).toEqual({ apiKey: 'a', appKey: 'b' });
    const secret = 'abcdef0123456789abcdef0123456789';
    const messageOf = (env: NodeJS.ProcessEnv): string => {
      try {
        readKeys(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'did not throw';
    };
    expect(messageOf({ DD_API_KEY: secret })).toMatch(/DD_APP_KEY is not/);
    expect(messageOf({ DD_APP_KEY: secret })).toMatch(/DD_API_KEY is not/);
    expect(messageOf({ DD_API_KEY: secret }) + messageOf({ DD_APP_KEY: secret })).not.toContain(secret);
  });
  test('metric naming: flag over env over the default (enhanced), and validated', () => {
    expect(metricNamingFrom({})).toBe('enhanced');
    expect(metricNamingFrom({ PLATFORM_METRIC_NAMING: 'aws_lambda' })).toBe('aws_lambda');
    expect(metricNamingFrom({ PLATFORM_METRIC_NAMING: 'aws_lambda' }, 'enhanced')).toBe('enhanced');
    expect(() => metricNamingFrom({}, 'datadog')).toThrow(/not one of enhanced, aws_lambda/);
  });
  test('metric prefix: flag over env, else none (the naming\'s own), and validated', () => {
    expect(metricPrefixFrom({})).toBeUndefined();
    expect(metricPrefixFrom({ METRIC_PREFIX: 'acme.fn' })).toBe('acme.fn');
    expect(metricPrefixFrom({ METRIC_PREFIX: 'acme.fn' }, 'flag.fn')).toBe('flag.fn');
    expect(() => metricPrefixFrom({}, '9bad')).toThrow(/not a valid/);
  });
});
