// Time parsing and formatting. Timestamps without a zone are UTC, as the data formats say.

import { PilotError } from './errors.js';

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `90m`, `2h`, `1d` into milliseconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2]];
}

// ISO 8601 with `T` or a space, optional fraction with `.` or `,`, optional Z or offset.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO-8601-like timestamp into epoch ms; NaN when it is not one. Fast path for log parsing. */
export function parseTimestamp(text: string): number {
  const m = ISO_RE.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  let ms = frac ? Math.round(Number(frac.padEnd(3, '0').slice(0, 3) + '.' + frac.slice(3, 9).padEnd(1, '0'))) : 0;
  if (ms === 1000) ms = 999;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    t -= sign * offset;
  }
  return t;
}

/**
 * Parses a user-supplied time: ISO 8601, epoch seconds or milliseconds, `now`, or a duration
 * before `now` (`2h`, `now-2h`). `now` is the end of the data for file backends.
 */
export function parseTimeArg(text: string, now: number, argName = 'time'): number {
  const t = text.trim();
  if (t === 'now') return now;
  const rel = /^now-(.+)$/.exec(t);
  const dur = parseDuration(rel ? rel[1] : t);
  if (dur !== null) return now - dur;
  if (/^\d{9,10}(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (/^\d{12,13}$/.test(t)) return Number(t);
  const ts = parseTimestamp(t);
  if (Number.isNaN(ts)) {
    throw new PilotError('usage', `${argName}: cannot read "${text}" as a time`, {
      hint: 'use ISO 8601 (2025-01-15T14:45:00Z), epoch seconds, or a duration before now such as 2h',
    });
  }
  return ts;
}

/**
 * ISO 8601 in UTC; a value no Date can hold (NaN, ±Infinity, beyond ±8.64e15 ms) gives `invalid time (<value>)`, never
 * a throw.
 */
export function toIso(ms: number): string {
  if (!isRepresentable(ms)) return `invalid time (${ms})`;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function isRepresentable(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

export function floorToMinute(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}

/** `14:45` style clock time in UTC, for compact timelines. */
export function clockTime(ms: number): string {
  if (!isRepresentable(ms)) return '--:--';
  return new Date(ms).toISOString().slice(11, 16);
}

/** A span for people: "40 s", "17 min", "27 h", "3 d" (rounded; hours from 2 h, days from 2 d). */
export function describeSpan(ms: number): string {
  const a = Math.abs(ms);
  if (a < 60_000) return `${Math.round(a / 1000)} s`;
  if (a < 2 * 3_600_000) return `${Math.round(a / 60_000)} min`;
  if (a < 2 * 86_400_000) return `${Math.round(a / 3_600_000)} h`;
  return `${Math.round(a / 86_400_000)} d`;
}
