// The time window of a metrics tool call: explicit since/until, else the 6 hours before the end of the data.
import { floorToMinute, parseTimeArg } from '../../core/time.js';
import type { TimeRange } from '../../core/types.js';
import { ToolError } from '../../mcp/tool.js';

export const DEFAULT_METRICS_SPAN_MS = 6 * 3_600_000;

/** `extent` is the data's first/last sample (ms); the default end is the minute after the last sample. */
export function resolveMetricsWindow(args: { since?: string; until?: string }, extent: TimeRange | null, fixedUntil: string | undefined, spanMs = DEFAULT_METRICS_SPAN_MS): TimeRange {
  const base = extent?.to ?? Date.now();
  const dataEnd = fixedUntil ? parseTimeArg(fixedUntil, base, '--until') : extent ? floorToMinute(extent.to) + 60_000 : base;
  const to = args.until ? parseTimeArg(args.until, dataEnd, 'until') : dataEnd;
  let from = args.since ? parseTimeArg(args.since, dataEnd, 'since') : to - spanMs;
  if (!args.since && extent && from < extent.from) from = Math.min(extent.from, to - 60_000);
  if (from >= to) throw new ToolError(`since (${new Date(from).toISOString()}) must be before until (${new Date(to).toISOString()})`);
  return { from, to };
}
