// The logs server's tools, declared once: read_logs, search_logs, log_patterns.
import { z } from 'zod';
import { logPatternsOutput, readLogsOutput, searchLogsOutput, type LogEntryOut } from '../../core/contracts/logs.js';
import { timeArgs } from '../../core/contracts/common.js';
import { PilotError } from '../../core/errors.js';
import { compileUserPattern, type UserPattern } from '../../core/regex.js';
import { parseTimeArg, toIso } from '../../core/time.js';
import type { LogEntry } from '../../core/types.js';
import { defineTool, ToolError, type AnyTool } from '../../mcp/tool.js';
import type { LogsBackend } from './backend.js';
import { minePatterns } from './patterns.js';
import { findLogMatches } from './search.js';
import { windowOut } from '../../core/window.js';
import {
  decodeCursor,
  describeEmpty,
  encodeCursor,
  parseLevelArg,
  resolveLogsWindow,
  sourceOut,
  toEntryOut,
  warningsOut,
} from './window.js';

export interface LogsToolDeps {
  backend: LogsBackend;
  /** Fixed "now" (--until) for file backends. */
  until?: string;
}

const serviceArg = z
  .string()
  .min(1)
  .optional()
  .describe('Only entries of this service (exact name, case-insensitive). Omit for all services.');
const levelArg = z
  .string()
  .optional()
  .describe(
    'Minimum level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL (WARNING and CRITICAL accepted). ERROR returns ERROR and FATAL.',
  );

function line(e: LogEntryOut): string {
  return `${e.time} ${e.level} [${e.service}] ${e.message.length > 300 ? e.message.slice(0, 300) + '...' : e.message}  (${e.ref})`;
}

function compilePattern(source: string, regex: boolean | undefined, caseSensitive: boolean | undefined): UserPattern {
  try {
    return compileUserPattern(source, { regex, caseSensitive });
  } catch (err) {
    if (err instanceof PilotError) throw new ToolError(err.hint ? `${err.message} (${err.hint})` : err.message);
    throw err;
  }
}

