// Turns a report's chart data into aligned series for the charts: one chart per metric, one for the new
// error templates, all on the same time axis (epoch seconds), with the deployments and onset as markers.
import type { Report } from '../../report/schema.js';

export interface ChartMarker {
  time: number;
  label: string;
  kind: 'deployment' | 'onset' | 'commit';
  /** The deployment or commit the root cause blames: drawn heavier. */
  blamed?: boolean;
}

export interface ChartSpec {
  title: string;
  /** What the y axis counts, for the axis label and the text alternative. */
  unit: string;
  xs: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
  markers: ChartMarker[];
}

const MAX_SERIES = 8;

function toEpoch(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.round(ms / 1000) : null;
}

/** Puts several [time, value] lists on one sorted x axis, with null where a series has no point. */
export function alignSeries(lists: Array<Array<[number, number]>>): { xs: number[]; values: Array<Array<number | null>> } {
  const xs = [...new Set(lists.flatMap((l) => l.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const values = lists.map((l) => {
    const row: Array<number | null> = xs.map(() => null);
    for (const [t, v] of l) row[index.get(t)!] = Number.isFinite(v) ? v : null;
    return row;
  });
  return { xs, values };
}

function isBlamed(report: Report, label: string, kind: ChartMarker['kind']): boolean {
  const rc = report.rootCause;
  const words = label.split(/\s+/);
  if (kind === 'deployment') return Boolean(rc.deployment && words.includes(rc.deployment) && (!rc.service || words.includes(rc.service) || words.length === 1));
  if (kind === 'commit') return Boolean(rc.commit && words.some((w) => w.length >= 7 && rc.commit!.startsWith(w)));
  return false;
}

export function readMarkers(report: Report): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const m of report.charts?.markers ?? []) {
    const time = toEpoch(m.time);
    if (time !== null) out.push({ time, label: m.label, kind: m.kind, ...(isBlamed(report, m.label, m.kind) ? { blamed: true } : {}) });
  }
  if (report.onset && !out.some((m) => m.kind === 'onset')) {
    const time = toEpoch(report.onset);
    if (time !== null) out.push({ time, label: 'onset', kind: 'onset' });
  }
  return out.sort((a, b) => a.time - b.time);
}

export function buildChartSpecs(report: Report): ChartSpec[] {
  const charts = report.charts;
  if (!charts) return [];
  const markers = readMarkers(report);
  const specs: ChartSpec[] = [];
  const byName = new Map<string, Array<{ label: string; points: Array<[number, number]> }>>();
  for (const s of charts.series) {
    if (!s.points.length) continue;
    const list = byName.get(s.name) ?? [];
    list.push({ label: s.service ?? s.name, points: s.points });
    byName.set(s.name, list);
  }
  for (const [name, list] of byName) {
    const kept = list.slice(0, MAX_SERIES);
    const { xs, values } = alignSeries(kept.map((s) => s.points));
    specs.push({ title: name, unit: name, xs, series: kept.map((s, i) => ({ label: s.label, values: values[i] })), markers });
  }
  const templates = charts.templates.filter((t) => t.counts.length).slice(0, MAX_SERIES);
  if (templates.length) {
    const lists = templates.map((t) => {
      const start = toEpoch(t.start) ?? 0;
      return t.counts.map((c, i): [number, number] => [start + i * t.stepSeconds, t.stepSeconds > 0 ? (c * 60) / t.stepSeconds : c]);
    });
    const { xs, values } = alignSeries(lists);
    specs.push({
      title: 'New error templates (per minute)',
      unit: 'entries per minute',
      xs,
      series: templates.map((t, i) => ({ label: `${t.service}: ${t.template}`, values: values[i] })),
      markers,
    });
  }
  return specs;
}

/** A sentence for screen readers: what the chart shows and where the markers are. */
export function describeChart(spec: ChartSpec): string {
  const from = spec.xs.length ? new Date(spec.xs[0] * 1000).toISOString() : '-';
  const to = spec.xs.length ? new Date(spec.xs[spec.xs.length - 1] * 1000).toISOString() : '-';
  const peaks = spec.series.map((s) => `${s.label} peaks at ${Math.max(...s.values.map((v) => v ?? -Infinity)).toPrecision(3)}`);
  return `${spec.title} from ${from} to ${to}: ${peaks.join('; ')}.`;
}
