// query_prometheus: PromQL straight to the Prometheus backend, instant or range. Only offered when Prometheus serves
// metrics.
import { z } from 'zod';
import { describeError, PilotError } from '../../core/errors.js';
import { parseTimeArg, toIso } from '../../core/time.js';
import { DEFAULT_WINDOW_MS } from '../../core/window.js';
import { defineTool, ToolError } from '../../mcp/tool.js';
import { chooseStep, type PrometheusBackend } from './backends/prometheus.js';
import { downsample } from '../../analysis/series.js';

const MAX_SERIES = 100;
const MAX_POINTS = 500;

const output = z.object({
  query: z.string(),
  kind: z.enum(['instant', 'range']),
  resultType: z.string(),
  time: z.string().optional(),
  window: z.object({ from: z.string(), to: z.string(), stepSeconds: z.number() }).optional(),
  series: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      points: z.array(z.tuple([z.number(), z.number()])).describe('[epoch seconds, value]; at most 500 per series'),
      pointCount: z.number(),
    }),
  ),
  scalar: z.number().nullable().optional(),
  total: z.number(),
  note: z.string().optional(),
});

export function createQueryPrometheusTool(backend: PrometheusBackend) {
  return defineTool({
    name: 'query_prometheus',
    title: 'PromQL query',
    description:
      'Run a PromQL expression against Prometheus. Without start/end it is an instant query at `time` (default now); with start (and end, default now) ' +
      'it is a range query with `step` (default chosen so the range has at most ~11,000 points). Use it for what get_metrics cannot express: ' +
      'rate(), sum by (...), histogram_quantile(), recording rules. Discover metric names with get_metrics first. At most 100 series and 500 points per series come back.',
    input: z.strictObject({
      query: z
        .string()
        .min(1)
        .max(4000)
        .describe('PromQL, e.g. sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))'),
      time: z
        .string()
        .optional()
        .describe('instant query time: ISO 8601, epoch seconds or a duration before now (default now)'),
      start: z.string().optional().describe('range start, same forms as time; makes this a range query'),
      end: z.string().optional().describe('range end (default now)'),
      step: z.string().optional().describe('range step as a duration (30s, 1m, 5m) or seconds'),
    }),
    output,
    annotations: { readOnlyHint: true, openWorldHint: true },
    async run(args, ctx) {
      const now = Date.now();
      const at = (text: string | undefined, name: string, fallback: number) => {
        if (!text) return fallback;
        try {
          return parseTimeArg(text, now, name);
        } catch (err) {
          throw new ToolError(describeError(err));
        }
      };
      try {
        if (!args.start && !args.end) {
          const time = at(args.time, 'time', now);
          const data = await backend.queryInstant(args.query, time / 1000, ctx.signal);
          if (data.resultType === 'scalar' || data.resultType === 'string') {
            const v = Array.isArray(data.result) ? Number(data.result[1]) : NaN;
            return {
              query: args.query,
              kind: 'instant' as const,
              resultType: data.resultType,
              time: toIso(time),
              series: [],
              scalar: Number.isFinite(v) ? v : null,
              total: 0,
            };
          }
          return shape(args.query, 'instant', data.resultType, backend.toSeries(data, ''), { time: toIso(time) });
        }
        const end = at(args.end, 'end', now);
        const start = at(args.start, 'start', end - DEFAULT_WINDOW_MS);
        if (start >= end) throw new ToolError(`start (${toIso(start)}) must be before end (${toIso(end)})`);
        const step = chooseStep({ from: start, to: end }, args.step ? parseStep(args.step) : undefined);
        const data = await backend.queryRange(args.query, start / 1000, end / 1000, step, ctx.signal);
        return shape(args.query, 'range', data.resultType, backend.toSeries(data, ''), {
          window: { from: toIso(start), to: toIso(end), stepSeconds: step },
        });
      } catch (err) {
        if (err instanceof PilotError) throw new ToolError(describeError(err));
        throw err;
      }
    },
    render(r) {
      const head = `${r.kind} query ${r.query}: ${r.resultType}, ${r.total} series${r.time ? ` at ${r.time}` : ''}${r.window ? ` ${r.window.from} .. ${r.window.to} step ${r.window.stepSeconds}s` : ''}`;
      if (r.scalar !== undefined) return `${head}; value ${r.scalar}`;
      const rows = r.series.slice(0, 30).map((s) => {
        const last = s.points[s.points.length - 1];
        return `${labelText(s.labels)} ${s.pointCount} pts, last ${last ? `${last[1]} at ${toIso(last[0] * 1000)}` : 'none'}`;
      });
      return [head, ...rows, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}

function shape(
  query: string,
  kind: 'instant' | 'range',
  resultType: string,
  all: Array<{ name: string; labels: Record<string, string>; points: Array<[number, number]> }>,
  extra: object,
) {
  const series = all.slice(0, MAX_SERIES).map((s) => ({
    labels: s.name ? { __name__: s.name, ...s.labels } : s.labels,
    points: downsample(s.points, MAX_POINTS),
    pointCount: s.points.length,
  }));
  const note =
    all.length > MAX_SERIES
      ? `${all.length - MAX_SERIES} more series not shown; aggregate with sum by (...) or add label matchers`
      : all.length
        ? undefined
        : 'no series matched; check the metric name with get_metrics and the time range';
  return { query, kind, resultType, ...extra, series, total: all.length, ...(note ? { note } : {}) };
}

function parseStep(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(\d+)(s|m|h|d)$/.exec(t);
  if (!m) throw new ToolError(`step: "${text}" is not a duration such as 30s, 1m or 5m`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function labelText(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length ? `{${e.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '{}';
}
