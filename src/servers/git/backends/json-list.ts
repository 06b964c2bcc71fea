// What commits.json and deployments.json share: a JSON array, bare or wrapped as {key: [...]}, read leniently.
import type { DataWarning } from '../../../core/types.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The entries of the file, or the one warning that says why there are none. Never throws on bad data. */
export function readJsonList(text: string, where: string, key: string): { list: unknown[] } | { warning: DataWarning } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { warning: { where, message: `not valid JSON: ${(err as Error).message}` } };
  }
  // Accept a bare array or {key: [...]}, as some exporters wrap it.
  const list = Array.isArray(data)
    ? data
    : isRecord(data) && Array.isArray(data[key])
      ? (data[key] as unknown[])
      : null;
  return list ? { list } : { warning: { where, message: `expected a JSON array of ${key}` } };
}
