// Prometheus HTTP API responses (query_range matrix, or query vector) as series.
import { isRepresentableTime } from '../../../core/plausible-times.js';
import type { DataWarning, Series } from '../../../core/types.js';

export interface ParsedMetrics {
  series: Series[];
  warnings: DataWarning[];
}

/**
 * Parses one response; `where` names the file and `fallbackName` is used when a series has no __name__.
 * A malformed file yields a warning and no series; non-finite samples ("NaN", "+Inf") are dropped.
 */
export function parsePrometheusResponse(text: string, where: string, fallbackName: string): ParsedMetrics {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return fail(where, `not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(doc)) return fail(where, 'expected a Prometheus API response object');
  if (doc.status !== undefined && doc.status !== 'success')
    return fail(where, `status is "${String(doc.status)}"${typeof doc.error === 'string' ? `: ${doc.error}` : ''}`);
  const data = isRecord(doc.data) ? doc.data : null;
  if (!data) return fail(where, 'missing "data"');
  const type = data.resultType;
  if (type !== 'matrix' && type !== 'vector')
    return fail(where, `resultType ${JSON.stringify(type)} is not matrix or vector`);
  if (!Array.isArray(data.result)) return fail(where, 'data.result is not an array');

  const warnings: DataWarning[] = [];
  const series: Series[] = [];
  data.result.forEach((raw: unknown, i: number) => {
    if (!isRecord(raw)) {
      warnings.push({ where: `${where} result[${i}]`, message: 'not an object; skipped' });
      return;
    }
    const metric = isRecord(raw.metric) ? raw.metric : {};
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(metric))
      if (k !== '__name__' && v !== undefined && v !== null) labels[k] = String(v);
    const name = typeof metric.__name__ === 'string' && metric.__name__ ? metric.__name__ : fallbackName;
    const samples = type === 'matrix' ? raw.values : raw.value !== undefined ? [raw.value] : undefined;
    if (!Array.isArray(samples)) {
      warnings.push({
        where: `${where} result[${i}]`,
        message: `missing ${type === 'matrix' ? 'values' : 'value'}; skipped`,
      });
      return;
    }
    const points: Array<[number, number]> = [];
    let bad = 0;
    let impossible = 0;
    for (const s of samples) {
      const point = readSample(s);
      if (point === 'bad') bad++;
      else if (point === 'impossible') impossible++;
      else if (point) points.push(point);
    }
    if (bad) warnings.push({ where: `${where} result[${i}]`, message: `${bad} malformed samples skipped` });
    if (impossible)
      warnings.push({
        where: `${where} result[${i}]`,
        message: `${impossible} samples with a time no date can hold skipped`,
      });
    points.sort((a, b) => a[0] - b[0]);
    series.push({ name, labels, points: dedupe(points) });
  });
  return { series, warnings };
}

/**
 * [t, "v"] -> [t, v]; null for NaN/Inf (tolerated, dropped), 'impossible' for a time beyond Date, 'bad' for anything
 * else.
 */
function readSample(s: unknown): [number, number] | null | 'bad' | 'impossible' {
  if (!Array.isArray(s) || s.length < 2) return 'bad';
  const t = typeof s[0] === 'number' ? s[0] : typeof s[0] === 'string' ? Number(s[0]) : NaN;
  if (Number.isNaN(t)) return 'bad';
  if (!isRepresentableTime(t * 1000)) return 'impossible';
  const v = typeof s[1] === 'number' ? s[1] : typeof s[1] === 'string' ? Number(s[1]) : NaN;
  if (Number.isNaN(v) && !(typeof s[1] === 'string' && /^[+-]?(nan|inf)/i.test(s[1].trim()))) return 'bad';
  return Number.isFinite(v) ? [t, v] : null;
}

// Duplicate timestamps (overlapping exports) keep the last sample.
function dedupe(points: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const p of points) {
    if (out.length && out[out.length - 1][0] === p[0]) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

function fail(where: string, message: string): ParsedMetrics {
  return { series: [], warnings: [{ where, message: `${message}; file skipped` }] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
