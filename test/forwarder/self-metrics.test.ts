import { ForwarderMetric } from '../../forwarder/metric-names.js';
import { selfMetrics, type SelfMetricsInput } from '../../forwarder/self-metrics.js';
import type { Payload } from '../../forwarder/ship/types.js';

const payload = (pointCount: number): Payload => ({ kind: 'distributions', items: [], body: Buffer.alloc(0), rawBytes: 0, pointCount });

const input: SelfMetricsInput = {
  stats: { batches: 1, events: 120, linesParsed: 40, reports: 20, errors: 1, rejected: { bad_value: 2, malformed: 0 }, pointsDropped: { too_old: 3, too_new: 0 }, pointsOut: 70 },
  ship: {
    acked: [payload(50), payload(15)],
    failed: [{ payload: payload(5), reason: 'attempts_exhausted', lastStatus: '503' }],
    requests: [
      { kind: 'distributions', status: '202' },
      { kind: 'distributions', status: '202' },
      { kind: 'series', status: '503' },
      { kind: 'series', status: '503' },
    ],
    retries: 1,
    oversize: [],
  },
  stored: 1,
  durationMs: 84.6,
  timestamp: 1_736_942_460,
  tags: ['functionname:dd-forwarder', 'region:us-east-1'],
};

/** metric + extra tags → the one value sent. */
function values(series: ReturnType<typeof selfMetrics>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series) {
    const extra = s.tags.filter((t) => !input.tags.includes(t)).join(',');
    out[extra ? `${s.metric}{${extra}}` : s.metric] = s.points[0]![1][0]!;
  }
  return out;
}

describe('selfMetrics', () => {
  it('turns the counts into one distribution value each, tagged with the forwarder and the detail', () => {
    expect(values(selfMetrics(input))).toEqual({
      [ForwarderMetric.Batches]: 1,
      [ForwarderMetric.Events]: 120,
      [ForwarderMetric.LinesParsed]: 40,
      [`${ForwarderMetric.Rejected}{reason:bad_value}`]: 2,
      [`${ForwarderMetric.PointsDropped}{reason:too_old}`]: 3,
      [ForwarderMetric.PointsShipped]: 65,
      [`${ForwarderMetric.Requests}{endpoint:distributions,status:202}`]: 2,
      [`${ForwarderMetric.Requests}{endpoint:series,status:503}`]: 2,
      [ForwarderMetric.Retries]: 1,
      [`${ForwarderMetric.Failures}{reason:attempts_exhausted}`]: 1,
      [ForwarderMetric.Stored]: 1,
      [ForwarderMetric.Duration]: 85,
    });
  });

  it('stamps every point with the given second and sends distributions only', () => {
    for (const series of selfMetrics(input)) {
      expect(series.type).toBe('distribution');
      expect(series.points).toHaveLength(1);
      expect(series.points[0]![0]).toBe(input.timestamp);
      expect(series.tags).toEqual([...series.tags].sort());
      expect(series.tags).toEqual(expect.arrayContaining(input.tags));
    }
  });

  it('splits the duration into in-process work and waiting, which add up to it', () => {
    const sent = values(selfMetrics({ ...input, workMs: 12.4 }));
    expect([sent[ForwarderMetric.Duration], sent[ForwarderMetric.WorkDuration], sent[ForwarderMetric.WaitDuration]]).toEqual([85, 12, 73]);
    // Without a work figure (an event refused before any work) neither part is sent.
    expect(sent[ForwarderMetric.WorkDuration]).toBeDefined();
    expect(Object.keys(values(selfMetrics(input)))).not.toContain(ForwarderMetric.WorkDuration);
  });

  it('counts points a 413 split could not fit as dropped (oversize)', () => {
    const withOversize = { ...input, ship: { ...input.ship, oversize: [{ kind: 'checks' as const, metric: 'x', rawBytes: 9 }] } };
    expect(values(selfMetrics(withOversize))[`${ForwarderMetric.PointsDropped}{reason:oversize}`]).toBe(1);
  });
});
