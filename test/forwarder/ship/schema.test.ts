/**
 * Every body ship builds, as the intake would read it, checked against Datadog's own models (the schema oracle in
 * test/support/datadog-schema.ts): a realistic batch through processEvent, gauges and checks, and the self metrics.
 */
import { processEvent } from '../../../forwarder/pipeline.js';
import { selfMetrics } from '../../../forwarder/self-metrics.js';
import { decompress } from '../../../forwarder/ship/compress.js';
import { ContentEncodingOf, EndpointPath } from '../../../forwarder/ship/constants.js';
import { buildPayloads } from '../../../forwarder/ship/payloads.js';
import type { Payload } from '../../../forwarder/ship/types.js';
import { checkDatadogPayload, type DatadogPayloadKind } from '../../support/datadog-schema.js';
import { dataPayload, toAwslogsEvent } from '../fixtures/awslogs.js';
import { Monitoring } from '../fixtures/lines.js';
import { realisticMinute } from '../handler/realistic-batch.js';
import { MINUTE_MS, NOW_MS } from '../handler/support.js';

const SchemaKind = { distributions: 'distribution_points', series: 'series', checks: 'check_run' } as const satisfies Record<Payload['kind'], DatadogPayloadKind>;

async function expectValid(payloads: Payload[]): Promise<void> {
  for (const payload of payloads) {
    const body: unknown = JSON.parse(decompress(payload.body, ContentEncodingOf[payload.kind]).toString('utf8'));
    const check = await checkDatadogPayload(SchemaKind[payload.kind], body);
    expect({ endpoint: EndpointPath[payload.kind], ...check }).toEqual({ endpoint: EndpointPath[payload.kind], valid: true, errors: [] });
  }
}

it('bodies built from a realistic batch with gauges and checks match Datadog\'s models', async () => {
  const minute = realisticMinute(30, MINUTE_MS);
  const extra = [Monitoring.json, Monitoring.check, Monitoring.rawFlush].map((message) => ({ message, timestamp: MINUTE_MS + 5_000 }));
  const result = processEvent(toAwslogsEvent(dataPayload([...minute.messages, ...extra])), { now: NOW_MS, region: 'us-east-1', ddTags: 'env:test' });
  const built = buildPayloads(result.outbound);
  expect(built.payloads.map((p) => p.kind)).toEqual(['distributions', 'series', 'checks']);
  await expectValid(built.payloads);
}, 120_000); // loading the client's models takes seconds on a busy machine

it('the self metrics body matches Datadog\'s models', async () => {
  const series = selfMetrics({
    stats: { batches: 1, events: 6, linesParsed: 2, reports: 1, errors: 0, rejected: { bad_value: 1 }, pointsDropped: { too_old: 1, too_new: 0 }, pointsOut: 9 },
    ship: { acked: [], failed: [], requests: [{ kind: 'series', status: '202' }], retries: 0, oversize: [] },
    stored: 0,
    durationMs: 12,
    timestamp: Math.floor(NOW_MS / 1000),
    tags: ['functionname:dd-forwarder', 'region:us-east-1'],
  });
  await expectValid(buildPayloads({ distributions: series, series: [], checks: [] }).payloads);
});
