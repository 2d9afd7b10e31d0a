import {
  afterFailure,
  afterSuccess,
  architectureFromTags,
  classifyFetchError,
  DEFAULT_TAG_CACHE_POLICY as policy,
  functionArn,
  functionRefFromLogGroup,
  needsFetch,
  resourceTagsToDatadog,
  settingsToDatadog,
} from '../../../forwarder/enrich/function-tags-policy.js';

describe('which function a log group belongs to', () => {
  test('a Lambda log group keeps the name as written (ARNs are case-sensitive)', () => {
    const ref = functionRefFromLogGroup('/aws/lambda/Checkout-API_v2', '210987654321', 'eu-west-1');
    expect(ref).toEqual({ name: 'Checkout-API_v2', account: '210987654321', region: 'eu-west-1' });
    expect(functionArn(ref!)).toBe('arn:aws:lambda:eu-west-1:210987654321:function:Checkout-API_v2');
  });

  test.each(['/aws/ecs/thing', '/aws/lambda/', '/aws/lambda/us-east-1.edge-fn', 'API-Gateway-Execution-Logs_x/prod'])('%s is not one', (group) => {
    expect(functionRefFromLogGroup(group, '1', 'us-east-1')).toBeUndefined();
  });

  test('partition follows the region', () => {
    expect(functionArn({ name: 'f', account: '1', region: 'cn-north-1' })).toMatch(/^arn:aws-cn:/);
    expect(functionArn({ name: 'f', account: '1', region: 'us-gov-west-1' })).toMatch(/^arn:aws-us-gov:/);
  });
});

describe('AWS tags and settings as Datadog tags', () => {
  test('lowercased, normalised, sorted; an empty value gives the key alone', () => {
    expect(resourceTagsToDatadog({ Team: 'Payments', 'Cost Center': 'R&D 42', Critical: '', 'aws:cloudformation:stack-name': 'Shop' })).toEqual([
      'aws:cloudformation:stack-name:shop',
      'cost_center:r_d_42',
      'critical',
      'team:payments',
    ]);
  });

  test('a tag with nothing left after normalisation is dropped', () => {
    expect(resourceTagsToDatadog({ '???': '' })).toEqual([]);
  });

  test('settings become memorysize / architecture / runtime', () => {
    expect(settingsToDatadog({ memorySizeMb: 1024, architecture: 'arm64', runtime: 'nodejs24.x' })).toEqual([
      'architecture:arm64',
      'memorysize:1024',
      'runtime:nodejs24.x',
    ]);
    expect(settingsToDatadog({ memorySizeMb: 128, architecture: 'x86_64' })).toEqual(['architecture:x86_64', 'memorysize:128']);
    expect(architectureFromTags(['memorysize:128', 'architecture:arm64'])).toBe('arm64');
    expect(architectureFromTags(['team:x'])).toBeUndefined();
  });
});

describe('error kinds', () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);
  test.each([
    [named('ThrottlingException'), 'throttled'],
    [named('SomethingElse', { $retryable: { throttling: true } }), 'throttled'],
    [named('AccessDeniedException'), 'access_denied'],
    [named('TimeoutError'), 'timeout'],
    [named('InternalServiceException'), 'other'],
    ['not even an error', 'other'],
  ])('%p → %s', (error, kind) => {
    expect(classifyFetchError(error)).toBe(kind);
  });
});

describe('cache policy', () => {
  const t0 = 1_000_000;
  test('an answer is fresh for the TTL plus up to 10% jitter', () => {
    const low = afterSuccess(['a'], t0, policy, () => 0);
    const high = afterSuccess(['a'], t0, policy, () => 0.999999);
    expect(low.refreshAt).toBe(t0 + 300_000);
    expect(high.refreshAt).toBe(t0 + 300_000 + 29_999);
    expect(needsFetch(low, t0 + 299_999)).toBe(false);
    expect(needsFetch(low, t0 + 300_000)).toBe(true);
    expect(needsFetch(undefined, t0)).toBe(true);
  });

  test('errors keep the known tags and back off exponentially up to the cap', () => {
    let entry = afterSuccess(['team:a'], t0, policy, () => 0);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      entry = afterFailure(entry, 'throttled', t0, policy, () => 0);
      waits.push(entry.refreshAt - t0);
      expect(entry.tags).toEqual(['team:a']);
    }
    expect(waits).toEqual([15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
    expect(entry.failures).toBe(7);
    expect(afterSuccess(['team:b'], t0, policy, () => 0).failures).toBe(0);
  });

  test('access denied waits the maximum at once; a first error has no tags to keep', () => {
    const entry = afterFailure(undefined, 'access_denied', t0, policy, () => 0);
    expect(entry).toEqual({ tags: [], refreshAt: t0 + 300_000, failures: 1 });
  });
});
