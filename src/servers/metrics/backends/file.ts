// The file metrics backend: every metrics/*.json of an incident bundle, read once.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DataWarning, Series, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { MetricsBackend, SeriesRef } from '../backend.js';
import { parsePrometheusResponse } from './prometheus-json.js';

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
      { name: 'metrics files', ok: this.all.length > 0, detail: `${this.fileCount} files, ${names.size} metrics, ${this.all.length} series` },
    ];
    if (this.problems.length) checks.push({ name: 'data warnings', ok: false, detail: this.problems.slice(0, 5).map((w) => `${w.where}: ${w.message}`).join('; ') });
    return checks;
  }

  async close(): Promise<void> {}

  private matching(filter: { name?: string; labels?: Record<string, string> }): Series[] {
    return this.all.filter(
      (s) => (!filter.name || s.name === filter.name) && Object.entries(filter.labels ?? {}).every(([k, v]) => s.labels[k] === v),
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
  for (const f of files) {
    const where = `${relDir}/${f}`;
    try {
      const parsed = parsePrometheusResponse(await readFile(join(metricsDir, f), 'utf8'), where, basename(f, '.json'));
      series.push(...parsed.series);
      warnings.push(...parsed.warnings);
    } catch (err) {
      warnings.push({ where, message: `cannot read: ${(err as Error).message}; file skipped` });
    }
  }
  return new FileMetricsBackend(series, warnings, files.length);
}
