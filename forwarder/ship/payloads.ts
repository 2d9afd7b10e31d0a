/**
 * Outbound → request bodies that fit. Sizes are measured, not estimated: each item is serialised once, items are
 * packed greedily up to the raw limit, each group is compressed, and a group whose compressed body is still too big
 * is halved and compressed again (halve.ts) until it fits.
 */
import type { CheckRun, Outbound } from '../types.js';
import { ContentEncodingOf, DefaultPayloadLimits } from './constants.js';
import { compress } from './compress.js';
import { countPoints, halveItem, halveItems, halveList, withItems } from './halve.js';
import type { OversizeItem, Payload, PayloadItems, PayloadKindName, PayloadLimits } from './types.js';

type Item = PayloadItems['items'][number];

/** One item with its JSON, serialised once. */
interface Entry {
  item: Item;
  json: string;
  bytes: number;
}

/** The JSON around the items: distribution_points and series take {"series":[…]}, check_run a bare array. */
const Wrapper = {
  distributions: ['{"series":[', ']}'],
  series: ['{"series":[', ']}'],
  checks: ['[', ']'],
} as const satisfies Record<PayloadKindName, readonly [string, string]>;

export interface BuiltPayloads {
  payloads: Payload[];
  /** Items that cannot fit one request even alone (never expected in practice; counted, not sent). */
  oversize: OversizeItem[];
}

/** All request bodies for one invocation's outbound data. */
export function buildPayloads(outbound: Outbound, limits: PayloadLimits = DefaultPayloadLimits): BuiltPayloads {
  const built: BuiltPayloads = { payloads: [], oversize: [] };
  packKind({ kind: 'distributions', items: outbound.distributions }, limits, built);
  packKind({ kind: 'series', items: outbound.series }, limits, built);
  packKind({ kind: 'checks', items: outbound.checks.map(withHostName) }, limits, built);
  return built;
}

/**
 * check_run requires `host_name` (Datadog's ServiceCheck schema). A Lambda fleet has no host: send the empty string
 * unless the check names one, so no host is created or billed for a function's check.
 */
function withHostName(check: CheckRun): CheckRun {
  return check.host_name === undefined ? { ...check, host_name: '' } : check;
}

/** A payload the intake answered 413 for, halved and re-encoded; undefined when it cannot be split further. */
export function splitPayload(payload: Payload, limits: PayloadLimits = DefaultPayloadLimits): BuiltPayloads | undefined {
  const halves = halveItems(payload);
  if (!halves) return undefined;
  const built: BuiltPayloads = { payloads: [], oversize: [] };
  for (const half of halves) emitGroup(half.kind, toEntries(half.items), limits, built);
  return built;
}

/** The JSON text of a payload's items, exactly as it is sent before compression. */
export function serialise(items: PayloadItems): string {
  const [open, close] = Wrapper[items.kind];
  return open + items.items.map((item) => JSON.stringify(item)).join(',') + close;
}

function packKind(group: PayloadItems, limits: PayloadLimits, built: BuiltPayloads): void {
  if (group.items.length === 0) return;
  const [open, close] = Wrapper[group.kind];
  const itemBudget = limits.maxRawBytes - open.length - close.length;
  const entries: Entry[] = [];
  for (const entry of toEntries(group.items)) fitRaw(group.kind, entry, itemBudget, entries, built);

  let current: Entry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const added = entry.bytes + (current.length > 0 ? 1 : 0); // the comma between items
    if (current.length > 0 && currentBytes + added > itemBudget) {
      emitGroup(group.kind, current, limits, built);
      current = [];
      currentBytes = 0;
    }
    currentBytes += entry.bytes + (current.length > 0 ? 1 : 0);
    current.push(entry);
  }
  if (current.length > 0) emitGroup(group.kind, current, limits, built);
}

/** Halves an item until every piece fits the raw budget on its own. */
function fitRaw(kind: PayloadKindName, entry: Entry, budget: number, out: Entry[], built: BuiltPayloads): void {
  if (entry.bytes <= budget) {
    out.push(entry);
    return;
  }
  const halves = halveItem(kind, entry.item);
  if (!halves) {
    built.oversize.push(oversizeOf(kind, entry));
    return;
  }
  for (const half of halves) fitRaw(kind, toEntry(half), budget, out, built);
}

/** Compresses a group; halves it (list first, then the single item) while the compressed body is too big. */
function emitGroup(kind: PayloadKindName, entries: Entry[], limits: PayloadLimits, built: BuiltPayloads): void {
  const [open, close] = Wrapper[kind];
  const raw = open + entries.map((e) => e.json).join(',') + close;
  const body = compress(raw, ContentEncodingOf[kind]);
  if (body.length <= limits.maxCompressedBytes) {
    const items = withItems(
      kind,
      entries.map((e) => e.item),
    );
    built.payloads.push({ ...items, body, rawBytes: Buffer.byteLength(raw), pointCount: countPoints(items) });
    return;
  }
  const lists = halveList(entries);
  if (lists) {
    for (const list of lists) emitGroup(kind, list, limits, built);
    return;
  }
  const only = entries[0] as Entry;
  const halves = halveItem(kind, only.item);
  if (!halves) {
    built.oversize.push(oversizeOf(kind, only));
    return;
  }
  for (const half of halves) emitGroup(kind, [toEntry(half)], limits, built);
}

function toEntry(item: Item): Entry {
  const json = JSON.stringify(item);
  return { item, json, bytes: Buffer.byteLength(json) };
}

function toEntries(items: readonly Item[]): Entry[] {
  return items.map(toEntry);
}

function oversizeOf(kind: PayloadKindName, entry: Entry): OversizeItem {
  const item = entry.item as { metric?: string; check?: string };
  return { kind, metric: item.metric ?? item.check ?? '', rawBytes: entry.bytes };
}
