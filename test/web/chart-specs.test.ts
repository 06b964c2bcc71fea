// Chart data: one chart per metric with the services as series on one x axis, the templates as per-minute
// rates on the same axis, and the deployments and the onset as markers.
import { describe, expect, it } from 'vitest';
import {
  alignSeries,
  buildChartSpecs,
  describeChart,
  formatUtcTicks,
  formatUtcTime,
  layoutMarkerLabels,
  readMarkers,
  type LabelBox,
} from '../../src/web/view/chart-specs.js';
import { makeReport } from './fixture.js';

describe('chart specs', () => {
  it('aligns series on the union of their times, with null where a series has no point', () => {
    const { xs, values } = alignSeries([
      [
        [10, 1],
        [30, 3],
      ],
      [
        [20, 2],
        [30, Number.NaN],
      ],
    ]);
    expect(xs).toEqual([10, 20, 30]);
    expect(values).toEqual([
      [1, null, 3],
      [null, 2, null],
    ]);
  });

  it('groups series by metric name, one series per service, then a chart of template rates', () => {
    const specs = buildChartSpecs(makeReport());
    expect(specs.map((s) => s.title)).toEqual(['http_error_ratio', 'latency_p95', 'New error templates (per minute)']);
    expect(specs[0].series.map((s) => s.label)).toEqual(['billing-svc', 'ledger']);
    expect(specs[0].xs).toHaveLength(30);
    const rates = specs[2];
    expect(rates.xs[0]).toBe(Date.parse('2025-03-01T10:00:00Z') / 1000);
    expect(rates.series[0].values[25]).toBe(40);
  });

  it('turns counts per step into counts per minute', () => {
    const report = makeReport();
    report.charts!.templates = [
      { template: 't', service: 's', start: '2025-03-01T10:00:00Z', stepSeconds: 300, counts: [50] },
    ];
    const rates = buildChartSpecs(report).at(-1)!;
    expect(rates.series[0].values).toEqual([10]);
  });

  it('reads markers in time order and adds the onset from the report when the chart data has none', () => {
    const report = makeReport();
    report.charts!.markers = [{ time: '2025-03-01T10:17:00Z', label: 'svc r77', kind: 'deployment' }];
    const markers = readMarkers(report);
    expect(markers.map((m) => m.kind)).toEqual(['deployment', 'onset']);
    expect(markers[1].time).toBe(Date.parse('2025-03-01T10:20:00Z') / 1000);
  });

  it('marks the deployment the root cause blames, and only that one', () => {
    const report = makeReport();
    report.charts!.markers.push({ time: '2025-03-01T10:25:00Z', label: 'billing-svc r78', kind: 'deployment' });
    report.charts!.markers.push({ time: '2025-03-01T10:05:00Z', label: 'ledger r77', kind: 'deployment' });
    const blamed = readMarkers(report).filter((m) => m.blamed);
    expect(blamed.map((m) => m.label)).toEqual(['billing-svc r77']);
  });

  it('gives no charts without chart data, and describes a chart in words', () => {
    expect(buildChartSpecs(makeReport({ charts: undefined }))).toEqual([]);
    expect(describeChart(buildChartSpecs(makeReport())[0])).toMatch(
      /^http_error_ratio from 2025-03-01T10:00:00.000Z .*billing-svc peaks at 0.200/,
    );
  });

  it('charts the metrics in the order the report gives them (the most telling first), templates last', () => {
    const report = makeReport();
    report.charts!.series.reverse();
    const titles = buildChartSpecs(report).map((s) => s.title);
    expect(titles[0]).toBe(report.charts!.series[0].name);
    expect(titles.at(-1)).toBe('New error templates (per minute)');
  });

  it('gives every chart the same starting x range, the union of their data, so one zoom fits all', () => {
    const report = makeReport();
    // Templates start 10 minutes before the metrics and end later.
    report.charts!.templates = [
      { template: 't', service: 's', start: '2025-03-01T09:50:00Z', stepSeconds: 60, counts: Array(60).fill(1) },
    ];
    const specs = buildChartSpecs(report);
    const t0 = Date.parse('2025-03-01T09:50:00Z') / 1000;
    for (const spec of specs) expect(spec.xRange).toEqual([t0, t0 + 59 * 60]);
    expect(specs[0].xs[0]).toBe(t0 + 600);
  });
});

