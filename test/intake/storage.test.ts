/** Datadog's storage semantics as the intake imitates them, driven over real HTTP. */
import type { Intake } from '../../intake/index.js';
import { DatadogPath } from '../../intake/index.js';
import { checkPayload, distributionPayload, NOW_MS, NOW_S, post, seriesPayload, startTestIntake } from './helpers.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());
beforeEach(() => intake.store.reset());

describe('timestamp window: 10 minutes ahead, 1 hour back', () => {
  it('keeps points at the edges, drops (with 202, counted) the ones just outside, keeps the good points beside them', async () => {
    const body = {
      series: [
        {
          metric: 'app.window',
          type: 1,
          points: [NOW_S + 600, NOW_S + 601, NOW_S - 3600, NOW_S - 3601, NOW_S].map((timestamp) => ({ timestamp, value: 1 })),
        },
      ],
    };
    const response = await post(intake, DatadogPath.series, body);
    expect(response.status).toBe(202); // Datadog accepts the request and silently drops the points
    expect(intake.store.seriesValues('app.window').map((point) => point.timestamp)).toEqual([NOW_S - 3600, NOW_S, NOW_S + 600]);
    expect(intake.store.droppedPoints('app.window')).toEqual([
      { metric: 'app.window', kind: 'count', timestamp: NOW_S + 601, reason: 'too_new' },
      { metric: 'app.window', kind: 'count', timestamp: NOW_S - 3601, reason: 'too_old' },
    ]);
  });

  it('a millisecond timestamp sent as seconds is far in the future: dropped (the known forwarder bug shows up here)', async () => {
    await post(intake, DatadogPath.series, seriesPayload('app.ms', 1, [], NOW_MS));
    expect(intake.store.seriesValues('app.ms')).toEqual([]);
    expect(intake.store.droppedPoints('app.ms')).toMatchObject([{ reason: 'too_new' }]);
  });

  it('applies to distributions too', async () => {
    const body = { series: [{ metric: 'app.d', points: [[NOW_S - 3601, [1, 2]], [NOW_S, [3]]] }] };
    expect((await post(intake, DatadogPath.distributionPoints, body)).status).toBe(202);
    expect(intake.store.distributionValues('app.d')).toEqual([3]);
    expect(intake.store.droppedPoints('app.d')).toEqual([{ metric: 'app.d', kind: 'distribution', timestamp: NOW_S - 3601, reason: 'too_old' }]);
  });

  it('follows the injected clock', async () => {
    const later = await startTestIntake({ now: () => NOW_MS + 2 * 3_600_000 });
    try {
      await post(later, DatadogPath.series, seriesPayload('app.clock', 1));
      expect(later.store.droppedPoints()).toMatchObject([{ reason: 'too_old' }]);
    } finally {
      await later.stop();
    }
  });
});

