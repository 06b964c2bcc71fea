// The time window of a git tool call: explicit since/until, else the week before the end of the data.
import { floorToMinute, parseTimeArg } from '../../core/time.js';
import type { TimeRange } from '../../core/types.js';
import { ToolError } from '../../mcp/tool.js';

export const DEFAULT_GIT_SPAN_MS = 7 * 86_400_000;

/**
 * `latest` is the newest commit/deployment time; `fixedUntil` the --until option. The default end is the
 * minute after the newest event so that it falls inside the half-open window.
 */
export function resolveGitWindow(args: { since?: string; until?: string }, latest: number | null, fixedUntil: string | undefined, spanMs = DEFAULT_GIT_SPAN_MS): TimeRange {
  const base = latest ?? Date.now();
  const dataEnd = fixedUntil ? parseTimeArg(fixedUntil, base, '--until') : floorToMinute(base) + 60_000;
  const to = args.until ? parseTimeArg(args.until, dataEnd, 'until') : dataEnd;
  const from = args.since ? parseTimeArg(args.since, dataEnd, 'since') : to - spanMs;
  if (from >= to) throw new ToolError(`since (${new Date(from).toISOString()}) must be before until (${new Date(to).toISOString()})`);
  return { from, to };
}
