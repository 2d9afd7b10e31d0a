import { enrich } from '../../../forwarder/enrich/index.js';
import { forwarderTags, layerTags, parseTagList, platformOwnTags, versionOfLogStream } from '../../../forwarder/enrich/tags.js';
import { Monitoring } from '../fixtures/lines.js';
import { parseMessages } from '../parse/helpers.js';

const OWN = ['account_id:123456789012', 'functionname:checkout-api', 'region:us-east-1'];
/** What only platform metrics carry besides, for the fixtures' `$LATEST` log stream (Datadog's enhanced-metric tags). */
const PLATFORM_OWN = ['aws_account:123456789012', 'resource:checkout-api'];

describe('enrich', () => {
  it('adds functionname, region, account_id and DD_TAGS to custom metrics, keeping name and line tags', () => {
    const enriched = enrich(parseMessages([Monitoring.raw]), { region: 'us-east-1', ddTags: 'env:staging, Team:Payments ,,' });
    expect(enriched.metrics).toHaveLength(1);
    expect(enriched.metrics[0]?.name).toBe('orders.placed');
    // the line's env:prod is more specific than DD_TAGS' env:staging
    expect(enriched.metrics[0]?.tags).toEqual([...OWN, 'env:prod', 'team:payments', 'tier:gold'].sort());
  });

  it('overrides a line that sets functionname, region or account_id itself', () => {
    const enriched = enrich(parseMessages([Monitoring.forgedTags]), { region: 'us-east-1' });
    expect(enriched.metrics[0]?.tags).toEqual([...OWN, 'env:dev'].sort());
  });

  it('overrides the forwarder keys in DD_TAGS and function tags too', () => {
    const enriched = enrich(parseMessages([Monitoring.raw]), {
      region: 'us-east-1',
      ddTags: 'region:mars,functionname:x',
      functionTags: ['account_id:1', 'memorysize:1024'],
    });
    expect(enriched.platformTags).toEqual([...OWN, ...PLATFORM_OWN, 'memorysize:1024'].sort());
  });

  it('gives platform data the same tags, with per-function tags layered over DD_TAGS', () => {
    const enriched = enrich(parseMessages([]), { region: 'eu-west-1', ddTags: ['env:prod', 'team:a'], functionTags: ['team:b', 'architecture:arm64', 'runtime:nodejs24.x'] });
    expect(enriched.platformTags).toEqual(
      ['account_id:123456789012', 'architecture:arm64', 'aws_account:123456789012', 'env:prod', 'functionname:checkout-api', 'region:eu-west-1', 'resource:checkout-api', 'runtime:nodejs24.x', 'team:b'],
    );
  });

  it('names the published version that ran, from the log stream: resource:<fn>:<n> and executedversion:<n>', () => {
    const parsed = parseMessages([Monitoring.raw]);
    const enriched = enrich({ ...parsed, batch: { ...parsed.batch, logStream: '2025/01/15/[12]94fa867e5374431291a7fc14e2f56ae7' } }, { region: 'us-east-1' });
    expect(enriched.platformTags).toEqual([...OWN, 'aws_account:123456789012', 'executedversion:12', 'resource:checkout-api:12'].sort());
    // Custom metrics keep their own tags: these three belong to Datadog's enhanced metrics.
    expect(enriched.metrics[0]?.tags).toEqual([...OWN, 'env:prod', 'tier:gold'].sort());
  });

  it('never takes aws_account, resource, executedversion or cold_start from DD_TAGS or function tags', () => {
    const enriched = enrich(parseMessages([]), { region: 'us-east-1', ddTags: 'aws_account:1,resource:other,cold_start:true', functionTags: ['executedversion:9'] });
    expect(enriched.platformTags).toEqual([...OWN, ...PLATFORM_OWN].sort());
  });

  it('shares one tag array per distinct tag set (cheap for 10,000 lines)', () => {
    const enriched = enrich(parseMessages([Monitoring.raw, Monitoring.raw, Monitoring.check]), { region: 'us-east-1' });
    expect(enriched.metrics[0]?.tags).toBe(enriched.metrics[1]?.tags);
    expect(enriched.metrics[2]?.tags).not.toBe(enriched.metrics[0]?.tags);
  });
});

describe('tag helpers', () => {
  it('reads the version from a Lambda log stream name, and nothing from another', () => {
    expect(versionOfLogStream('2025/01/15/[$LATEST]94fa867e5374431291a7fc14e2f56ae7')).toBe('$LATEST');
    expect(versionOfLogStream('2025/01/15/[7]94fa867e5374431291a7fc14e2f56ae7')).toBe('7');
    expect(versionOfLogStream('my-own-stream')).toBeUndefined();
    expect(platformOwnTags({ functionName: 'fn', owner: '1', logStream: 'custom' })).toEqual(['aws_account:1', 'resource:fn']);
  });

  it('normalises the forwarder tags', () => {
    expect(forwarderTags('Checkout API', 'us-east-1', '123456789012')).toEqual(['functionname:checkout_api', 'region:us-east-1', 'account_id:123456789012']);
    expect(forwarderTags('fn', '', '1')).toEqual(['functionname:fn', 'account_id:1']);
  });

  it('parses DD_TAGS: comma separated, trimmed, normalised, empties dropped', () => {
    expect(parseTagList(' env:Prod , ,team:Pay Ments,')).toEqual(['env:prod', 'team:pay_ments']);
    expect(parseTagList(undefined)).toEqual([]);
  });

  it('layers: later keys replace earlier ones; several values of one key in one layer stay; keyless tags add up', () => {
    expect(layerTags([['env:prod', 'canary', 'team:a'], ['env:dev', 'env:qa', 'canary']])).toEqual(['canary', 'env:dev', 'env:qa', 'team:a']);
  });
});
