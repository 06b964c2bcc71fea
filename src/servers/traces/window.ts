// Resolves since/until arguments to a window; "now" is the end of the data for file backends.
import { parseDuration, parseTimeArg, toIso } from '../../core/time.js';
import type { TimeRange } from '../../core/types.js';
import { ToolError } from '../../mcp/tool.js';
import type { TracesBackend } from './backend.js';

const LIVE_DEFAULT_MS = 3_600_000;

export async function resolveWindow(backend: TracesBackend, sourceUntil: string | undefined, since?: string, until?: string): Promise<TimeRange> {
  const extent = await backend.extent();
  const now = sourceUntil ? parseTimeArg(sourceUntil, Date.now(), '--until') : extent ? extent.to : Date.now();
  const to = until ? parseTimeArg(until, now, 'until') : now;
  const from = since ? parseTimeArg(since, to, 'since') : extent ? Math.min(extent.from, to - 1) : to - LIVE_DEFAULT_MS;
  if (from >= to) throw new ToolError(`empty window: since (${toIso(from)}) is not before until (${toIso(to)})`);
  return { from, to };
}

export function windowOut(r: TimeRange) {
  return { from: toIso(r.from), to: toIso(r.to) };
}

/** "500ms", "1.5s", "2m" or a bare number of milliseconds. */
export function parseMinDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const withUs = /^(\d+(?:\.\d+)?)(us|µs)$/.exec(t);
  if (withUs) return Number(withUs[1]) / 1000;
  const ms = parseDuration(t);
  if (ms === null) throw new ToolError(`min_duration: cannot read "${text}"; use a duration such as 500ms, 1.5s or 2m`);
  return ms;
}
