// One search over a logs backend: counts in the whole window, per service and minute, and the first matches.
// search_logs and traces' correlate_logs_and_traces both answer with it, so their results read alike.
import type { LogEntryOut, SearchLogsOutput } from '../../core/contracts/logs.js';
import type { UserPattern } from '../../core/regex.js';
import { floorToMinute, toIso } from '../../core/time.js';
import type { Level, TimeRange } from '../../core/types.js';
import { windowOut } from '../../core/window.js';
import type { LogsBackend } from './backend.js';
import { describeEmpty, sourceOut, toEntryOut, warningsOut } from './window.js';

export interface LogSearch {
  /** The user's text, as given. */
  source: string;
  pattern: UserPattern;
  range: TimeRange;
  service?: string;
  minLevel?: Level;
  /** Matches to list; the counts cover the whole window. */
  limit: number;
}

export async function findLogMatches(
  backend: LogsBackend,
  search: LogSearch,
  signal?: AbortSignal,
): Promise<SearchLogsOutput> {
  const { pattern, range } = search;
  const matches: LogEntryOut[] = [];
  const byService = new Map<string, number>();
  const perMinute = new Map<number, number>();
  let total = 0;
  let first: number | null = null;
  let last: number | null = null;
  const query = {
    range,
    service: search.service,
    minLevel: search.minLevel,
    match: { source: search.source, regex: pattern.regex, caseSensitive: pattern.caseSensitive },
  };
  for await (const batch of backend.scan(query, signal)) {
    for (const e of batch) {
      total++;
      if (matches.length < search.limit) matches.push(toEntryOut(e));
      byService.set(e.service, (byService.get(e.service) ?? 0) + 1);
      const m = floorToMinute(e.ts);
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
      if (first === null || e.ts < first) first = e.ts;
      if (last === null || e.ts > last) last = e.ts;
    }
  }
  return {
    pattern: search.source,
    regex: pattern.regex,
    window: windowOut(range),
    totalMatches: total,
    matches,
    truncated: total > matches.length,
    byService: [...byService]
      .map(([service, count]) => ({ service, count }))
      .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service)),
    perMinute: [...perMinute].sort((a, b) => a[0] - b[0]).map(([m, count]) => ({ minute: toIso(m), count })),
    firstMatch: first === null ? null : toIso(first),
    lastMatch: last === null ? null : toIso(last),
    warnings: warningsOut(backend),
    note: total
      ? undefined
      : await describeEmpty(backend, range, {
          service: search.service,
          level: search.minLevel,
          pattern: search.source,
        }),
    source: await sourceOut(backend, range),
  };
}
