// The metrics server's tools: series with stats, anomalies from change points, error rates before vs after.
import { z } from 'zod';
import { timeArgs } from '../../core/contracts/common.js';
import {
  getAnomaliesOutput,
  getErrorRatesOutput,
  getMetricsOutput,
  getServiceGraphOutput,
  getServiceHealthOutput,
  type AnomalyOut,
  type SeriesOut,
} from '../../core/contracts/metrics.js';
import { parseDuration, parseTimeArg, toIso } from '../../core/time.js';
import type { Series, TimeRange } from '../../core/types.js';
import { detectChanges } from '../../analysis/changepoints.js';
import { defineTool, ToolError, type AnyTool } from '../../mcp/tool.js';
import { findSeriesAnomalies, rankAnomalies, type Detector } from './anomalies.js';
import type { MetricsBackend } from './backend.js';
import { findErrorSeries } from './error-series.js';
import { pickSplitTime, summarizeErrorSeries } from './error-rates.js';
import { downsample, summarizePoints } from '../../analysis/series.js';
import { serviceOfLabels } from './labels.js';
import { readServiceGraph } from './service-graph.js';
import { assessComponents } from './service-health.js';
import { componentOfSeries } from './derived-series.js';
import { measureSeries } from '../../analysis/signals.js';
import { resolveWindow, windowOut } from '../../core/window.js';

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
  const windowOf = async (args: { since?: string; until?: string }) =>
    resolveWindow(args, { extent: await backend.extent(), fixedUntil: opts.until });

  /** Every series in the window matching the filters, with points. */
  const loadSeries = async (
    window: TimeRange,
    f: { name?: string; service?: string; labels?: Record<string, string> },
  ): Promise<Series[]> => {
    const refs = await backend.listSeries({ name: f.name, labels: f.labels }, window);
    const names = [...new Set(refs.map((r) => r.name))].sort();
    const all = (await Promise.all(names.map((name) => backend.fetch({ name, labels: f.labels }, window)))).flat();
    return all.filter((s) => !f.service || componentOfSeries(s) === f.service);
  };
  const knownNames = async (window: TimeRange) =>
    [...new Set((await backend.listSeries({}, window)).map((r) => r.name))].sort();
  const warningsOut = () => (backend.warnings().length ? { warnings: backend.warnings().slice(0, 50) } : {});

  const getMetrics = defineTool({
    name: 'get_metrics',
    title: 'Metrics',
    description:
      'Without name: list every metric series in the window with summary stats (min, max, mean, p50, p95, first, last), to see what exists and what moved. ' +
      "With name: that metric's series with their points ([epoch seconds, value], at most 500 per series). Filter by service or exact label values. " +
      'Call it first to discover metric names; then get_anomalies or get_error_rates. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({
      name: z.string().optional().describe('metric name, e.g. http_error_ratio; omit to list all series'),
      service: z.string().optional().describe('only series whose service label (service, app, job, ...) equals this'),
      labels: z
        .record(z.string(), z.string())
        .optional()
        .describe('exact label values to match, e.g. {"env":"production"}'),
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
        stats: summarizePoints(s.points),
        ...(withPoints && i < MAX_SERIES_WITH_POINTS ? { points: downsample(s.points, MAX_POINTS) } : {}),
        pointCount: s.points.length,
      }));
      const out = { window: windowOut(window), series, total: series.length, ...warningsOut() };
      if (!series.length) {
        const names = await knownNames(window);
        return {
          ...out,
          note: `No series${args.name ? ` named ${args.name}` : ''}${args.service ? ` for service ${args.service}` : ''} between ${out.window.from} and ${out.window.to}. ${names.length ? `Metrics in this window: ${names.join(', ')}.` : 'No metrics at all in this window; try a wider one (since: "24h").'}`,
        };
      }
      if (withPoints && found.length > MAX_SERIES_WITH_POINTS)
        return {
          ...out,
          note: `points given for the first ${MAX_SERIES_WITH_POINTS} series only; filter by service or labels`,
        };
      return out;
    },
    render: (r) =>
      [
        `${r.total} series ${r.window.from} .. ${r.window.to}`,
        ...r.series.map((s) => {
          const st = s.stats
            ? `min ${s.stats.min} p50 ${s.stats.p50} p95 ${s.stats.p95} max ${s.stats.max} first ${s.stats.first} last ${s.stats.last}`
            : 'no data';
          return `${s.name}${labelText(s.labels)} (${s.pointCount} pts): ${st}`;
        }),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
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
      min_score: z
        .number()
        .min(0)
        .default(4)
        .describe('smallest change reported, in robust standard deviations (default 4)'),
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
      const out = {
        window: windowOut(window),
        anomalies: anomalies.slice(0, args.limit),
        seriesScanned: series.length,
      };
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
        ...r.anomalies.map(
          (a) =>
            `${a.start} ${a.metric}${labelText(a.labels)} ${a.kind} ${a.direction}: ${a.before} -> ${a.after} (x${a.ratio}, score ${a.score})${a.end ? ` until ${a.end}` : ''}`,
        ),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  const getErrorRates = defineTool({
    name: 'get_error_rates',
    title: 'Error rates per service',
    description:
      "Compare each service's error rate before and after a split time (default: when the error series rose the most), largest increase first. " +
      'Finds error series by convention: error-ratio gauges (*_error_ratio, *error_rate*), the 5xx share of *_requests_total, or *_errors_total; says which it used. ' +
      'Use it to see which services are failing and since when; then look at their deployments and logs. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({
      service: z.string().optional().describe('only this service'),
      at: z
        .string()
        .optional()
        .describe(
          'split time (ISO 8601, epoch seconds or a duration before the end); default: the largest rise of the error series',
        ),
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
          note:
            `No error series${args.service ? ` for service ${args.service}` : ''} between ${toIso(window.from)} and ${toIso(window.to)}: looked for *_error_ratio / *error_rate* gauges, *_requests_total with a status label, and *_errors_total. ` +
            (names.length
              ? `Metrics present: ${names.join(', ')}; inspect them with get_metrics.`
              : 'No metrics at all in this window; try a wider one.'),
        };
      }
      let splitAt: number;
      if (args.at) {
        splitAt = parseTimeArg(args.at, window.to, 'at');
        if (splitAt <= window.from || splitAt >= window.to)
          throw new ToolError(
            `at (${toIso(splitAt)}) must fall inside the window ${toIso(window.from)} .. ${toIso(window.to)}`,
          );
      } else {
        splitAt = pickSplitTime(found.series, detect) ?? Math.round((window.from + window.to) / 2);
      }
      const rows = found.series
        .map((s) => summarizeErrorSeries(s, splitAt))
        .sort((a, b) => b.change - a.change || b.peak - a.peak);
      return { window: windowOut(window), splitAt: toIso(splitAt), services: rows, convention: found.convention };
    },
    render: (r) =>
      [
        `error rates split at ${r.splitAt} (${r.convention})`,
        ...r.services.map(
          (s) =>
            `${s.service} ${s.metric}: ${s.before} -> ${s.after} (change ${s.change}, peak ${s.peak}${s.peakAt ? ` at ${s.peakAt}` : ''})`,
        ),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  const getServiceGraph = defineTool({
    name: 'get_service_graph',
    title: 'Service graph',
    description:
      'Who calls whom, from the service-graph counters exported to Prometheus (traces_service_graph_request_total{client,server} and its _failed_total, ' +
      'as Tempo, the OpenTelemetry servicegraph connector and Grafana Alloy write them; Istio istio_requests_total{source_workload,destination_workload}). ' +
      'Callees include databases, caches, queues and outside endpoints, named as the data spells them. Use it to walk from the failing service toward its dependencies; ' +
      'then get_service_health to see which of them changed. Default window: the 6 hours before the end of the data.',
    input: z.strictObject({ ...timeArgs }),
    output: getServiceGraphOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const edges = await readServiceGraph(backend, window);
      const nodes = [...new Set(edges.flatMap((e) => [e.client, e.server]))].sort();
      const out = { window: windowOut(window), edges, nodes };
      if (!edges.length)
        return {
          ...out,
          note: `No service-graph series between ${out.window.from} and ${out.window.to} (looked for traces_service_graph_request_total and istio_requests_total). The traces server, or the logs, may still show who calls whom.`,
        };
      return out;
    },
    render: (r) =>
      [
        `${r.edges.length} edges, ${r.nodes.length} components ${r.window.from} .. ${r.window.to}`,
        ...r.edges.map(
          (e) =>
            `${e.client} -> ${e.server}: ${e.requests} requests${e.failed !== null ? `, ${e.failed} failed` : ''}${e.kind ? ` (${e.kind})` : ''}`,
        ),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  const getServiceHealth = defineTool({
    name: 'get_service_health',
    title: 'Component health at a moment',
    description:
      'For every component (service label) and each kind of signal (latency, errors or availability, throughput, saturation such as CPU throttling, queue lag or pools, up), ' +
      'how far it moved at `at` against its own history: baseline, worst value after, change, z (in robust standard deviations of its history) and preShift (had it moved already before `at`?). ' +
      "Availability and percentages are read as 0..1 error ratios, counters as rates. Use it with the onset of the symptoms (or an alert's startsAt) to see which components changed together, " +
      'then walk get_service_graph from the symptom toward the dependencies that changed. Default `at`: the largest change of any latency or error series.',
    input: z.strictObject({
      at: z
        .string()
        .optional()
        .describe(
          'the moment to compare around (ISO 8601, epoch seconds, or a duration before the end); default: the largest latency or error change',
        ),
      service: z.string().optional().describe('only this component'),
      horizon: z.string().optional().describe('how long after `at` counts as the change (duration, default 15m)'),
      ...timeArgs,
      limit: z
        .number()
        .int()
        .min(1)
        .max(500)
        .default(100)
        .describe('max components returned (default 100), most changed first'),
    }),
    output: getServiceHealthOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const series = await loadSeries(window, { service: args.service });
      let at: number;
      if (args.at) {
        at = parseTimeArg(args.at, window.to, 'at');
        if (at <= window.from || at > window.to)
          throw new ToolError(
            `at (${toIso(at)}) must fall inside the window ${toIso(window.from)} .. ${toIso(window.to)}`,
          );
      } else {
        at = largestChange(series, detect) ?? Math.round((window.from + window.to) / 2);
      }
      const horizonMs = args.horizon ? parseDuration(args.horizon) : undefined;
      if (horizonMs === null) throw new ToolError(`horizon "${args.horizon}" is not a duration; use e.g. 15m or 1h`);
      const components = assessComponents(series, at, horizonMs);
      const out = {
        window: windowOut(window),
        at: toIso(at),
        components: components.slice(0, args.limit),
        seriesScanned: series.length,
      };
      if (!components.length) {
        return {
          ...out,
          note: series.length
            ? `None of the ${series.length} series has a service label and a known signal (latency, errors, throughput, saturation, up) with samples on both sides of ${toIso(at)}; see get_metrics.`
            : 'No series in the window; try a wider one or list metrics with get_metrics.',
        };
      }
      return out;
    },
    render: (r) =>
      [
        `${r.components.length} components around ${r.at} (${r.seriesScanned} series)`,
        ...r.components
          .slice(0, 40)
          .map(
            (c) =>
              `${c.component}: ${c.signals.map((s) => `${s.label} ${s.baseline} -> ${s.current} (z ${s.z}${s.preShift >= 3 ? ', moved earlier' : ''})`).join('; ')}`,
          ),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  return [getMetrics, getAnomalies, getErrorRates, getServiceGraph, getServiceHealth];
}

/** The start (ms) of the largest change of any latency or error series; null when none moved. */
function largestChange(series: readonly Series[], detect: Detector): number | null {
  let best: { score: number; t: number } | null = null;
  for (const s of series) {
    const m = measureSeries(s.name, s.labels, s.points);
    if (!m || (m.signal.kind !== 'latency' && m.signal.kind !== 'errors') || m.points.length < 3) continue;
    for (const cp of detect(m.points.map((p) => p[1]))) {
      const t = m.points[Math.max(0, Math.min(m.points.length - 1, cp.index))][0] * 1000;
      if (!best || cp.score > best.score) best = { score: cp.score, t };
    }
  }
  return best?.t ?? null;
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}
