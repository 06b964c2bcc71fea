// Turns a report's chart data into aligned series for the charts: one chart per metric, in the report's order
// (the report puts the symptom and the fault first), then one for the new error templates, all on one time range
// (epoch seconds, shown in UTC like every time in the report), with the deployments and onset as markers.
// Also the pure parts of drawing them: UTC tick labels and a layout of marker labels that never overlap.
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
  /** The x range every chart of the report starts at (the union of their data), so one zoom fits all. */
  xRange: [number, number];
}

const MAX_SERIES = 8;

function toEpoch(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.round(ms / 1000) : null;
}

/** Puts several [time, value] lists on one sorted x axis, with null where a series has no point. */
export function alignSeries(lists: Array<Array<[number, number]>>): {
  xs: number[];
  values: Array<Array<number | null>>;
} {
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
  if (kind === 'deployment')
    return Boolean(
      rc.deployment &&
      words.includes(rc.deployment) &&
      (!rc.service || words.includes(rc.service) || words.length === 1),
    );
  if (kind === 'commit') return Boolean(rc.commit && words.some((w) => w.length >= 7 && rc.commit!.startsWith(w)));
  return false;
}

export function readMarkers(report: Report): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const m of report.charts?.markers ?? []) {
    const time = toEpoch(m.time);
    if (time !== null)
      out.push({ time, label: m.label, kind: m.kind, ...(isBlamed(report, m.label, m.kind) ? { blamed: true } : {}) });
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
    specs.push({
      title: name,
      unit: name,
      xs,
      series: kept.map((s, i) => ({ label: s.label, values: values[i] })),
      markers,
      xRange: [0, 0],
    });
  }
  const templates = charts.templates.filter((t) => t.counts.length).slice(0, MAX_SERIES);
  if (templates.length) {
    const lists = templates.map((t) => {
      const start = toEpoch(t.start) ?? 0;
      return t.counts.map((c, i): [number, number] => [
        start + i * t.stepSeconds,
        t.stepSeconds > 0 ? (c * 60) / t.stepSeconds : c,
      ]);
    });
    const { xs, values } = alignSeries(lists);
    specs.push({
      title: 'New error templates (per minute)',
      unit: 'entries per minute',
      xs,
      series: templates.map((t, i) => ({ label: `${t.service}: ${t.template}`, values: values[i] })),
      markers,
      xRange: [0, 0],
    });
  }
  const drawn = specs.filter((s) => s.xs.length);
  const range: [number, number] = drawn.length
    ? [Math.min(...drawn.map((s) => s.xs[0])), Math.max(...drawn.map((s) => s.xs[s.xs.length - 1]))]
    : [0, 0];
  for (const spec of specs) spec.xRange = [...range];
  return specs;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2025-01-15 14:25:00 UTC`: the legend's reading of the cursor time. */
export function formatUtcTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Labels for the time axis, in UTC whatever the browser's zone: `14:25` (with seconds when the ticks are under
 * a minute apart), the date under the first tick and under each tick that starts a new day; dates alone when
 * the ticks are a day or more apart.
 */
export function formatUtcTicks(splits: number[], incrementSeconds: number): string[] {
  let lastDay = '';
  return splits.map((s, i) => {
    const d = new Date(s * 1000);
    const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (incrementSeconds >= 86_400) return i === 0 ? day : day.slice(5);
    const clock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${incrementSeconds < 60 ? `:${pad2(d.getUTCSeconds())}` : ''}`;
    const newDay = day !== lastDay;
    lastDay = day;
    return newDay ? `${clock}\n${i === 0 ? day : day.slice(5)}` : clock;
  });
}

/** Where a marker's label would go: the marker's x and the label's width, in the same pixels as the bounds. */
export interface LabelBox {
  x: number;
  width: number;
  /** Placed first (the blamed deployment, the onset): when rows run out, the others give way. */
  priority?: number;
}

export interface LabelPlacement {
  /** Left edge of the text. */
  left: number;
  /** 0 is the top row. */
  row: number;
}

/**
 * Places marker labels in rows at the top of a plot so that no two overlap and each stays inside the plot: a
 * label goes right of its line if it fits there, else left of it, in the first row with room. A label with no
 * room in maxRows rows is not drawn (null); the list of markers above the charts names every one.
 */
export function layoutMarkerLabels(
  boxes: LabelBox[],
  bounds: { left: number; right: number },
  maxRows: number,
  gap: number,
): Array<LabelPlacement | null> {
  const rows: Array<Array<[number, number]>> = Array.from({ length: Math.max(0, maxRows) }, () => []);
  const free = (row: Array<[number, number]>, a: number, b: number) =>
    row.every(([l, r]) => b + gap <= l || a >= r + gap);
  const out: Array<LabelPlacement | null> = boxes.map(() => null);
  const order = boxes
    .map((_b, i) => i)
    .sort((i, j) => (boxes[j].priority ?? 0) - (boxes[i].priority ?? 0) || boxes[i].x - boxes[j].x);
  for (const i of order) {
    const { x, width } = boxes[i];
    const candidates = [x + gap, x - gap - width].filter((l) => l >= bounds.left && l + width <= bounds.right);
    placing: for (let r = 0; r < rows.length; r++) {
      for (const left of candidates) {
        if (free(rows[r], left, left + width)) {
          rows[r].push([left, left + width]);
          out[i] = { left, row: r };
          break placing;
        }
      }
    }
  }
  return out;
}

/** A sentence for screen readers: what the chart shows and where the markers are. */
export function describeChart(spec: ChartSpec): string {
  const from = spec.xs.length ? new Date(spec.xs[0] * 1000).toISOString() : '-';
  const to = spec.xs.length ? new Date(spec.xs[spec.xs.length - 1] * 1000).toISOString() : '-';
  const peaks = spec.series.map(
    (s) => `${s.label} peaks at ${Math.max(...s.values.map((v) => v ?? -Infinity)).toPrecision(3)}`,
  );
  return `${spec.title} from ${from} to ${to}: ${peaks.join('; ')}.`;
}
