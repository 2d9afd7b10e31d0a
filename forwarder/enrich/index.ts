/**
 * Enrich: ParsedBatch → EnrichedBatch. Every custom point gets its final tag set; platform data gets one shared tag
 * set. Layers, least to most specific: DD_TAGS, per-function tags (AWS resource tags, memorysize, architecture,
 * runtime: fetched elsewhere and passed in as plain strings), the line's own tags; then the forwarder's
 * functionname / region / account_id, which nothing overrides. Platform data also gets aws_account, resource and
 * executedversion (tags.ts: platformOwnTags), as Datadog's enhanced Lambda metrics carry them.
 */
import type { MonitoringPoint } from '../../emitter/types.js';
import type { EnrichedBatch, ParsedBatch } from '../types.js';
import { forwarderTags, isPlatformTag, layerTags, parseTagList, platformOwnTags } from './tags.js';

export interface EnrichOptions {
  /** AWS_REGION of the functions (the forwarder's region: subscriptions are regional). */
  region: string;
  /** DD_TAGS: comma-separated string or a list. */
  ddTags?: string | readonly string[];
  /** Extra tags for this batch's function (from function-tags.ts), e.g. `['team:payments', 'memorysize:1024']`. */
  functionTags?: readonly string[];
}

export function enrich(parsed: ParsedBatch, options: EnrichOptions): EnrichedBatch {
  const { batch } = parsed;
  const own = forwarderTags(batch.functionName, options.region, batch.owner);
  const configured = parseTagList(options.ddTags);
  const functionTags = parseTagList(options.functionTags);
  const platformTags = [...layerTags([configured, functionTags]).filter((tag) => !isPlatformTag(tag)), ...own, ...platformOwnTags(batch)].sort();

  // Lines of one batch repeat a few tag sets thousands of times: merge each distinct set once. Parse hands out one
  // array per distinct tag section, so most points are found by array identity, without joining their tags.
  const mergedByArray = new Map<readonly string[], string[]>();
  const mergedByText = new Map<string, string[]>();
  const metrics: MonitoringPoint[] = parsed.metrics.map((point) => {
    let tags = mergedByArray.get(point.tags);
    if (tags === undefined) {
      const key = point.tags.join(',');
      tags = mergedByText.get(key);
      if (tags === undefined) {
        tags = [...layerTags([configured, functionTags, point.tags]), ...own].sort();
        mergedByText.set(key, tags);
      }
      mergedByArray.set(point.tags, tags);
    }
    return { name: point.name, type: point.type, value: point.value, timestamp: point.timestamp, tags };
  });

  return { batch, metrics, reports: parsed.reports, errors: parsed.errors, platformTags };
}
