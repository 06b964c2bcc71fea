// correlate_logs_and_traces: the log lines of one trace, searched in the logs of the same configuration.
import { z } from 'zod';
import { timeArgs } from '../../../core/contracts/common.js';
import { correlateOutput } from '../../../core/contracts/traces.js';
import { compileUserPattern } from '../../../core/regex.js';
import { resolveWindow, windowOut } from '../../../core/window.js';
import { defineTool, ToolError } from '../../../mcp/tool.js';
import { findLogMatches } from '../../logs/search.js';
import { resolveLogsWindow } from '../../logs/window.js';
import type { TracesDeps } from './deps.js';
import { summarizeTrace } from '../summarize.js';
import { normaliseId, traceIdArg } from '../ids.js';

/** Logs are written a little before and after the spans they belong to. */
const MARGIN_MS = 5 * 60_000;
const LOG_LIMIT = 200;

export function createCorrelateTool({ backend, source, logs }: TracesDeps) {
  return defineTool({
    name: 'correlate_logs_and_traces',
    title: 'Logs of a trace',
    description:
      'Fetch the log lines that carry a trace id (searched as search_logs would) and set them beside the trace: which services logged for this request, ' +
      'which services in the trace logged nothing, and the error lines. Use after get_trace_details to read what the failing service said. ' +
      'Without since/until the window is the trace time +- 5 minutes.',
    input: z.object({ trace_id: traceIdArg.describe('hex trace id'), ...timeArgs }).strict(),
    output: correlateOutput,
    async run(args, ctx) {
      const logsBackend = await logs.open();
      if (!logsBackend) {
        throw new ToolError(
          'correlate_logs_and_traces needs logs beside the traces: pass --data DIR with DIR/logs, or set LOKI_URL or ELASTICSEARCH_URL, and call again.',
        );
      }
      const traceId = normaliseId(args.trace_id.trim());
      const spans = await backend.getTrace(traceId, ctx.signal).catch(() => []);
      const summary = spans.length ? summarizeTrace(spans) : null;
      // The shared window rule, with the trace (plus a margin) as the data: no trace, the logs' own default window.
      const range = summary
        ? resolveWindow(args, {
            extent: {
              from: Math.floor(summary.startMs - MARGIN_MS),
              to: Math.ceil(summary.startMs + summary.durationMs + MARGIN_MS),
            },
          })
        : await resolveLogsWindow(logsBackend, args, source.until);
      const found = await findLogMatches(
        logsBackend,
        { source: traceId, pattern: compileUserPattern(traceId, { regex: false }), range, limit: LOG_LIMIT },
        ctx.signal,
      );
      const window = windowOut(range);
      const traceServices = summary?.services ?? [];
      const errorServices = [...new Set(spans.filter((s) => s.status === 'error').map((s) => s.service))];
      const trace = { found: !!summary, services: traceServices, errorServices };
      const lines = found.matches.map((m) => ({
        time: m.time,
        level: m.level,
        service: m.service,
        message: m.message,
        ref: m.ref,
      }));
      const withLogs = [...new Set(lines.map((l) => l.service))];
      const notes: string[] = [];
      if (!summary) notes.push(`trace ${traceId} is not in ${backend.name}; log lines are still shown`);
      if (!lines.length)
        notes.push(
          `no log line carries ${traceId} between ${window.from} and ${window.to}; services may log a different id format, or not log trace ids at all`,
        );
      if (found.truncated) notes.push(`only the first ${lines.length} of ${found.totalMatches} lines`);
      return {
        traceId,
        window,
        trace,
        totalLogLines: found.totalMatches,
        logs: lines,
        servicesWithLogs: withLogs,
        servicesWithoutLogs: traceServices.filter((s) => !withLogs.includes(s)),
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
    },
    render(r) {
      const lines = [
        `trace ${r.traceId}: ${r.totalLogLines} log line(s); services with logs: ${r.servicesWithLogs.join(', ') || 'none'}; without: ${r.servicesWithoutLogs.join(', ') || 'none'}`,
      ];
      if (r.trace.errorServices.length) lines.push(`services with error spans: ${r.trace.errorServices.join(', ')}`);
      for (const l of r.logs) lines.push(`${l.time} ${l.level} [${l.service}] ${l.message}  (${l.ref})`);
      if (r.logsText) lines.push(r.logsText);
      if (r.note) lines.push(r.note);
      return lines.join('\n');
    },
  });
}
