// Chart data: one chart per metric with the services as series on one x axis, the templates as per-minute
// rates on the same axis, and the deployments and the onset as markers.
import { describe, expect, it } from 'vitest';
import { alignSeries, buildChartSpecs, describeChart, readMarkers } from '../../src/web/view/chart-specs.js';
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
    report.charts!.templates = [{ template: 't', service: 's', start: '2025-03-01T10:00:00Z', stepSeconds: 300, counts: [50] }];
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
    expect(describeChart(buildChartSpecs(makeReport())[0])).toMatch(/^http_error_ratio from 2025-03-01T10:00:00.000Z .*billing-svc peaks at 0.200/);
  });
});
