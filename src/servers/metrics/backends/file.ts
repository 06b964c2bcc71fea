// The file metrics backend: every metrics/*.json of an incident bundle, read once.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { plausibleRange } from '../../../core/plausible-times.js';
import { toIso } from '../../../core/time.js';
import type { DataWarning, Series, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { MetricsBackend, SeriesRef } from '../backend.js';
import { parsePrometheusResponse } from './prometheus-json.js';
import { dataWarningsCheck } from '../../health-checks.js';

export class FileMetricsBackend implements MetricsBackend {
  readonly name = 'file';

  constructor(
    private readonly all: Series[],
    private readonly problems: DataWarning[],
    private readonly fileCount: number,
  ) {}

  async extent(): Promise<TimeRange | null> {
    let from = Infinity;
    let to = -Infinity;
    for (const s of this.all) {
      if (!s.points.length) continue;
      from = Math.min(from, s.points[0][0] * 1000);
      to = Math.max(to, s.points[s.points.length - 1][0] * 1000);
    }
    return Number.isFinite(from) ? { from, to } : null;
  }

  async listSeries(filter: { name?: string; labels?: Record<string, string> }, range: TimeRange): Promise<SeriesRef[]> {
    return this.matching(filter)
      .filter((s) => s.points.some(([t]) => inRange(t, range)))
      .map((s) => ({ name: s.name, labels: { ...s.labels } }));
  }

  async fetch(filter: { name: string; labels?: Record<string, string> }, range: TimeRange): Promise<Series[]> {
    return this.matching(filter)
      .map((s) => ({ name: s.name, labels: { ...s.labels }, points: s.points.filter(([t]) => inRange(t, range)) }))
      .filter((s) => s.points.length > 0);
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  async health(): Promise<HealthCheck[]> {
    const names = new Set(this.all.map((s) => s.name));
    const checks: HealthCheck[] = [
      {
        name: 'metrics files',
        ok: this.all.length > 0,
        detail: `${this.fileCount} files, ${names.size} metrics, ${this.all.length} series`,
      },
    ];
    checks.push(...dataWarningsCheck(this.problems));
    return checks;
  }

  async close(): Promise<void> {}

  private matching(filter: { name?: string; labels?: Record<string, string> }): Series[] {
    return this.all.filter(
      (s) =>
        (!filter.name || s.name === filter.name) &&
        Object.entries(filter.labels ?? {}).every(([k, v]) => s.labels[k] === v),
    );
  }
}

function inRange(tSeconds: number, r: TimeRange): boolean {
  const ms = tSeconds * 1000;
  return ms >= r.from && ms < r.to;
}

/** Reads every *.json under `metricsDir`; unreadable or malformed files become warnings. */
export async function openFileMetricsBackend(metricsDir: string, relDir = 'metrics'): Promise<FileMetricsBackend> {
  const warnings: DataWarning[] = [];
  const series: Series[] = [];
  let files: string[] = [];
  try {
    files = (await readdir(metricsDir)).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    warnings.push({ where: relDir, message: `cannot list: ${(err as Error).message}` });
  }
  const origins: string[] = [];
  for (const f of files) {
    const where = `${relDir}/${f}`;
    try {
      const parsed = parsePrometheusResponse(await readFile(join(metricsDir, f), 'utf8'), where, basename(f, '.json'));
      for (const s of parsed.series) {
        series.push(s);
        origins.push(where);
      }
      warnings.push(...parsed.warnings);
    } catch (err) {
      warnings.push({ where, message: `cannot read: ${(err as Error).message}; file skipped` });
    }
  }
  dropImplausibleSamples(series, origins, warnings);
  return new FileMetricsBackend(series, warnings, files.length);
}

/**
 * Drops samples far outside the bulk of every sample time (core/plausible-times.ts: a stray point at 2099 or
 * 1970), with a warning naming the file and series, so the default window follows where the data is.
 */
function dropImplausibleSamples(series: Series[], origins: string[], warnings: DataWarning[]): void {
  const times: number[] = [];
  for (const s of series) for (const [t] of s.points) times.push(t * 1000);
  const range = plausibleRange(times);
  if (!range) return;
  series.forEach((s, i) => {
    const kept = s.points.filter(([t]) => t * 1000 >= range.from && t * 1000 <= range.to);
    const dropped = s.points.length - kept.length;
    if (dropped === 0) return;
    const sample = s.points.find(([t]) => t * 1000 < range.from || t * 1000 > range.to)!;
    const labels = Object.entries(s.labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    warnings.push({
      where: `${origins[i]} ${s.name}{${labels}}`,
      message: `${dropped} sample(s) with implausible times (e.g. ${toIso(sample[0] * 1000)}; the data lies within ${toIso(range.from)} .. ${toIso(range.to)}) dropped`,
    });
    s.points = kept;
  });
}
