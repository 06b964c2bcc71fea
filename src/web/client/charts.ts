// Draws the report's charts with uPlot (loaded beforehand as the global `uPlot`, inlined or served, never
// from a CDN). Times are UTC, as in the rest of the report. Deployments and the onset are vertical lines over the
// plot, labelled at the top without overlap. The charts share one cursor and one zoom: drag to zoom all of them,
// double-click to go back.
import type UPlotType from 'uplot';
import type { Report } from '../../report/schema.js';
import {
  buildChartSpecs,
  formatUtcTicks,
  formatUtcTime,
  layoutMarkerLabels,
  type ChartMarker,
  type ChartSpec,
} from '../view/chart-specs.js';

declare const uPlot: typeof UPlotType;

const PALETTE = ['#0b5cad', '#b3261e', '#116329', '#8a4b00', '#6f42c1', '#00707a', '#5f6b7a', '#a3195b'];
const MARKER_COLORS: Record<ChartMarker['kind'], string> = {
  deployment: '#0b5cad',
  onset: '#b3261e',
  commit: '#5f6b7a',
};
const SYNC_KEY = 'incident-pilot-charts';
/** Rows of marker labels at the top of a plot; more would hide the data. */
const MAX_LABEL_ROWS = 4;

function labelText(m: ChartMarker): string {
  const short = m.label.length > 24 ? `${m.label.slice(0, 23)}…` : m.label;
  return m.blamed ? `${short} (blamed)` : short;
}

function fontFor(m: ChartMarker, dpr: number): string {
  return `${m.blamed ? 'bold ' : ''}${Math.round(11 * dpr)}px system-ui, sans-serif`;
}

function drawMarkers(u: UPlotType, markers: ChartMarker[]): void {
  const ctx = u.ctx;
  const { top, height, left, width } = u.bbox;
  const dpr = window.devicePixelRatio || 1;
  ctx.save();
  const visible = markers
    .map((m) => ({ m, x: u.valToPos(m.time, 'x', true) }))
    .filter(({ x }) => Number.isFinite(x) && x >= left && x <= left + width);
  for (const { m, x } of visible) {
    ctx.strokeStyle = MARKER_COLORS[m.kind];
    ctx.lineWidth = (m.blamed ? 4 : 2) * dpr;
    ctx.setLineDash(m.kind === 'onset' ? [6 * dpr, 4 * dpr] : []);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  const boxes = visible.map(({ m, x }) => {
    ctx.font = fontFor(m, dpr);
    return { x, width: ctx.measureText(labelText(m)).width, priority: m.blamed ? 2 : m.kind === 'onset' ? 1 : 0 };
  });
  const places = layoutMarkerLabels(boxes, { left, right: left + width }, MAX_LABEL_ROWS, 4 * dpr);
  // uPlot leaves its axes' alignment on the context: measure and draw from the left edge.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  visible.forEach(({ m }, i) => {
    const place = places[i];
    if (!place) return;
    ctx.font = fontFor(m, dpr);
    const text = labelText(m);
    const y = top + (12 + place.row * 14) * dpr;
    // A white backing keeps a label readable over the lines it crosses.
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(place.left - 2 * dpr, y - 11 * dpr, boxes[i].width + 4 * dpr, 14 * dpr);
    ctx.fillStyle = MARKER_COLORS[m.kind];
    ctx.fillText(text, place.left, y);
  });
  ctx.restore();
}

function sizeOf(el: HTMLElement): { width: number; height: number } {
  const width = Math.max(280, Math.floor(el.clientWidth || el.getBoundingClientRect().width || 600));
  return { width, height: width < 500 ? 200 : 260 };
}

function drawOne(el: HTMLElement, spec: ChartSpec, onScale: (u: UPlotType) => void): UPlotType {
  const own: [number, number] = [spec.xs[0], spec.xs[spec.xs.length - 1]];
  const opts: UPlotType.Options = {
    ...sizeOf(el),
    // Every date uPlot makes is in UTC, so ticks fall on UTC minutes and hours whatever the browser's zone.
    tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: {
        time: true,
        // Auto-ranging (first draw, double-click) spans every chart's data, not just this one's: one time axis.
        range: (_u: UPlotType, min: number, max: number): [number, number] =>
          min === own[0] && max === own[1] ? [...spec.xRange] : [min, max],
      },
    },
    cursor: { sync: { key: SYNC_KEY, setSeries: false }, drag: { x: true, y: false } },
    axes: [
      {
        stroke: '#1b1f24',
        label: 'time (UTC)',
        space: 70,
        values: (_u: UPlotType, splits: number[], _i: number, _space: number, incr: number) =>
          formatUtcTicks(splits, incr),
      },
      { stroke: '#1b1f24', size: 60, label: spec.unit.length <= 32 ? spec.unit : undefined },
    ],
    series: [
      {
        label: 'Time (UTC)',
        value: (_u: UPlotType, v: number | null) => (v === null || v === undefined ? '--' : formatUtcTime(v)),
      },
      ...spec.series.map((s, i) => ({
        label: s.label.length > 60 ? `${s.label.slice(0, 59)}…` : s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        spanGaps: false,
      })),
    ],
    hooks: {
      draw: [(u: UPlotType) => drawMarkers(u, spec.markers)],
      setScale: [(u: UPlotType, key: string) => key === 'x' && onScale(u)],
    },
  };
  const data = [spec.xs, ...spec.series.map((s) => s.values)] as UPlotType.AlignedData;
  return new uPlot(opts, data, el);
}

/** uPlot's legend rows toggle their series on click; make them reachable and usable from the keyboard too. */
function makeLegendFocusable(el: HTMLElement): void {
  el.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
    if (i === 0) return; // the time row toggles nothing
    row.tabIndex = 0;
    row.setAttribute('role', 'button');
    row.setAttribute('aria-label', `show or hide ${row.textContent?.replace(/[:\s-]+$/, '').trim() ?? 'series'}`);
    row.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
      (row.querySelector<HTMLElement>('th') ?? row).click();
    });
  });
}

/** Fills every [data-chart] placeholder under root; redraws at the new width when the window resizes. */
export function drawCharts(root: ParentNode, report: Report): number {
  if (typeof uPlot === 'undefined') return 0;
  const specs = buildChartSpecs(report);
  const plots: Array<{ el: HTMLElement; plot: UPlotType }> = [];
  // One zoom for all: a change of one chart's x range is applied to the others (a chart already there is left alone).
  const onScale = (u: UPlotType) => {
    const { min, max } = u.scales.x;
    if (min === undefined || max === undefined) return;
    for (const p of plots) {
      // The shown range, for a test or a screen reader's reference; uPlot itself draws on a canvas.
      if (p.plot === u) p.el.dataset.xRange = `${min},${max}`;
      else if (p.plot.scales.x.min !== min || p.plot.scales.x.max !== max) p.plot.setScale('x', { min, max });
    }
  };
  root.querySelectorAll<HTMLElement>('[data-chart]').forEach((el) => {
    const spec = specs[Number(el.dataset.chart)];
    if (!spec || !spec.xs.length) return;
    el.textContent = '';
    const plot = drawOne(el, spec, onScale);
    plots.push({ el, plot });
    el.dataset.xRange = `${plot.scales.x.min},${plot.scales.x.max}`;
    makeLegendFocusable(el);
  });
  if (plots.length && typeof ResizeObserver !== 'undefined') {
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => plots.forEach(({ el, plot }) => plot.setSize(sizeOf(el))));
    });
    plots.forEach(({ el }) => observer.observe(el));
  }
  return plots.length;
}
