// query_logs: LogQL straight to Loki (log or metric queries) over a time range. Only offered when Loki serves logs.
import { z } from 'zod';
import { timeArgs } from '../../core/contracts/common.js';
import { describeError, PilotError } from '../../core/errors.js';
import { toIso } from '../../core/time.js';
import { resolveWindow } from '../../core/window.js';
import { defineTool, ToolError } from '../../mcp/tool.js';
import type { LokiBackend } from './backends/loki.js';

const output = z.object({
  query: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  resultType: z.string(),
  entries: z
    .array(z.object({ time: z.string(), labels: z.record(z.string(), z.string()), line: z.string() }))
    .describe('log queries: lines in the requested order'),
  series: z
    .array(z.object({ labels: z.record(z.string(), z.string()), points: z.array(z.tuple([z.number(), z.number()])) }))
    .describe('metric queries (count_over_time, rate, ...)'),
  returned: z.number(),
  limitReached: z.boolean(),
  note: z.string().optional(),
});

export function createQueryLogsTool(backend: LokiBackend, fixedUntil?: string) {
  return defineTool({
    name: 'query_logs',
    title: 'LogQL query',
    description:
      'Run a LogQL query against Loki over a time range: log queries such as {service_name="checkout-api"} |= "timeout" return lines, metric ' +
      'queries such as sum by (service_name) (count_over_time({service_name=~".+"} |~ "(?i)error" [1m])) return series. Use it when search_logs ' +
      'cannot express the filter (label matchers, parsers like | json, line_format). Default window: the 6 hours before now; limit default 100, max 5000.',
    input: z.strictObject({
      query: z.string().min(1).max(4000).describe('LogQL expression'),
      ...timeArgs,
      limit: z.number().int().min(1).max(5000).optional().describe('max lines (log queries), default 100'),
      direction: z
        .enum(['forward', 'backward'])
        .optional()
        .describe('forward: oldest first; backward (default): newest first'),
    }),
    output,
    annotations: { readOnlyHint: true, openWorldHint: true },
    async run(args, ctx) {
      // Loki is live: "now" is the clock (or --until), and the window the shared default before it.
      const { from, to } = resolveWindow(args, { extent: null, fixedUntil });
      const limit = args.limit ?? 100;
      let data;
      try {
        data = await backend.queryRange(args.query, { from, to }, limit, args.direction ?? 'backward', ctx.signal);
      } catch (err) {
        if (err instanceof PilotError) throw new ToolError(describeError(err));
        throw err;
      }
      const entries: Array<{ time: string; labels: Record<string, string>; line: string; ns: bigint }> = [];
      const series: Array<{ labels: Record<string, string>; points: Array<[number, number]> }> = [];
      for (const r of data.result) {
        if (data.resultType === 'streams') {
          for (const [ns, line] of r.values as Array<[string, string]>)
            entries.push({
              time: toIso(Number(BigInt(ns) / 1_000_000n)),
              labels: r.stream ?? {},
              line,
              ns: BigInt(ns),
            });
        } else {
          series.push({
            labels: r.metric ?? {},
            points: (r.values as Array<[number, string]>).map(([t, v]) => [Number(t), Number(v)]),
          });
        }
      }
      const sign = (args.direction ?? 'backward') === 'forward' ? 1 : -1;
      entries.sort((a, b) => (a.ns === b.ns ? 0 : a.ns < b.ns ? -sign : sign));
      const returned = data.resultType === 'streams' ? entries.length : series.length;
      return {
        query: args.query,
        window: { from: toIso(from), to: toIso(to) },
        resultType: data.resultType,
        entries: entries.map(({ ns: _ns, ...e }) => e),
        series,
        returned,
        limitReached: data.resultType === 'streams' && entries.length >= limit,
        ...(returned
          ? {}
          : {
              note: `nothing matched in ${toIso(from)} .. ${toIso(to)}; widen since/until or loosen the line filters (services: call search_logs or check_logs_environment)`,
            }),
      };
    },
    render(r) {
      const head = `${r.returned} ${r.resultType === 'streams' ? 'lines' : 'series'} for ${r.query} in ${r.window.from} .. ${r.window.to}${r.limitReached ? ' (limit reached)' : ''}`;
      const lines = r.entries
        .slice(0, 50)
        .map((e) => `${e.time} ${Object.values(e.labels).join(',')} ${e.line.slice(0, 300)}`);
      const ser = r.series
        .slice(0, 20)
        .map((s) => `${JSON.stringify(s.labels)} ${s.points.length} pts, last ${s.points.at(-1)?.[1] ?? 'none'}`);
      return [head, ...lines, ...ser, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}
