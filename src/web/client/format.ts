// Small formatters of the web app: run durations and analyst names, kept apart from the DOM so they are tested alone.

/**
 * Milliseconds from start to finish (or to now while running); null when it has not started or the times are
 * unreadable.
 */
export function runDuration(startedAt: string | null, finishedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  const start = Date.parse(startedAt);
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return Math.max(0, end - start);
}

/** 850 ms, 4.2 s, 3 min 05 s, 2 h 10 min: the unit a person would use. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "engine" -> "correlation engine"; "llm:openai/gpt-4o" -> "openai/gpt-4o"; anything else as it is. */
export function describeAnalyst(analyst: string): string {
  if (!analyst) return 'auto';
  if (analyst === 'engine') return 'correlation engine';
  if (analyst.startsWith('engine ')) return `correlation engine${analyst.slice(6)}`;
  return analyst.startsWith('llm:') ? analyst.slice(4) : analyst;
}