describe('series: one value per metric + tags + timestamp, the last one received wins', () => {
  it('two concurrent senders each sending count=3 for the same series and second end up as 3, not 6', async () => {
    const [a, b] = await Promise.all([
      post(intake, DatadogPath.series, seriesPayload('app.orders', 3, ['env:prod'])),
      post(intake, DatadogPath.series, seriesPayload('app.orders', 3, ['env:prod'])),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(intake.store.seriesValues('app.orders')).toHaveLength(1);
    expect(intake.store.seriesSum('app.orders')).toBe(3);
  });

  it('the later of two writes replaces the earlier', async () => {
    await post(intake, DatadogPath.series, seriesPayload('app.g', 10, [], NOW_S, 3));
    await post(intake, DatadogPath.series, seriesPayload('app.g', 4, [], NOW_S, 3));
    expect(intake.store.seriesValues('app.g').map((point) => point.value)).toEqual([4]);
  });

  it('different tag sets, seconds or hosts are different points; tag order and case are not', async () => {
    await post(intake, DatadogPath.series, seriesPayload('app.c', 1, ['env:prod', 'Team:A']));
    await post(intake, DatadogPath.series, seriesPayload('app.c', 2, ['team:a', 'env:prod'])); // same series: replaces
    await post(intake, DatadogPath.series, seriesPayload('app.c', 5, ['env:dev']));
    await post(intake, DatadogPath.series, seriesPayload('app.c', 7, ['env:prod', 'team:a'], NOW_S + 1));
    const withHost = { series: [{ metric: 'app.c', type: 1, points: [{ timestamp: NOW_S, value: 11 }], tags: ['env:prod', 'team:a'], resources: [{ name: 'h1', type: 'host' }] }] };
    await post(intake, DatadogPath.series, withHost);
    expect(intake.store.seriesValues('app.c').map(({ tags, timestamp, value }) => [tags.join(','), timestamp - NOW_S, value])).toEqual([
      ['env:dev', 0, 5],
      ['env:prod,host:h1,team:a', 0, 11],
      ['env:prod,team:a', 0, 2],
      ['env:prod,team:a', 1, 7],
    ]);
    expect(intake.store.seriesSum('app.c', 'env:prod,team:a')).toBe(2 + 7 + 11);
    expect(intake.store.seriesSum('app.c', { env: 'dev' })).toBe(5);
  });

  it('keeps the kind each series was sent as', async () => {
    await post(intake, DatadogPath.series, seriesPayload('app.rate', 0.5, [], NOW_S, 2));
    expect(intake.store.kindOf('app.rate')).toBe('rate');
  });
});

describe('distributions: every value from every sender, merged', () => {
  it('two concurrent senders for the same series and second: all values kept, stats over all of them', async () => {
    await Promise.all([
      post(intake, DatadogPath.distributionPoints, distributionPayload('app.latency', [1, 2, 3], ['env:prod'])),
      post(intake, DatadogPath.distributionPoints, distributionPayload('app.latency', [4, 5], ['env:prod'])),
    ]);
    expect(intake.store.distributionTotals('app.latency')).toEqual({
      count: 5, sum: 15, min: 1, max: 5, avg: 3, p50: 3, p75: 4, p90: 5, p95: 5, p99: 5,
    });
  });

  it('20 concurrent senders × 50 values: exact count, sum and nearest-rank percentiles', async () => {
    const senders = Array.from({ length: 20 }, (_, s) => Array.from({ length: 50 }, (_, i) => s * 50 + i + 1)); // 1..1000
    await Promise.all(senders.map((values) => post(intake, DatadogPath.distributionPoints, distributionPayload('app.many', values))));
    const totals = intake.store.distributionTotals('app.many');
    expect(totals).toMatchObject({ count: 1000, sum: 500_500, min: 1, max: 1000, p50: 500, p90: 900, p99: 990 });
  });

  it('statistics per timestamp and per tag filter', async () => {
    await post(intake, DatadogPath.distributionPoints, distributionPayload('app.t', [10, 20], ['fn:a'], NOW_S));
    await post(intake, DatadogPath.distributionPoints, distributionPayload('app.t', [30], ['fn:b'], NOW_S));
    await post(intake, DatadogPath.distributionPoints, distributionPayload('app.t', [40], ['fn:a'], NOW_S + 10));
    expect(intake.store.distributionOverTime('app.t').map(({ timestamp, count, sum }) => [timestamp - NOW_S, count, sum])).toEqual([
      [0, 3, 60],
      [10, 1, 40],
    ]);
    expect(intake.store.distributionTotals('app.t', ['fn:a'])).toMatchObject({ count: 3, sum: 70, max: 40 });
    expect(intake.store.distributionTotals('app.t', 'fn:c').count).toBe(0);
  });
});

describe('check runs: every run kept, latest status per check + tags', () => {
  it('keeps each run and reports the latest per check and tag set', async () => {
    await post(intake, DatadogPath.checkRun, checkPayload('app.up', 0, ['fn:a'], NOW_S - 20));
    await post(intake, DatadogPath.checkRun, checkPayload('app.up', 2, ['fn:a'], NOW_S - 10));
    await post(intake, DatadogPath.checkRun, checkPayload('app.up', 1, ['fn:b'], NOW_S - 15));
    await post(intake, DatadogPath.checkRun, checkPayload('app.other', 3, [], NOW_S));
    expect(intake.store.checkRuns('app.up').map((run) => run.status)).toEqual([0, 2, 1]);
    expect(intake.store.latestChecks('app.up').map(({ tags, status }) => [tags, status])).toEqual([
      [['fn:a'], 2],
      [['fn:b'], 1],
    ]);
    expect(intake.store.latestChecks(undefined, 'fn:a')).toHaveLength(1);
  });

  it('a run sent out of order does not replace a later one', async () => {
    await post(intake, DatadogPath.checkRun, checkPayload('app.up', 2, [], NOW_S));
    await post(intake, DatadogPath.checkRun, checkPayload('app.up', 0, [], NOW_S - 60));
    expect(intake.store.latestChecks('app.up').map((run) => run.status)).toEqual([2]);
  });

  it('a run without a timestamp is stamped with the time it arrived', async () => {
    await post(intake, DatadogPath.checkRun, [{ check: 'app.nots', host_name: 'h', status: 0, tags: [] }]);
    expect(intake.store.checkRuns('app.nots')[0]?.timestamp).toBe(NOW_S);
  });
});
