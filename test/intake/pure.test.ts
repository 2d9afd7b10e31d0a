/** The intake's pure parts: statistics, tags, the timestamp window, path matching, the CLI's key sources. */
import { apiKeysFrom, describeRequest } from '../../intake/cli-args.js';
import { matchPath } from '../../intake/router.js';
import { percentile, summarise } from '../../intake/stats.js';
import { timestampVerdict } from '../../intake/store.js';
import { matchesTags, normaliseTagSet, parseTagFilter } from '../../intake/tags.js';
import { encodingOf } from '../../intake/body.js';
import { NOW_MS, NOW_S } from './helpers.js';

describe('percentile (nearest rank)', () => {
  it.each([
    [[1], 50, 1],
    [[1, 2], 50, 1],
    [[1, 2], 51, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 1],
  ])('%j p%i → %i', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarises an empty set as count 0 and NaN statistics (null in JSON)', () => {
    const stats = summarise([]);
    expect(stats.count).toBe(0);
    expect(stats.sum).toBe(0);
    expect(stats.p50).toBeNaN();
    expect(JSON.parse(JSON.stringify(stats)).max).toBeNull();
  });

  it('does not depend on the order values arrived in', () => {
    expect(summarise([5, 1, 4, 2, 3])).toEqual(summarise([1, 2, 3, 4, 5]));
  });
});

describe('tags', () => {
  it('normalise to lowercase, trimmed, de-duplicated and sorted', () => {
    expect(normaliseTagSet(['Env:Prod', ' b ', 'env:prod', '', 'a'])).toEqual(['a', 'b', 'env:prod']);
  });

  it('filters come as a string, an array or an object', () => {
    expect(parseTagFilter('fn:a,env:prod')).toEqual(['env:prod', 'fn:a']);
    expect(parseTagFilter(['fn:a'])).toEqual(['fn:a']);
    expect(parseTagFilter({ env: 'prod', cold: true })).toEqual(['cold:true', 'env:prod']);
    expect(parseTagFilter('')).toEqual([]);
  });

  it('a series matches when it carries every filter tag', () => {
    expect(matchesTags(['env:prod', 'fn:a'], ['fn:a'])).toBe(true);
    expect(matchesTags(['env:prod'], ['env:prod', 'fn:a'])).toBe(false);
    expect(matchesTags(['env:prod'], [])).toBe(true);
  });
});

describe('timestamp window', () => {
  it.each([
    [NOW_S, undefined],
    [NOW_S + 600, undefined],
    [NOW_S + 601, 'too_new'],
    [NOW_S - 3600, undefined],
    [NOW_S - 3601, 'too_old'],
    [NOW_MS, 'too_new'],
  ])('%i → %s', (timestamp, verdict) => {
    expect(timestampVerdict(timestamp, NOW_MS)).toBe(verdict);
  });
});

describe('Content-Encoding names', () => {
  it.each([
    [undefined, 'identity'],
    ['GZIP', 'gzip'],
    ['deflate', 'deflate'],
    ['zstd1', 'zstd'],
    ['zstd', 'zstd'],
    ['br', { unknown: 'br' }],
  ])('%s → %j', (header, expected) => {
    expect(encodingOf(header)).toEqual(expected);
  });
});

describe('matchPath', () => {
  it('matches fixed paths and :params, and nothing else', () => {
    expect(matchPath('/api/v2/series', '/api/v2/series')).toEqual({});
    expect(matchPath('/api/v1/monitor/:id', '/api/v1/monitor/42')).toEqual({ id: '42' });
    expect(matchPath('/api/v1/monitor/:id', '/api/v1/monitor/')).toBeUndefined();
    expect(matchPath('/api/v1/monitor/:id', '/api/v1/monitor/42/x')).toBeUndefined();
  });
});

describe('CLI helpers', () => {
  it('takes keys from --api-key, then INTAKE_API_KEYS, then DD_API_KEY, then test-key', () => {
    expect(apiKeysFrom(['a'], { INTAKE_API_KEYS: 'b', DD_API_KEY: 'c' })).toEqual({ keys: ['a'], source: '--api-key' });
    expect(apiKeysFrom([], { INTAKE_API_KEYS: 'b, d', DD_API_KEY: 'c' })).toEqual({ keys: ['b', 'd'], source: 'INTAKE_API_KEYS' });
    expect(apiKeysFrom([], { DD_API_KEY: ' c ' })).toEqual({ keys: ['c'], source: 'DD_API_KEY' });
    expect(apiKeysFrom([], {}).keys).toEqual(['test-key']);
  });

  it('describes a request without any key in it', () => {
    const line = describeRequest({ seq: 1, receivedAt: NOW_MS, method: 'POST', path: '/api/v2/series', status: 0, encoding: 'gzip', bytes: 10, apiKey: 'valid', fault: 'drop' });
    expect(line).toBe('POST /api/v2/series dropped gzip 10B key=valid fault=drop');
  });
});
