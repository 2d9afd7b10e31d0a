/**
 * The project's own guard (issue 11): a seeded, bounded fuzz over a real batch (fixtures/batch.ts), mutated the ways
 * a payload goes wrong: bad gzip, bad base64, bad JSON, fields of the wrong type, mutated and huge lines, the
 * adversarial shapes, a bomb. A known good MONITORING line (the sentinel) is placed beside what is mutated. Checked
 * every time: processEvent never throws; when anything could be read the sentinel comes out, exactly; when nothing
 * could, the payload is one rejection with a decode reason; every MONITORING line is either read or rejected with a
 * reason, once. The seed is fixed, so a failure reproduces; fast-check prints the counterexample.
 * (fuzz.test.ts explores with a fresh seed each run; this one guards the same cases every run.)
 */
import fc from 'fast-check';
import { processEvent, type PipelineResult } from '../../forwarder/pipeline.js';
import { DecodeRejectReason } from '../../forwarder/types.js';
import { JsonLineShapes, LineShapes, type Shape } from './fixtures/adversarial.js';
import { dataPayload, encodeAwslogsData, type CloudWatchPayload } from './fixtures/awslogs.js';
import { buildRealisticBatch } from './fixtures/batch.js';
import { buildBomb } from './fixtures/bomb.js';
import { T0 } from './fixtures/lines.js';

const RUNS = { numRuns: 120, seed: 20261202 };
const OPTIONS = { now: (T0 + 60) * 1000, region: 'us-east-1' };
const SENTINEL_NAME = 'fuzz.sentinel';
const SENTINEL = `MONITORING|${T0}|7|count|${SENTINEL_NAME}|#guard:kept`;
const DECODE_REASONS: ReadonlySet<string> = new Set(Object.values(DecodeRejectReason));

const realistic = buildRealisticBatch({ events: 40, startMs: T0 * 1000 });
const baseMessages = realistic.payload.logEvents.map((e) => e.message);

/** The sentinel's values that would be shipped (7 for each sentinel read). */
function sentinelTotal(result: PipelineResult): number {
  return result.outbound.distributions
    .filter((d) => d.metric === SENTINEL_NAME)
    .reduce((sum, d) => sum + d.points.reduce((s, [, values]) => s + values.reduce((a, b) => a + b, 0), 0), 0);
}

/** Rejections counted by a reason other than decode's (lines), and by decode's (the payload and its events). */
function rejectionsBy(result: PipelineResult): { lines: number; decode: Record<string, number> } {
  let lines = 0;
  const decode: Record<string, number> = {};
  for (const [reason, count] of Object.entries(result.stats.rejected)) {
    if (DECODE_REASONS.has(reason)) decode[reason] = count;
    else lines += count;
  }
  return { lines, decode };
}

function run(event: unknown): PipelineResult {
  let result: PipelineResult | undefined;
  expect(() => (result = processEvent(event, OPTIONS))).not.toThrow();
  return result as PipelineResult;
}

/** A payload with the sentinel as its first event, then the realistic batch, then `extra` messages. */
function payloadWith(extra: readonly string[]): CloudWatchPayload {
  return dataPayload([SENTINEL, ...baseMessages, ...extra], { startMs: T0 * 1000 });
}

/** A MONITORING line mutated after its prefix: a cut, then something inserted (no line breaks). */
const mutatedMonitoring = fc
  .record({
    line: fc.constantFrom(`MONITORING|${T0}|1.5|histogram|checkout.latency|#env:prod,tier:gold`, `MONITORING|${T0}|2|check|db.up`, `MONITORING|${T0 * 1000}|-3|gauge|queue.depth|`),
    at: fc.nat(),
    cut: fc.nat({ max: 6 }),
    insert: fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('|', '||', '#', ',', ' ', '\t', '\\', '"', 'é', '\u0000', 'e', '.', '-', 'NaN', 'Infinity', '0x1F'),
      fc.nat({ max: 8192 }).map((n) => '9'.repeat(n)),
      fc.nat({ max: 8192 }).map((n) => 'a,'.repeat(n)),
    ),
  })
  .map(({ line, at, cut, insert }) => {
    const from = 'MONITORING|'.length + (at % (line.length - 'MONITORING|'.length + 1));
    return (line.slice(0, from) + insert + line.slice(from + cut)).replace(/[\r\n]/g, ' ');
  });

/** Text lines that are no MONITORING line: the adversarial text shapes at up to 4 KB, near misses, noise. */
const textShapeNames = Object.keys(LineShapes).filter((name) => !(LineShapes[name] as Shape)(64).includes('MONITORING|'));
const garbageLine = fc
  .oneof(
    fc.tuple(fc.constantFrom(...textShapeNames), fc.integer({ min: 16, max: 4096 })).map(([name, size]) => (LineShapes[name] as Shape)(size)),
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.constantFrom('REPORT RequestId: ', 'START RequestId:', 'INIT_REPORT Status: error', 'Task timed out after', '[ERROR] ', 'MONITORING'),
  )
  .map((line) => line.replace(/[\r\n]/g, ' '))
  .filter((line) => !line.includes('MONITORING|'));

