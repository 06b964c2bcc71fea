// The metrics server's tools: series with stats, anomalies from change points, error rates before vs after.
import { z } from 'zod';
import { timeArgs } from '../../core/contracts/common.js';
import { getAnomaliesOutput, getErrorRatesOutput, getMetricsOutput, type AnomalyOut, type SeriesOut } from '../../core/contracts/metrics.js';
import { parseTimeArg, toIso } from '../../core/time.js';
import type { Series, TimeRange } from '../../core/types.js';
import { detectChanges } from '../../engine/changepoints.js';
import { defineTool, ToolError, type AnyTool } from '../../mcp/tool.js';
import { findSeriesAnomalies, rankAnomalies, type Detector } from './anomalies.js';
import type { MetricsBackend } from './backend.js';
import { findErrorSeries } from './error-series.js';
import { pickSplitTime, summarizeErrorSeries } from './error-rates.js';
import { computeStats, downsample, serviceOfLabels } from './stats.js';
import { resolveWindow } from '../../core/window.js';

const MAX_POINTS = 500;
const MAX_SERIES_WITH_POINTS = 50;

export interface MetricsToolOptions {
  /** --until: a fixed "now" for the default window. */
  until?: string;
  /** Change-point detector; injectable so tests can drive the mapping deterministically. */
  detect?: Detector;
}

