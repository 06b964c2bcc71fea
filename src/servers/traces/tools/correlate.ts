// correlate_logs_and_traces: the log lines of one trace, fetched through the logs server (never from files here).
import { z } from 'zod';
import { timeArgs } from '../../../core/contracts/common.js';
import { searchLogsOutput } from '../../../core/contracts/logs.js';
import { correlateOutput } from '../../../core/contracts/traces.js';
import { parseTimeArg, toIso } from '../../../core/time.js';
import { defineTool, ToolError } from '../../../mcp/tool.js';
import type { TracesDeps } from './deps.js';
import { summarizeTrace } from '../summarize.js';
import { normaliseId, traceIdArg } from '../ids.js';

/** Logs are written a little before and after the spans they belong to. */
const MARGIN_MS = 5 * 60_000;
const LOG_LIMIT = 200;

export function createCorrelateTool({ backend }: TracesDeps) {
  return defineTool({
    name: 'correlate_logs_and_traces',
    title: 'Logs of a trace',
    description:
      'Fetch the log lines that carry a trace id (through the logs server\'s search_logs) and set them beside the trace: which services logged for this request, ' +
      'which services in the trace logged nothing, and the error lines. Use after get_trace_details to read what the failing service said. ' +
      'Without since/until the window is the trace time +- 5 minutes.',
    input: z.object({ trace_id: traceIdArg.describe('hex trace id'), ...timeArgs }).strict(),
    output: correlateOutput,
    async run(args, ctx) {
      if (!ctx.callTool) {
        throw new ToolError('correlate_logs_and_traces needs the logs server: it reads log lines through its search_logs tool. Connect the logs server in the same client (incident-pilot starts it with --data or LOKI_URL) and call again.');
      }
      const traceId = normaliseId(args.trace_id.trim());
      const spans = await backend.getTrace(traceId, ctx.signal).catch(() => []);
      const summary = spans.length ? summarizeTrace(spans) : null;
      let window: { from: string; to: string } | null = null;
      if (args.since || args.until) {
        const now = Date.now();
        const to = args.until ? parseTimeArg(args.until, now, 'until') : summary ? summary.startMs + summary.durationMs + MARGIN_MS : now;
        const from = args.since ? parseTimeArg(args.since, to, 'since') : summary ? summary.startMs - MARGIN_MS : to - 3_600_000;
        window = { from: toIso(from), to: toIso(to) };
      } else if (summary) {
        window = { from: toIso(Math.floor(summary.startMs - MARGIN_MS)), to: toIso(Math.ceil(summary.startMs + summary.durationMs + MARGIN_MS)) };
      }
      const res = await ctx.callTool('search_logs', { pattern: traceId, regex: false, ...(window ? { since: window.from, until: window.to } : {}), limit: LOG_LIMIT });
      if (res.isError) throw new ToolError(`the logs server could not search for ${traceId}: ${res.text}`);
      const parsed = searchLogsOutput.safeParse(res.structured);
      const traceServices = summary?.services ?? [];
      const errorServices = [...new Set(spans.filter((s) => s.status === 'error').map((s) => s.service))];
      const trace = { found: !!summary, services: traceServices, errorServices };
      if (!parsed.success) {
        return { traceId, window, trace, totalLogLines: 0, logs: [], servicesWithLogs: [], servicesWithoutLogs: traceServices, logsText: res.text, note: 'the logs server answered without a structured result; its text is in logsText' };
      }
      const logs = parsed.data.matches.map((m) => ({ time: m.time, level: m.level, service: m.service, message: m.message, ref: m.ref }));
      const withLogs = [...new Set(logs.map((l) => l.service))];
      const notes: string[] = [];
      if (!summary) notes.push(`trace ${traceId} is not in ${backend.name}; log lines are still shown`);
      if (!logs.length) notes.push(`no log line carries ${traceId}${window ? ` between ${window.from} and ${window.to}` : ''}; services may log a different id format, or not log trace ids at all`);
      if (parsed.data.truncated) notes.push(`only the first ${logs.length} of ${parsed.data.totalMatches} lines`);
      return {
        traceId,
        window,
        trace,
        totalLogLines: parsed.data.totalMatches,
        logs,
        servicesWithLogs: withLogs,
        servicesWithoutLogs: traceServices.filter((s) => !withLogs.includes(s)),
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
    },
    render(r) {
      const lines = [`trace ${r.traceId}: ${r.totalLogLines} log line(s); services with logs: ${r.servicesWithLogs.join(', ') || 'none'}; without: ${r.servicesWithoutLogs.join(', ') || 'none'}`];
      if (r.trace.errorServices.length) lines.push(`services with error spans: ${r.trace.errorServices.join(', ')}`);
      for (const l of r.logs) lines.push(`${l.time} ${l.level} [${l.service}] ${l.message}  (${l.ref})`);
      if (r.logsText) lines.push(r.logsText);
      if (r.note) lines.push(r.note);
      return lines.join('\n');
    },
  });
}