describe('seeded fuzz: mutated lines beside a good one', () => {
  it('reads the sentinel exactly and accounts for every MONITORING line, whatever lines surround it', () => {
    const group = fc.record({ mutated: fc.array(mutatedMonitoring, { maxLength: 4 }), garbage: fc.array(garbageLine, { maxLength: 4 }), sentinelAt: fc.nat() });
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 5 }), (groups) => {
        // Each group is one log event: its lines in order, a sentinel among them.
        const events = groups.map(({ mutated, garbage, sentinelAt }) => {
          const lines = [...mutated, ...garbage];
          lines.splice(sentinelAt % (lines.length + 1), 0, SENTINEL);
          return lines.join('\n');
        });
        const result = run({ awslogs: { data: encodeAwslogsData(payloadWith(events)) } });
        expect(result.outcome).toBe('processed');
        const sentinels = 1 + groups.length;
        expect(sentinelTotal(result)).toBe(7 * sentinels);
        const monitoringLines = realistic.expected.monitoringLines + sentinels + groups.reduce((n, g) => n + g.mutated.length, 0);
        expect(result.stats.linesParsed + rejectionsBy(result).lines).toBe(monitoringLines);
      }),
      RUNS,
    );
  });

  it('keeps the sentinel beside huge lines and JSON-format shapes of every kind', () => {
    const shapes: Record<string, Shape> = { ...LineShapes, ...JsonLineShapes };
    const huge = fc.tuple(fc.constantFrom(...Object.keys(shapes)), fc.integer({ min: 1024, max: 96 * 1024 })).map(([name, size]) => (shapes[name] as Shape)(size));
    fc.assert(
      fc.property(fc.array(huge, { minLength: 1, maxLength: 3 }), (lines) => {
        const result = run({ awslogs: { data: encodeAwslogsData(payloadWith([...lines, `${lines[0]}\n${SENTINEL}`])) } });
        expect(result.outcome).toBe('processed');
        expect(sentinelTotal(result)).toBe(7 * 2);
      }),
      { ...RUNS, numRuns: 40 },
    );
  });
});

describe('seeded fuzz: mutated payloads', () => {
  const json = JSON.stringify(payloadWith([]));
  const afterSentinel = json.indexOf(SENTINEL) + SENTINEL.length + 2; // past the sentinel event's closing `"}`
  const zipped = Buffer.from(encodeAwslogsData(json), 'base64');

  /** Either the sentinel came out, or nothing could be read and the payload is one decode rejection. */
  function expectSentinelOrOneRejection(result: PipelineResult): void {
    if (result.outcome === 'processed') {
      expect(sentinelTotal(result)).toBe(7);
      return;
    }
    expect(result.outcome).toBe('rejected');
    const { lines, decode } = rejectionsBy(result);
    expect(lines).toBe(0);
    expect(Object.values(decode)).toEqual([1]);
  }

  it('bad gzip: a byte changed or the stream cut', () => {
    fc.assert(
      fc.property(fc.nat(zipped.length - 1), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, cut) => {
        const bytes = cut ? zipped.subarray(0, at) : Buffer.from(zipped);
        if (!cut) bytes[at] = (bytes[at] as number) ^ xor;
        expectSentinelOrOneRejection(run({ awslogs: { data: bytes.toString('base64') } }));
      }),
      RUNS,
    );
  });

  it('bad base64: characters outside the alphabet inserted', () => {
    const data = zipped.toString('base64');
    fc.assert(
      fc.property(fc.nat(data.length), fc.string({ minLength: 1, maxLength: 4 }), (at, insert) => {
        expectSentinelOrOneRejection(run({ awslogs: { data: data.slice(0, at) + insert + data.slice(at) } }));
      }),
      RUNS,
    );
  });

  it('bad JSON: text inserted or cut after the sentinel event', () => {
    fc.assert(
      fc.property(fc.nat(json.length - afterSentinel), fc.nat({ max: 20 }), fc.string({ unit: 'binary', maxLength: 6 }), (offset, cut, insert) => {
        const at = afterSentinel + offset;
        expectSentinelOrOneRejection(run({ awslogs: { data: encodeAwslogsData(json.slice(0, at) + insert + json.slice(at + cut)) } }));
      }),
      RUNS,
    );
  });

  it('wrong types: events and their fields replaced, each skipped event counted as bad_log_event', () => {
    const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.nat(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
    const breakage = fc.record({ index: fc.nat(), field: fc.constantFrom('event', 'message', 'timestamp'), value: wrong });
    fc.assert(
      fc.property(fc.uniqueArray(breakage, { maxLength: 6, selector: (b) => b.index % baseMessages.length }), (breakages) => {
        const payload = payloadWith([]) as unknown as { logEvents: unknown[] };
        let broken = 0;
        for (const { index, field, value } of breakages) {
          const i = 1 + (index % baseMessages.length); // never the sentinel, event 0
          const event = payload.logEvents[i] as Record<string, unknown>;
          if (field === 'event') payload.logEvents[i] = value;
          else event[field] = value;
          const stillGood = field === 'timestamp' ? typeof value === 'number' : field === 'message' ? typeof value === 'string' : false;
          if (!stillGood) broken++;
        }
        const result = run({ awslogs: { data: encodeAwslogsData(payload) } });
        expect(result.outcome).toBe('processed');
        expect(sentinelTotal(result)).toBe(7);
        expect(result.stats.rejected[DecodeRejectReason.BadLogEvent] ?? 0).toBe(broken);
      }),
      RUNS,
    );
  });

  it('a bomb: cut at the cap, the sentinel before it kept, the cut counted', async () => {
    const bomb = await buildBomb(200_000, T0, SENTINEL); // about 18 MB inflated
    const result = run(bomb.event);
    expect(result.outcome).toBe('processed');
    expect(sentinelTotal(result)).toBe(7);
    expect(rejectionsBy(result).decode).toEqual({ [DecodeRejectReason.TooLarge]: 1 });
  });
});
