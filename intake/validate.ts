/**
 * Shape checks for the three intake payloads (wire-formats §4). Pure functions: JSON in, typed payload or a list of
 * errors out. A payload with any error is refused as a whole with 400, as Datadog does; nothing of it is stored.
 */
import { SeriesKindByNumber } from './constants.js';
import type { SeriesKind } from './types.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface SeriesInput {
  metric: string;
  kind: SeriesKind;
  points: Array<{ timestamp: number; value: number }>;
  /** Includes `host:<name>` for a host resource: the host is part of a series' identity. */
  tags: string[];
}

export interface DistributionInput {
  metric: string;
  points: Array<{ timestamp: number; values: number[] }>;
  tags: string[];
}

export interface CheckRunInput {
  check: string;
  status: number;
  hostName: string;
  tags: string[];
  timestamp?: number;
  message?: string;
}

/** Enough errors to tell what is wrong without answering with a copy of a 5 MB payload. */
const MAX_ERRORS = 20;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isEpochSeconds = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function finish<T>(errors: string[], value: T): Validated<T> {
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, value };
}

function checkTags(entry: Json, where: string, errors: string[], required = false): string[] {
  if (entry.tags === undefined && !required) return [];
  if (!isStringArray(entry.tags)) {
    errors.push(`${where}.tags must be an array of strings`);
    return [];
  }
  return entry.tags;
}

function checkMetricName(entry: Json, where: string, errors: string[]): string {
  if (typeof entry.metric !== 'string' || entry.metric.length === 0) {
    errors.push(`${where}.metric must be a non-empty string`);
    return '';
  }
  return entry.metric;
}

/** `POST /api/v2/series`: `{"series":[{"metric","type","points":[{"timestamp","value"}],"tags","resources"}]}`. */
export function validateSeriesPayload(body: unknown): Validated<SeriesInput[]> {
  if (!isObject(body) || !Array.isArray(body.series)) return { ok: false, errors: ['body must be {"series":[...]}'] };
  const errors: string[] = [];
  const series = body.series.map((entry: unknown, i): SeriesInput => {
    const where = `series[${i}]`;
    if (!isObject(entry)) {
      errors.push(`${where} must be an object`);
      return { metric: '', kind: 'unspecified', points: [], tags: [] };
    }
    const metric = checkMetricName(entry, where, errors);
    const type = entry.type ?? 0;
    if (!(typeof type === 'number' && Number.isInteger(type) && type >= 0 && type < SeriesKindByNumber.length)) {
      errors.push(`${where}.type must be 0 (unspecified), 1 (count), 2 (rate) or 3 (gauge)`);
    }
    const kind = SeriesKindByNumber[type as number] ?? 'unspecified';
    if (!Array.isArray(entry.points)) errors.push(`${where}.points must be an array`);
    const points = (Array.isArray(entry.points) ? entry.points : []).map((point: unknown, j) => {
      if (!isObject(point) || !isEpochSeconds(point.timestamp) || !isFiniteNumber(point.value)) {
        errors.push(`${where}.points[${j}] must be {"timestamp": <integer epoch seconds>, "value": <finite number>}`);
        return { timestamp: 0, value: 0 };
      }
      return { timestamp: point.timestamp, value: point.value };
    });
    const tags = [...checkTags(entry, where, errors), ...hostTags(entry, where, errors)];
    return { metric, kind, points, tags };
  });
  return finish(errors, series);
}

function hostTags(entry: Json, where: string, errors: string[]): string[] {
  if (entry.resources === undefined) return [];
  if (!Array.isArray(entry.resources)) {
    errors.push(`${where}.resources must be an array`);
    return [];
  }
  const tags: string[] = [];
  entry.resources.forEach((resource: unknown, k) => {
    if (!isObject(resource) || typeof resource.name !== 'string' || typeof resource.type !== 'string') {
      errors.push(`${where}.resources[${k}] must be {"name": <string>, "type": <string>}`);
    } else if (resource.type === 'host') {
      tags.push(`host:${resource.name}`);
    }
  });
  return tags;
}

/** `POST /api/v1/distribution_points`: `{"series":[{"metric","points":[[ts,[v,…]]],"tags","host","type"}]}`. */
export function validateDistributionPayload(body: unknown): Validated<DistributionInput[]> {
  if (!isObject(body) || !Array.isArray(body.series)) return { ok: false, errors: ['body must be {"series":[...]}'] };
  const errors: string[] = [];
  const series = body.series.map((entry: unknown, i): DistributionInput => {
    const where = `series[${i}]`;
    if (!isObject(entry)) {
      errors.push(`${where} must be an object`);
      return { metric: '', points: [], tags: [] };
    }
    const metric = checkMetricName(entry, where, errors);
    if (entry.type !== undefined && entry.type !== 'distribution') errors.push(`${where}.type must be "distribution"`);
    if (entry.host !== undefined && typeof entry.host !== 'string') errors.push(`${where}.host must be a string`);
    if (!Array.isArray(entry.points)) errors.push(`${where}.points must be an array`);
    const points = (Array.isArray(entry.points) ? entry.points : []).map((point: unknown, j) => {
      const ok =
        Array.isArray(point) &&
        point.length === 2 &&
        isEpochSeconds(point[0]) &&
        Array.isArray(point[1]) &&
        (point[1] as unknown[]).every(isFiniteNumber);
      if (!ok) {
        errors.push(`${where}.points[${j}] must be [<integer epoch seconds>, [<finite number>, ...]]`);
        return { timestamp: 0, values: [] };
      }
      return { timestamp: point[0] as number, values: point[1] as number[] };
    });
    const tags = checkTags(entry, where, errors);
    if (typeof entry.host === 'string' && entry.host) tags.push(`host:${entry.host}`);
    return { metric, points, tags };
  });
  return finish(errors, series);
}

/**
 * `POST /api/v1/check_run`: `[{"check","host_name","status","tags","message","timestamp"}]`. Datadog's published
 * schema (ServiceCheck) makes check, host_name, status and tags required; the intake holds senders to it.
 */
export function validateCheckRunPayload(body: unknown): Validated<CheckRunInput[]> {
  if (!Array.isArray(body)) return { ok: false, errors: ['body must be an array of check runs'] };
  const errors: string[] = [];
  const runs = body.map((entry: unknown, i): CheckRunInput => {
    const where = `[${i}]`;
    if (!isObject(entry)) {
      errors.push(`${where} must be an object`);
      return { check: '', status: 0, hostName: '', tags: [] };
    }
    if (typeof entry.check !== 'string' || !entry.check) errors.push(`${where}.check must be a non-empty string`);
    if (typeof entry.host_name !== 'string') errors.push(`${where}.host_name must be a string (required)`);
    if (!(entry.status === 0 || entry.status === 1 || entry.status === 2 || entry.status === 3)) {
      errors.push(`${where}.status must be 0 (OK), 1 (WARNING), 2 (CRITICAL) or 3 (UNKNOWN)`);
    }
    const tags = checkTags(entry, where, errors, true);
    if (entry.timestamp !== undefined && !isEpochSeconds(entry.timestamp)) {
      errors.push(`${where}.timestamp must be integer epoch seconds`);
    }
    if (entry.message !== undefined && typeof entry.message !== 'string') errors.push(`${where}.message must be a string`);
    return {
      check: String(entry.check),
      status: entry.status as number,
      hostName: String(entry.host_name),
      tags,
      ...(typeof entry.timestamp === 'number' ? { timestamp: entry.timestamp } : {}),
      ...(typeof entry.message === 'string' ? { message: entry.message } : {}),
    };
  });
  return finish(errors, runs);
}
