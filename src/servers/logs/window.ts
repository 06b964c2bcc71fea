// What the logs tools share: the window a call covers, the cursor format, warnings and empty-result notes.
import { toIso } from '../../core/time.js';
import { resolveWindow, type WindowArgs } from '../../core/window.js';
import type { Level, LogEntry, TimeRange } from '../../core/types.js';
import { LEVELS } from '../../core/types.js';
import type { LogEntryOut, LogsSourceOut } from '../../core/contracts/logs.js';
import { ToolError } from '../../mcp/tool.js';
import type { LogsBackend } from './backend.js';

const MAX_WARNINGS = 20;

/** The window of a logs call: the shared default before the end of the data (or --until), clipped to its start. */
export async function resolveLogsWindow(
  backend: LogsBackend,
  args: WindowArgs,
  fixedUntil?: string,
): Promise<TimeRange> {
  return resolveWindow(args, { extent: await backend.extent(), fixedUntil });
}

export function toEntryOut(e: LogEntry): LogEntryOut {
  const out: LogEntryOut = { time: toIso(e.ts), level: e.level, service: e.service, message: e.message, ref: e.ref };
  if (e.attributes) out.attributes = e.attributes;
  return out;
}

/** The backend's reading problems, at most 20 and a count of the rest; undefined when there are none. */
export function warningsOut(backend: LogsBackend): Array<{ where: string; message: string }> | undefined {
  const all = backend.warnings();
  if (all.length === 0) return undefined;
  const shown = all.slice(0, MAX_WARNINGS);
  if (all.length > MAX_WARNINGS)
    shown.push({ where: 'logs', message: `${all.length - MAX_WARNINGS} more warnings not listed` });
  return shown;
}

/**
 * What the backend could read, and whether this window holds any of it; undefined for backends that cannot tell (live
 * ones).
 */
export async function sourceOut(backend: LogsBackend, range: TimeRange): Promise<LogsSourceOut | undefined> {
  if (!backend.summary) return undefined;
  const s = await backend.summary();
  const state = !s.extent
    ? 'no_entries'
    : range.to <= s.extent.from || range.from > s.extent.to
      ? 'no_entries_in_window'
      : 'ok';
  return {
    state,
    files: s.files,
    filesWithEntries: s.filesWithEntries,
    skipped: s.skipped,
    unreadLines: s.unreadLines,
    droppedEntries: s.droppedEntries,
    extent: s.extent ? { from: toIso(s.extent.from), to: toIso(s.extent.to) } : null,
  };
}

export function parseLevelArg(level: string | undefined, argName = 'level'): Level | undefined {
  if (level === undefined) return undefined;
  const up = level.trim().toUpperCase();
  const mapped = up === 'WARNING' ? 'WARN' : up === 'CRITICAL' ? 'FATAL' : up;
  if (!(LEVELS as readonly string[]).includes(mapped))
    throw new ToolError(`${argName}: "${level}" is not a level; use one of ${LEVELS.join(', ')}`);
  return mapped as Level;
}

/** What was searched and what to try next, for a result with nothing in it. */
export async function describeEmpty(
  backend: LogsBackend,
  range: TimeRange,
  filters: { service?: string; level?: string; pattern?: string; text?: string },
): Promise<string> {
  const parts = [`nothing found in ${toIso(range.from)} .. ${toIso(range.to)}`];
  if (filters.service) parts.push(`service ${filters.service}`);
  if (filters.level) parts.push(`level ${filters.level} or above`);
  if (filters.pattern) parts.push(`pattern ${JSON.stringify(filters.pattern)}`);
  if (filters.text) parts.push(`text ${JSON.stringify(filters.text)}`);
  const tips: string[] = [];
  const extent = await backend.extent();
  if (extent) tips.push(`the data spans ${toIso(extent.from)} .. ${toIso(extent.to)}: widen since/until`);
  else {
    const skipped = backend.summary ? (await backend.summary()).skipped : [];
    const named = skipped.slice(0, 5).map((k) => `${k.file} (${k.reason})`);
    if (skipped.length > named.length) named.push(`${skipped.length - named.length} more`);
    return `No log entry could be read at all, so there was nothing to search${named.length ? `: skipped ${named.join('; ')}` : ''}. See warnings.`;
  }
  if (filters.level) tips.push('drop the level filter');
  const services = await backend.services();
  if (filters.service && !services.some((s) => s.toLowerCase() === filters.service!.toLowerCase())) {
    tips.push(`no service is named "${filters.service}"; services: ${services.join(', ') || 'none'}`);
  } else if (services.length) tips.push(`services: ${services.join(', ')}`);
  if (filters.pattern) tips.push('try a shorter or case-insensitive pattern');
  return `${parts.join(', ')}. Try: ${tips.join('; ')}.`;
}

/** Cursor of read_logs: resume at time `t`, skipping the `s` entries at that exact time already returned. */
export function encodeCursor(t: number, s: number): string {
  return Buffer.from(JSON.stringify({ t, s })).toString('base64url');
}

export function decodeCursor(cursor: string): { t: number; s: number } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; s?: unknown };
    if (typeof v.t === 'number' && typeof v.s === 'number' && Number.isFinite(v.t) && v.s >= 0)
      return { t: v.t, s: v.s };
  } catch {
    // fall through
  }
  throw new ToolError(
    'cursor: not a cursor this tool returned; pass nextCursor from the previous read_logs result unchanged',
  );
}
