/**
 * Every parser is linear in its input (issue 11): each adversarial shape (fixtures/adversarial.ts), through the
 * forwarder's parse, its whole pipeline (decode included), the grammar and the CLI's reader, costs as much more than
 * an ordinary input of the same size at 256 KB as it does at 16 KB. A path that searched or backtracked over the same
 * text again and again would cost 16 times more at 256 KB; the limit allows 4 for a shared, busy machine
 * (test/support/cost-per-byte.ts). The shapes are also read through the pipeline once: no throw, every MONITORING line
 * accounted for (a point or a counted rejection), and no point multiplied out of one line.
 */
import { explain, readInput } from '../../cli/parse.js';
import { parseLine } from '../../emitter/grammar.js';
import { decodeEvent } from '../../forwarder/decode/index.js';
import { parseBatch } from '../../forwarder/parse/index.js';
import { processEvent } from '../../forwarder/pipeline.js';
import type { LogBatch } from '../../forwarder/types.js';
import { costPerByteRatio, Sizes } from '../support/cost-per-byte.js';
import { JsonLineShapes, LineShapes, ordinaryBase64, ordinaryJsonLine, ordinaryLine, ordinaryMonitoringLine, PayloadShapes, type Shape } from './fixtures/adversarial.js';
import { dataPayload, toAwslogsEvent } from './fixtures/awslogs.js';

/** The most the cost per byte may grow from 16 KB to 256 KB (a quadratic path: 16). */
const FLAT = 4;
const NOW_MS = Date.now();
const OPTIONS = { now: NOW_MS, region: 'us-east-1' };

function batchOf(lines: readonly string[]): LogBatch {
  const events = lines.map((message, i) => ({ id: String(i), timestamp: NOW_MS, message }));
  return { owner: '123456789012', logGroup: '/aws/lambda/adversarial', logStream: 's', functionName: 'adversarial', events };
}

/**
 * The same bytes either way: at 256 KB one line, at 16 KB sixteen lines of 16 KB (one log event each), so a path's
 * fixed costs (one payload, one batch) weigh the same at both sizes and only the length of a line differs.
 */
const asLines = (shape: Shape) => (size: number): string[] => Array.from({ length: Sizes.large / size }, () => shape(size));

/** The ways a log line is read (the CLI reads it as raw input, the pipeline inside a subscription event). */
const LinePaths: Record<string, (lines: string[]) => unknown> = {
  'forwarder parse': (lines) => parseBatch(batchOf(lines)),
  'forwarder pipeline (decode → aggregate)': (lines) => processEvent(toAwslogsEvent(dataPayload(lines, { startMs: NOW_MS })), OPTIONS),
  'CLI parse (raw line input)': (lines) => explain(readInput(lines.join('\n'), 'adversarial', NOW_MS), { region: 'us-east-1', nowMs: NOW_MS }),
};
const parseLines = (lines: string[]) => lines.map((line) => parseLine(line));

/** The paths whose cost per byte grew by FLAT or more, with their ratios (an empty list when all are flat). */
function notFlat(ratios: Record<string, number>): string[] {
  return Object.entries(ratios)
    .filter(([, ratio]) => !(ratio < FLAT))
    .map(([path, ratio]) => `${path}: ${ratio.toFixed(1)}x per byte`);
}

/**
 * The ratio of every line path for `build` against `ordinary` (an input each path reads whole); a MONITORING line
 * also through the grammar's parseLine, against a long valid MONITORING line.
 */
function lineRatios(build: Shape, ordinary: Shape): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const [path, read] of Object.entries(LinePaths)) ratios[path] = costPerByteRatio(asLines(build), asLines(ordinary), read);
  if (build(100).startsWith('MONITORING|')) ratios['grammar parseLine'] = costPerByteRatio(asLines(build), asLines(ordinaryMonitoringLine), parseLines);
  return ratios;
}

const ALL_LINE_SHAPES: Record<string, Shape> = { ...LineShapes, ...JsonLineShapes };

describe('cost per byte stays flat from 16 KB to 256 KB', () => {
  it.each(Object.keys(LineShapes))('%s', (name) => {
    expect(notFlat(lineRatios(LineShapes[name] as Shape, ordinaryLine))).toEqual([]);
  });

  it.each(Object.keys(JsonLineShapes))('JSON log format: %s', (name) => {
    expect(notFlat(lineRatios(JsonLineShapes[name] as Shape, ordinaryJsonLine))).toEqual([]);
  });

  it.each(Object.keys(PayloadShapes))('awslogs.data: %s', (name) => {
    const event = (shape: Shape) => (size: number) => ({ awslogs: { data: shape(size) } });
    const text = (shape: Shape) => (size: number) => JSON.stringify(event(shape)(size));
    const build = PayloadShapes[name] as Shape;
    const cli = (input: string) => explain(readInput(input, 'adversarial', NOW_MS), { region: 'us-east-1', nowMs: NOW_MS });
    const ratios = {
      decode: costPerByteRatio(event(build), event(ordinaryBase64), decodeEvent),
      'forwarder pipeline': costPerByteRatio(event(build), event(ordinaryBase64), (e) => processEvent(e, OPTIONS)),
      'CLI parse (event input)': costPerByteRatio(text(build), text(ordinaryBase64), cli),
    };
    expect(notFlat(ratios)).toEqual([]);
  });

  it('finds a quadratic path (the measure can fail)', () => {
    // Searching the rest of the line for `: ` again from every tab: the REPORT field scan of issue 11, rebuilt here
    // (from every 64th tab only, to keep the test quick: still a search per tab, so still quadratic).
    const rescan = (line: string) => {
      let found = 0;
      let tabs = 0;
      for (let from = line.indexOf('\t'); from !== -1; from = line.indexOf('\t', from + 1)) {
        if (tabs++ % 64 === 0 && line.indexOf(': ', from) !== -1) found++;
      }
      return found;
    };
    const shape = LineShapes['Duration:\\t repeated in a REPORT line'] as Shape;
    expect(costPerByteRatio(shape, ordinaryLine, rescan, { attempts: 1 })).toBeGreaterThan(FLAT);
  });
});

describe('adversarial shapes are read without a throw, every MONITORING line accounted for', () => {
  it.each(Object.keys(ALL_LINE_SHAPES))('%s', (name) => {
    const line = (ALL_LINE_SHAPES[name] as Shape)(64 * 1024);
    const result = processEvent(toAwslogsEvent(dataPayload([line], { startMs: NOW_MS })), OPTIONS);
    expect(result.outcome).toBe('processed');
    const rejected = Object.values(result.stats.rejected).reduce((sum, n) => sum + n, 0);
    if (line.startsWith('MONITORING|')) expect(result.stats.linesParsed + rejected).toBe(1);
    expect(result.stats.pointsOut).toBeLessThanOrEqual(10); // a REPORT line makes a few platform points; nothing more
  });

  it.each(Object.keys(PayloadShapes))('awslogs.data: %s', (name) => {
    const result = decodeEvent({ awslogs: { data: (PayloadShapes[name] as (size: number) => string)(64 * 1024) } });
    expect(result.outcome).toBe('rejected');
  });
});
