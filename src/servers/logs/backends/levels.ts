// Level names as logs spell them (any case, aliases, pino numbers) mapped onto our six levels.
import { LEVELS, type Level } from '../../../core/types.js';

const ALIASES: Record<string, Level> = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  DBG: 'DEBUG',
  INFO: 'INFO',
  INF: 'INFO',
  INFORMATION: 'INFO',
  NOTICE: 'INFO',
  WARN: 'WARN',
  WARNING: 'WARN',
  WRN: 'WARN',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  SEVERE: 'ERROR',
  FATAL: 'FATAL',
  CRITICAL: 'FATAL',
  CRIT: 'FATAL',
  PANIC: 'FATAL',
  ALERT: 'FATAL',
  EMERG: 'FATAL',
  EMERGENCY: 'FATAL',
};

// Exact spellings seen in practice resolve without toUpperCase (one Map lookup per line).
const FAST = new Map<string, Level>();
for (const [k, v] of Object.entries(ALIASES)) {
  FAST.set(k, v);
  FAST.set(k.toLowerCase(), v);
  FAST.set(k[0] + k.slice(1).toLowerCase(), v);
}

/** The level a word names, or undefined when the word is not a level. */
export function levelOfWord(word: string): Level | undefined {
  return FAST.get(word) ?? (word.length <= 11 ? ALIASES[word.toUpperCase()] : undefined);
}

/** A structured level value: a name, or a pino/bunyan number (10 trace ... 60 fatal). */
export function levelOfValue(v: unknown): Level | undefined {
  if (typeof v === 'string') return levelOfWord(v.trim());
  if (typeof v === 'number') {
    if (v >= 60) return 'FATAL';
    if (v >= 50) return 'ERROR';
    if (v >= 40) return 'WARN';
    if (v >= 30) return 'INFO';
    if (v >= 20) return 'DEBUG';
    return 'TRACE';
  }
  return undefined;
}

const RANK = new Map<string, number>(LEVELS.map((l, i) => [l, i]));

/** 0 (TRACE) .. 5 (FATAL). */
export function rankOfLevel(level: Level): number {
  return RANK.get(level) ?? 2;
}