describe('UTC time labels', () => {
  it('reads the cursor time in UTC', () => {
    expect(formatUtcTime(Date.parse('2025-01-15T14:25:00Z') / 1000)).toBe('2025-01-15 14:25:00 UTC');
  });

  it('labels ticks in UTC, with the date under the first tick and at each new day', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(
      formatUtcTicks([at('2025-01-15T14:15:00Z'), at('2025-01-15T14:30:00Z'), at('2025-01-15T14:45:00Z')], 900),
    ).toEqual(['14:15\n2025-01-15', '14:30', '14:45']);
    expect(formatUtcTicks([at('2025-01-15T23:00:00Z'), at('2025-01-16T00:00:00Z')], 3600)).toEqual([
      '23:00\n2025-01-15',
      '00:00\n01-16',
    ]);
    expect(formatUtcTicks([at('2025-01-15T14:25:30Z')], 30)).toEqual(['14:25:30\n2025-01-15']);
    expect(formatUtcTicks([at('2025-01-15T00:00:00Z'), at('2025-01-16T00:00:00Z')], 86_400)).toEqual([
      '2025-01-15',
      '01-16',
    ]);
  });
});

describe('layoutMarkerLabels', () => {
  const bounds = { left: 0, right: 1000 };
  const overlaps = (boxes: LabelBox[], places: ReturnType<typeof layoutMarkerLabels>) => {
    const placed = places
      .map((p, i) => (p ? { ...p, right: p.left + boxes[i].width } : null))
      .filter((p) => p !== null);
    return placed.some((a, i) =>
      placed.some((b, j) => i !== j && a.row === b.row && a.left < b.right && b.left < a.right),
    );
  };

  it('keeps close labels apart, inside the plot: the sample deployments and onset', () => {
    // Lines at 14:25, 14:38, 14:42 and 14:53 on a plot of 12:15..15:30: the last three within 90 px.
    const boxes: LabelBox[] = [
      { x: 690, width: 170, priority: 2 },
      { x: 760, width: 100 },
      { x: 780, width: 35, priority: 1 },
      { x: 830, width: 120 },
    ];
    const places = layoutMarkerLabels(boxes, bounds, 4, 4);
    expect(places.every((p) => p !== null)).toBe(true);
    expect(overlaps(boxes, places)).toBe(false);
    for (const [i, p] of places.entries()) {
      expect(p!.left).toBeGreaterThanOrEqual(0);
      expect(p!.left + boxes[i].width).toBeLessThanOrEqual(1000);
    }
    // The blamed one is placed first: top row, right of its line.
    expect(places[0]).toEqual({ left: 694, row: 0 });
  });

  it('puts a label left of its line at the right edge, and drops labels that have no row left', () => {
    expect(layoutMarkerLabels([{ x: 990, width: 100 }], bounds, 2, 4)).toEqual([{ left: 886, row: 0 }]);
    const crowd: LabelBox[] = Array.from({ length: 10 }, (_v, i) => ({ x: 500 + i, width: 200 }));
    const places = layoutMarkerLabels(crowd, bounds, 3, 4);
    expect(places.filter((p) => p).length).toBe(6); // two per row: one right, one left of the lines
    expect(overlaps(crowd, places)).toBe(false);
  });

  it('never overlaps, for many random layouts', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      const boxes = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => ({
        x: rand() * 1000,
        width: 20 + rand() * 200,
        priority: rand() < 0.2 ? 1 : 0,
      }));
      const places = layoutMarkerLabels(boxes, bounds, 4, 4);
      expect(overlaps(boxes, places)).toBe(false);
    }
  });
});
