// Draws the report's charts with uPlot (loaded beforehand as the global `uPlot`, inlined or served, never
// from a CDN). Deployments and the onset are vertical lines over the plot, labelled at the top.
import type UPlotType from 'uplot';
import type { Report } from '../../report/schema.js';
import { buildChartSpecs, type ChartMarker, type ChartSpec } from '../view/chart-specs.js';

declare const uPlot: typeof UPlotType;

const PALETTE = ['#0b5cad', '#b3261e', '#116329', '#8a4b00', '#6f42c1', '#00707a', '#5f6b7a', '#a3195b'];
const MARKER_COLORS: Record<ChartMarker['kind'], string> = { deployment: '#0b5cad', onset: '#b3261e', commit: '#5f6b7a' };

function drawMarkers(u: UPlotType, markers: ChartMarker[]): void {
  const ctx = u.ctx;
  const { top, height, left, width } = u.bbox;
  const dpr = window.devicePixelRatio || 1;
  ctx.save();
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  // Labels of close markers go on separate rows so they stay readable.
  const rowEnds: number[] = [];
  for (const m of markers) {
    const x = u.valToPos(m.time, 'x', true);
    if (!Number.isFinite(x) || x < left || x > left + width) continue;
    ctx.strokeStyle = MARKER_COLORS[m.kind];
    ctx.fillStyle = MARKER_COLORS[m.kind];
    ctx.lineWidth = (m.blamed ? 4 : 2) * dpr;
    ctx.font = `${m.blamed ? 'bold ' : ''}${Math.round(11 * dpr)}px system-ui, sans-serif`;
    ctx.setLineDash(m.kind === 'onset' ? [6 * dpr, 4 * dpr] : []);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    const short = m.label.length > 24 ? `${m.label.slice(0, 23)}…` : m.label;
    const label = m.blamed ? `${short} (blamed)` : short;
    const textWidth = ctx.measureText(label).width;
    const tx = x + 4 * dpr + textWidth > left + width ? Math.max(left + 2 * dpr, x - 4 * dpr - textWidth) : x + 4 * dpr;
    let row = rowEnds.findIndex((end) => end < tx);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = tx + textWidth + 4 * dpr;
    ctx.fillText(label, tx, top + (12 + row * 13) * dpr);
  }
  ctx.restore();
}

function sizeOf(el: HTMLElement): { width: number; height: number } {
  const width = Math.max(280, Math.floor(el.clientWidth || el.getBoundingClientRect().width || 600));
  return { width, height: width < 500 ? 200 : 260 };
}

function drawOne(el: HTMLElement, spec: ChartSpec): UPlotType {
  const opts: UPlotType.Options = {
    ...sizeOf(el),
    scales: { x: { time: true } },
    axes: [{ stroke: '#1b1f24' }, { stroke: '#1b1f24', size: 60, label: spec.unit.length <= 32 ? spec.unit : undefined }],
    series: [
      {},
      ...spec.series.map((s, i) => ({
        label: s.label.length > 60 ? `${s.label.slice(0, 59)}…` : s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        spanGaps: false,
      })),
    ],
    hooks: { draw: [(u: UPlotType) => drawMarkers(u, spec.markers)] },
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
  root.querySelectorAll<HTMLElement>('[data-chart]').forEach((el) => {
    const spec = specs[Number(el.dataset.chart)];
    if (!spec || !spec.xs.length) return;
    el.textContent = '';
    plots.push({ el, plot: drawOne(el, spec) });
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
