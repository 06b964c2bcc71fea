// The time window of a tool call, the same rule for every server: explicit since/until, else a span
// before "now", where "now" is the end of the data (file backends) or the clock (live ones), or --until.
import { PilotError } from './errors.js';
import { parseTimeArg, toIso } from './time.js';
import type { TimeRange } from './types.js';

export interface WindowArgs {
  since?: string;
  until?: string;
}

/** The window a call gets without since: the same for every server, so that their answers line up. */
export const DEFAULT_WINDOW_MS = 6 * 3_600_000;

export interface WindowDefaults {
  /** First and last item of the data (ms); null for live backends. */
  extent: TimeRange | null;
  /** The --until option: a fixed "now". */
  fixedUntil?: string;
  /** Length of the window when since is absent (default DEFAULT_WINDOW_MS). */
  spanMs?: number;
  /** "Now" when the backend keeps its own clock (k8s: the end of its files); default: extent.to, else the clock. */
  now?: number;
  /** Clip a default since to the start of the data (default true). */
  clip?: boolean;
}

export function resolveWindow(args: WindowArgs, defaults: WindowDefaults): TimeRange {
  const { extent } = defaults;
  // Just past the last item, so the half-open window still holds it.
  const dataEnd = defaults.now ?? (extent ? extent.to + 1 : Date.now());
  const now = defaults.fixedUntil ? parseTimeArg(defaults.fixedUntil, dataEnd, '--until') : dataEnd;
  const to = args.until ? parseTimeArg(args.until, now, 'until') : now;
  let from = args.since ? parseTimeArg(args.since, now, 'since') : to - (defaults.spanMs ?? DEFAULT_WINDOW_MS);
  if (!args.since && defaults.clip !== false && extent && from < extent.from) from = Math.min(extent.from, to - 1);
  if (from >= to) throw new PilotError('usage', `since (${toIso(from)}) must be before until (${toIso(to)})`);
  return { from, to };
}

export function windowOut(range: TimeRange): { from: string; to: string } {
  return { from: toIso(range.from), to: toIso(range.to) };
}