export function createMetricsTools(backend: MetricsBackend, opts: MetricsToolOptions = {}): AnyTool[] {
  const detect = opts.detect ?? detectChanges;
  const windowOf = async (args: { since?: string; until?: string }) => resolveWindow(args, { extent: await backend.extent(), fixedUntil: opts.until, spanMs: 6 * 3_600_000 });

  /** Every series in the window matching the filters, with points. */
  const loadSeries = async (window: TimeRange, f: { name?: string; service?: string; labels?: Record<string, string> }): Promise<Series[]> => {
    const refs = await backend.listSeries({ name: f.name, labels: f.labels }, window);
    const names = [...new Set(refs.map((r) => r.name))].sort();
    const all = (await Promise.all(names.map((name) => backend.fetch({ name, labels: f.labels }, window)))).flat();
    return all.filter((s) => !f.service || serviceOfLabels(s.labels) === f.service);
  };
  const knownNames = async (window: TimeRange) => [...new Set((await backend.listSeries({}, window)).map((r) => r.name))].sort();
  const warningsOut = () => (backend.warnings().length ? { warnings: backend.warnings().slice(0, 50) } : {});

  const getMetrics = defineTool({
    name: 'get_metrics',
    title: 'Metrics',
    description:
      'Without name: list every metric series in the window with summary stats (min, max, mean, p50, p95, first, last), to see what exists and what moved. ' +
      'With name: that metric\'s series with their points ([epoch seconds, value], at most 500 per series). Filter by service or exact label values. ' +
      'Call it first to discover metric names; then get_anomalies or get_error_rates. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({
      name: z.string().optional().describe('metric name, e.g. http_error_ratio; omit to list all series'),
      service: z.string().optional().describe('only series whose service label (service, app, job, ...) equals this'),
      labels: z.record(z.string(), z.string()).optional().describe('exact label values to match, e.g. {"env":"production"}'),
      ...timeArgs,
      include_points: z.boolean().optional().describe('return points (default: true when name is given)'),
    }),
    output: getMetricsOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const withPoints = args.include_points ?? !!args.name;
      const found = await loadSeries(window, args);
      const series: SeriesOut[] = found.map((s, i) => ({
        name: s.name,
        labels: s.labels,
        service: serviceOfLabels(s.labels),
        stats: computeStats(s.points),
        ...(withPoints && i < MAX_SERIES_WITH_POINTS ? { points: downsample(s.points, MAX_POINTS) } : {}),
        pointCount: s.points.length,
      }));
      const out = { window: windowOut(window), series, total: series.length, ...warningsOut() };
      if (!series.length) {
        const names = await knownNames(window);
        return { ...out, note: `No series${args.name ? ` named ${args.name}` : ''}${args.service ? ` for service ${args.service}` : ''} between ${out.window.from} and ${out.window.to}. ${names.length ? `Metrics in this window: ${names.join(', ')}.` : 'No metrics at all in this window; try a wider one (since: "24h").'}` };
      }
      if (withPoints && found.length > MAX_SERIES_WITH_POINTS) return { ...out, note: `points given for the first ${MAX_SERIES_WITH_POINTS} series only; filter by service or labels` };
      return out;
    },
    render: (r) =>
      [
        `${r.total} series ${r.window.from} .. ${r.window.to}`,
        ...r.series.map((s) => {
          const st = s.stats ? `min ${s.stats.min} p50 ${s.stats.p50} p95 ${s.stats.p95} max ${s.stats.max} first ${s.stats.first} last ${s.stats.last}` : 'no data';
          return `${s.name}${labelText(s.labels)} (${s.pointCount} pts): ${st}`;
        }),
        r.note ?? '',
      ].filter(Boolean).join('\n'),
  });

  const getAnomalies = defineTool({
    name: 'get_anomalies',
    title: 'Metric anomalies',
    description:
      'Scan metric series for significant changes (steps, ramps, spikes) and rank them by size in robust standard deviations, earliest first among equals. ' +
      'Use it to find when things started going wrong and which metrics moved first; compare the start times with get_deployments. ' +
      'Filter by metric name or service. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({
      name: z.string().optional().describe('only this metric'),
      service: z.string().optional().describe('only series of this service'),
      ...timeArgs,
      min_score: z.number().min(0).default(4).describe('smallest change reported, in robust standard deviations (default 4)'),
      limit: z.number().int().min(1).max(200).default(20).describe('max anomalies returned (default 20)'),
    }),
    output: getAnomaliesOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const series = await loadSeries(window, args);
      const anomalies: AnomalyOut[] = [];
      for (const s of series) anomalies.push(...findSeriesAnomalies(s, detect, args.min_score));
      rankAnomalies(anomalies);
      const out = { window: windowOut(window), anomalies: anomalies.slice(0, args.limit), seriesScanned: series.length };
      if (!anomalies.length) {
        return {
          ...out,
          note: series.length
            ? `No change of score >= ${args.min_score} in ${series.length} series between ${out.window.from} and ${out.window.to}. Try a lower min_score, a wider window, or get_metrics to look at the values.`
            : `No series${args.name ? ` named ${args.name}` : ''}${args.service ? ` for service ${args.service}` : ''} in the window; list metrics with get_metrics.`,
        };
      }
      return out;
    },
    render: (r) =>
      [
        `${r.anomalies.length} anomalies in ${r.seriesScanned} series ${r.window.from} .. ${r.window.to}`,
        ...r.anomalies.map((a) => `${a.start} ${a.metric}${labelText(a.labels)} ${a.kind} ${a.direction}: ${a.before} -> ${a.after} (x${a.ratio}, score ${a.score})${a.end ? ` until ${a.end}` : ''}`),
        r.note ?? '',
      ].filter(Boolean).join('\n'),
  });

  const getErrorRates = defineTool({
    name: 'get_error_rates',
    title: 'Error rates per service',
    description:
      'Compare each service\'s error rate before and after a split time (default: when the error series rose the most), largest increase first. ' +
      'Finds error series by convention: error-ratio gauges (*_error_ratio, *error_rate*), the 5xx share of *_requests_total, or *_errors_total; says which it used. ' +
      'Use it to see which services are failing and since when; then look at their deployments and logs. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({
      service: z.string().optional().describe('only this service'),
      at: z.string().optional().describe('split time (ISO 8601, epoch seconds or a duration before the end); default: the largest rise of the error series'),
      ...timeArgs,
    }),
    output: getErrorRatesOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const found = await findErrorSeries(backend, window, args.service);
      if (!found) {
        const names = await knownNames(window);
        return {
          window: windowOut(window),
          splitAt: toIso(Math.round((window.from + window.to) / 2)),
          services: [],
          convention: 'none found',
          note: `No error series${args.service ? ` for service ${args.service}` : ''} between ${toIso(window.from)} and ${toIso(window.to)}: looked for *_error_ratio / *error_rate* gauges, *_requests_total with a status label, and *_errors_total. ` +
            (names.length ? `Metrics present: ${names.join(', ')}; inspect them with get_metrics.` : 'No metrics at all in this window; try a wider one.'),
        };
      }
      let splitAt: number;
      if (args.at) {
        splitAt = parseTimeArg(args.at, window.to, 'at');
        if (splitAt <= window.from || splitAt >= window.to) throw new ToolError(`at (${toIso(splitAt)}) must fall inside the window ${toIso(window.from)} .. ${toIso(window.to)}`);
      } else {
        splitAt = pickSplitTime(found.series, detect) ?? Math.round((window.from + window.to) / 2);
      }
      const rows = found.series.map((s) => summarizeErrorSeries(s, splitAt)).sort((a, b) => b.change - a.change || b.peak - a.peak);
      return { window: windowOut(window), splitAt: toIso(splitAt), services: rows, convention: found.convention };
    },
    render: (r) =>
      [
        `error rates split at ${r.splitAt} (${r.convention})`,
        ...r.services.map((s) => `${s.service} ${s.metric}: ${s.before} -> ${s.after} (change ${s.change}, peak ${s.peak}${s.peakAt ? ` at ${s.peakAt}` : ''})`),
        r.note ?? '',
      ].filter(Boolean).join('\n'),
  });

  return [getMetrics, getAnomalies, getErrorRates];
}

function windowOut(w: TimeRange) {
  return { from: toIso(w.from), to: toIso(w.to) };
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}