export function createLogsTools(deps: LogsToolDeps): AnyTool[] {
  const { backend } = deps;

  const readLogs = defineTool({
    name: 'read_logs',
    title: 'Read log entries',
    description:
      'Read raw log entries in time order (oldest first) from every service, with optional filters: time window, service, minimum level, ' +
      'and a case-insensitive text substring. Use it to see what happened around a moment (for example the minutes before an error burst) ' +
      'after search_logs or log_patterns told you where to look. Each entry has a ref (file:line) to cite. Returns at most `limit` entries ' +
      '(default 100, max 1000); when nextCursor is not null, call again with the same arguments plus cursor=nextCursor for the next page. ' +
      'Without since/until the window is the last 6 hours of the data.',
    input: z.strictObject({
      ...timeArgs,
      service: serviceArg,
      level: levelArg,
      text: z
        .string()
        .min(1)
        .optional()
        .describe('Only entries whose message (or stack trace) contains this text, case-insensitive.'),
      cursor: z.string().optional().describe('nextCursor from the previous page; keep the other arguments the same.'),
      limit: z.number().int().min(1).max(1000).optional().describe('Entries per page, 1-1000 (default 100).'),
    }),
    output: readLogsOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const range = await resolveLogsWindow(backend, args, deps.until);
      const minLevel = parseLevelArg(args.level);
      const limit = args.limit ?? 100;
      const cursor = args.cursor ? decodeCursor(args.cursor) : undefined;
      const from = cursor ? Math.max(cursor.t, range.from) : range.from;
      let skip = cursor && cursor.t >= range.from ? cursor.s : 0;
      const entries: LogEntry[] = [];
      let more = false;
      const query = {
        range: { from, to: range.to },
        service: args.service,
        minLevel,
        match: args.text ? { source: args.text, regex: false, caseSensitive: false } : undefined,
      };
      paging: for await (const batch of backend.scan(query, ctx.signal)) {
        for (const e of batch) {
          if (skip > 0) {
            // Entries at the cursor's time that the previous pages already returned.
            if (e.ts === cursor!.t) {
              skip--;
              continue;
            }
            skip = 0;
          }
          if (entries.length === limit) {
            more = true;
            break paging;
          }
          entries.push(e);
        }
      }
      let nextCursor: string | null = null;
      if (more && entries.length) {
        const lastTs = entries[entries.length - 1].ts;
        let same = 0;
        for (let i = entries.length - 1; i >= 0 && entries[i].ts === lastTs; i--) same++;
        if (cursor && cursor.t === lastTs) same += cursor.s;
        nextCursor = encodeCursor(lastTs, same);
      }
      const out = {
        window: windowOut(range),
        entries: entries.map(toEntryOut),
        returned: entries.length,
        nextCursor,
        warnings: warningsOut(backend),
        note: entries.length
          ? undefined
          : await describeEmpty(backend, range, { service: args.service, level: minLevel, text: args.text }),
        source: await sourceOut(backend, range),
      };
      return out;
    },
    render(r) {
      if (!r.returned) return r.note ?? 'no entries';
      const head = `${r.returned} entries, ${r.window.from} .. ${r.window.to}${r.nextCursor ? ' (more: pass cursor=nextCursor)' : ''}`;
      return [
        head,
        ...r.entries.slice(0, 50).map(line),
        r.returned > 50 ? `... ${r.returned - 50} more in the structured result` : '',
      ]
        .filter(Boolean)
        .join('\n');
    },
  });

  const searchLogs = defineTool({
    name: 'search_logs',
    title: 'Search logs',
    description:
      'Count and list log entries matching a pattern across every service in a time window. Returns the total number of matches in the ' +
      'whole window, counts per service and per minute (to see when a problem started and how it grew), the first and last match times, ' +
      'and the first `limit` matches (default 50, max 500) with file:line refs. `pattern` is literal text or a regex, case-insensitive ' +
      'by default: with regex omitted, a pattern containing regex syntax that compiles is a regex, anything else is literal; set regex ' +
      'true or false to be explicit. Regexes use RE2 syntax (JavaScript syntax without lookaround or backreferences), matched in ' +
      'linear time. Use log_patterns first when you do not ' +
      'know what to search for; use read_logs to see the context around a match.',
    input: z.strictObject({
      pattern: z
        .string()
        .min(1)
        .max(1000)
        .describe('Text or regex to find in messages and stack traces, e.g. "timeout" or "pool (exhausted|closed)".'),
      regex: z
        .boolean()
        .optional()
        .describe(
          'true: pattern is a regex (RE2 syntax: no lookaround, no backreferences); false: literal text; omitted: decided from the pattern.',
        ),
      case_sensitive: z.boolean().optional().describe('Default false.'),
      service: serviceArg,
      level: levelArg,
      ...timeArgs,
      limit: z
        .number()
        .int()
        .min(1)
        .max(500)
        .optional()
        .describe('Matches to list, 1-500 (default 50); counts always cover the whole window.'),
    }),
    output: searchLogsOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const pattern = compilePattern(args.pattern, args.regex, args.case_sensitive);
      const range = await resolveLogsWindow(backend, args, deps.until);
      const search = {
        source: args.pattern,
        pattern,
        range,
        service: args.service,
        minLevel: parseLevelArg(args.level),
        limit: args.limit ?? 50,
      };
      return findLogMatches(backend, search, ctx.signal);
    },
    render(r) {
      if (!r.totalMatches) return r.note ?? 'no matches';
      const peak = [...r.perMinute].sort((a, b) => b.count - a.count).slice(0, 3);
      return [
        `${r.totalMatches} matches of ${r.regex ? 'regex' : 'text'} ${JSON.stringify(r.pattern)} in ${r.window.from} .. ${r.window.to}, first ${r.firstMatch}, last ${r.lastMatch}`,
        `by service: ${r.byService.map((s) => `${s.service} ${s.count}`).join(', ')}`,
        `busiest minutes: ${peak.map((p) => `${p.minute} (${p.count})`).join(', ')}`,
        ...r.matches.slice(0, 20).map(line),
        r.truncated ? `... ${r.totalMatches - Math.min(20, r.matches.length)} more matches not shown` : '',
      ]
        .filter(Boolean)
        .join('\n');
    },
  });

  const logPatterns = defineTool({
    name: 'log_patterns',
    title: 'Log message patterns',
    description:
      'Group every log message in a window into templates (variable parts such as ids and durations masked as <*>), per service, and ' +
      'say which are new or surging: isNew means first seen after baseline_until; rateJump compares the per-minute rate after ' +
      'baseline_until with the rate before. Rows come ranked: new or surging ERROR/FATAL templates first, then new or surging WARN, ' +
      'then by count. Each row has a per-minute count series (rate) to find when it started, a sample message and the ref of its first ' +
      'occurrence. Call this first in an investigation to see what changed; then search_logs or read_logs for details.',
    input: z.strictObject({
      ...timeArgs,
      service: serviceArg,
      level: levelArg.describe('Minimum level (default: all levels).'),
      baseline_until: z
        .string()
        .optional()
        .describe(
          'End of the "normal" period, same forms as until (durations count back from the end of the window). Default: window start + 40% of the window.',
        ),
      limit: z.number().int().min(1).max(500).optional().describe('Templates to return, 1-500 (default 60).'),
      min_count: z.number().int().min(1).optional().describe('Leave out templates seen fewer times (default 1).'),
    }),
    output: logPatternsOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const range = await resolveLogsWindow(backend, args, deps.until);
      const minLevel = parseLevelArg(args.level);
      let baselineUntil = range.from + Math.round((range.to - range.from) * 0.4);
      if (args.baseline_until) {
        try {
          baselineUntil = parseTimeArg(args.baseline_until, range.to, 'baseline_until');
        } catch (err) {
          throw new ToolError(err instanceof Error ? err.message : String(err));
        }
        baselineUntil = Math.min(Math.max(baselineUntil, range.from), range.to);
      }
      const result = await minePatterns(backend.scan({ range, service: args.service, minLevel }, ctx.signal), {
        range,
        baselineUntil,
        limit: args.limit ?? 60,
        minCount: args.min_count ?? 1,
      });
      return {
        window: windowOut(range),
        baselineUntil: toIso(baselineUntil),
        totalEntries: result.totalEntries,
        templates: result.templates,
        omitted: result.omitted,
        warnings: warningsOut(backend),
        note: result.templates.length
          ? undefined
          : await describeEmpty(backend, range, { service: args.service, level: minLevel }),
        source: await sourceOut(backend, range),
      };
    },
    render(r) {
      if (!r.templates.length) return r.note ?? 'no templates';
      const rows = r.templates.slice(0, 40).map((t) => {
        const tag = t.isNew ? 'NEW ' : t.rateJump >= 3 ? `x${t.rateJump.toFixed(1)} ` : '';
        return `${tag}${t.level} [${t.service}] ${t.count}x ${t.template}  (first ${t.first}, ${t.ref})`;
      });
      return [
        `${r.templates.length} templates from ${r.totalEntries} entries, ${r.window.from} .. ${r.window.to}, baseline until ${r.baselineUntil}${r.omitted ? `, ${r.omitted} more omitted` : ''}`,
        ...rows,
      ].join('\n');
    },
  });

  return [readLogs, searchLogs, logPatterns];
}
