// --since/--until are read before anything starts: unreadable times and empty windows are usage errors naming the flag.
import { describe, expect, it } from 'vitest';
import { toAnalyzeOptions } from '../../src/cli/analyze.js';
import { toSourceOptions } from '../../src/cli/options.js';
import { checkTimeFlags } from '../../src/cli/time-flags.js';
import { PilotError } from '../../src/core/errors.js';

function usageError(fn: () => unknown): PilotError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PilotError);
    expect((err as PilotError).code).toBe('usage');
    return err as PilotError;
  }
  throw new Error('expected a usage error');
}

describe('checkTimeFlags', () => {
  it('names the flag whose time cannot be read', () => {
    expect(usageError(() => checkTimeFlags({ since: 'foo' })).message).toMatch(/^--since: cannot read "foo" as a time/);
    expect(usageError(() => checkTimeFlags({ until: 'bogus' })).message).toMatch(
      /^--until: cannot read "bogus" as a time/,
    );
    expect(usageError(() => checkTimeFlags({ since: '2025-01-15T14:00:00Z', until: 'later' })).message).toMatch(
      /^--until/,
    );
    expect(usageError(() => checkTimeFlags({ since: '  ' })).message).toMatch(/^--since: empty/);
  });

  it('refuses a since at or after until when both are fixed times, offsets included', () => {
    expect(
      usageError(() => checkTimeFlags({ since: '2025-01-15T15:00:00Z', until: '2025-01-15T14:00:00Z' })).message,
    ).toMatch(/--since 2025-01-15T15:00:00Z is not before --until 2025-01-15T14:00:00Z/);
    // 10:00-05:00 is 15:00Z: after 14:30Z.
    expect(
      usageError(() => checkTimeFlags({ since: '2025-01-15T10:00:00-05:00', until: '2025-01-15T14:30:00Z' })).message,
    ).toMatch(/not before/);
    expect(usageError(() => checkTimeFlags({ since: '0m' })).message).toMatch(/--since 0m does not reach back/);
    expect(usageError(() => checkTimeFlags({ since: 'now', until: '1h' })).message).toMatch(/does not reach back/);
  });

  it('accepts UTC offsets, durations, epoch times and now, and tells a fixed until from a relative one', () => {
    expect(checkTimeFlags({ since: '2025-01-15T09:00:00-05:00', until: '2025-01-15T16:00:00+01:00' })).toEqual({
      since: '2025-01-15T09:00:00-05:00',
      until: '2025-01-15T16:00:00+01:00',
      untilIsAbsolute: true,
    });
    expect(checkTimeFlags({ since: '3h', until: '1736951400' }).untilIsAbsolute).toBe(true);
    expect(checkTimeFlags({ since: '3h', until: '1h' }).untilIsAbsolute).toBe(false);
    expect(checkTimeFlags({ until: 'now' }).untilIsAbsolute).toBe(false);
    // A fixed since against an until relative to the end of the data: only the servers can compare them.
    expect(checkTimeFlags({ since: '2025-01-15T14:00:00Z', until: '1h' }).since).toBe('2025-01-15T14:00:00Z');
    expect(checkTimeFlags({})).toEqual({ since: undefined, until: undefined, untilIsAbsolute: false });
  });
});

describe('analyze options and source options', () => {
  const base = { llm: 'none', redact: true };
  it('refuse bad time flags before anything starts', () => {
    expect(usageError(() => toAnalyzeOptions('x', { ...base, since: 'foo' }, {})).message).toMatch(/--since/);
    expect(usageError(() => toAnalyzeOptions('x', { ...base, until: 'bogus' }, {})).message).toMatch(/--until/);
    expect(usageError(() => toSourceOptions({ until: 'bogus' }, {})).message).toMatch(/--until/);
  });

  it('gives a relative --until to the servers only, so it is not counted twice', () => {
    const relative = toAnalyzeOptions('x', { ...base, until: '2h', since: '3h' }, {});
    expect(relative.source.until).toBe('2h');
    expect(relative.until).toBeUndefined();
    expect(relative.since).toBe('3h');
    const fixed = toAnalyzeOptions('x', { ...base, until: '2025-01-15T16:00:00+01:00' }, {});
    expect(fixed.source.until).toBe('2025-01-15T16:00:00+01:00');
    expect(fixed.until).toBe('2025-01-15T16:00:00+01:00');
  });
});
