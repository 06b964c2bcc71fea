// Resolves since/until arguments to a window; "now" is the end of the data for file backends.
import { parseDuration } from '../../core/time.js';
import { resolveWindow } from '../../core/window.js';
import type { TimeRange } from '../../core/types.js';
import { ToolError } from '../../mcp/tool.js';
import type { TracesBackend } from './backend.js';

const LIVE_DEFAULT_MS = 3_600_000;

/** Files: the whole trace data by default; live backends: the last hour. */
export async function resolveTracesWindow(backend: TracesBackend, sourceUntil: string | undefined, since?: string, until?: string): Promise<TimeRange> {
  const extent = await backend.extent();
  return resolveWindow({ since, until }, { extent, fixedUntil: sourceUntil, spanMs: extent ? extent.to - extent.from + 1 : LIVE_DEFAULT_MS });
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
