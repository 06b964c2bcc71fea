// --since and --until, checked before any server starts: a time that cannot be read, or a window that ends
// before it begins, is bad usage (exit 2 naming the flag), never a run whose tools all fail.
import { PilotError } from '../core/errors.js';
import { parseTimeArg, toIso } from '../core/time.js';

export interface TimeFlags {
  since?: string;
  until?: string;
}

/** What the flags say, once read: `untilIsAbsolute` tells a fixed time from one relative to the end of the data. */
export interface CheckedTimeFlags extends TimeFlags {
  untilIsAbsolute: boolean;
}

// Two unrelated "now"s: a time that reads the same against both does not depend on now (it is absolute).
const NOW_A = Date.UTC(2001, 0, 1);
const NOW_B = Date.UTC(2011, 6, 1);

/**
 * Reads --since and --until the way the servers will (ISO 8601 with Z or an offset, epoch seconds or ms, `now`,
 * or a duration before --until such as 3h), and refuses what they would refuse, naming the flag.
 */
export function checkTimeFlags(flags: TimeFlags): CheckedTimeFlags {
  const since = flags.since?.trim() || undefined;
  const until = flags.until?.trim() || undefined;
  if (flags.since !== undefined && !since)
    throw new PilotError('usage', '--since: empty time', { hint: 'e.g. --since 2025-01-15T14:00:00Z or --since 3h' });
  if (flags.until !== undefined && !until)
    throw new PilotError('usage', '--until: empty time', { hint: 'e.g. --until 2025-01-15T16:00:00Z' });
  const untilA = until ? parseTimeArg(until, NOW_A, '--until') : NOW_A;
  const untilB = until ? parseTimeArg(until, NOW_B, '--until') : NOW_B;
  const untilIsAbsolute = Boolean(until) && untilA === untilB;
  if (since) {
    // A duration in --since counts back from --until (the servers' "now"), so read it against each until.
    const sinceA = parseTimeArg(since, untilA, '--since');
    const sinceB = parseTimeArg(since, untilB, '--since');
    const sinceIsAbsolute = sinceA === sinceB;
    // Comparable: both fixed times, or since counted back from until. An absolute since against a relative until
    // depends on where the data ends, which only the servers know.
    if ((sinceIsAbsolute && untilIsAbsolute) || !sinceIsAbsolute) {
      if (sinceA >= untilA) {
        const what = sinceIsAbsolute
          ? `--since ${toIso(sinceA)} is not before --until ${toIso(untilA)}`
          : `--since ${since} does not reach back before --until`;
        throw new PilotError('usage', `${what}: the window would be empty`, {
          hint: 'give a --since earlier than --until, or a positive duration such as --since 3h',
        });
      }
    }
  }
  return { since, until, untilIsAbsolute };
}
