// Resolves since/until arguments to a window; "now" is the end of the data for file backends.
import { parseDuration } from '../../core/time.js';
import { resolveWindow } from '../../core/window.js';
import type { TimeRange } from '../../core/types.js';
import { ToolError } from '../../mcp/tool.js';
import type { TracesBackend } from './backend.js';

/** The shared window rule: the default span before the end of the trace data (files) or now (live backends). */
export async function resolveTracesWindow(
  backend: TracesBackend,
  sourceUntil: string | undefined,
  since?: string,
  until?: string,
): Promise<TimeRange> {
  return resolveWindow({ since, until }, { extent: await backend.extent(), fixedUntil: sourceUntil });
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
