// What the file logs backend reports about its files: warnings (skipped files first, then per-file counts,
// then line-level problems), the read summary behind the tools' `source` field, and the health checks.
import { toIso } from '../../../core/time.js';
import type { DataWarning, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { LogsReadSummary } from '../backend.js';
import type { EntryAssembler } from './assemble.js';
import type { LogFile } from './discover.js';

/** `found` maps `where\nmessage` to the message: one warning per place and problem. */
export function collectWarnings(files: LogFile[], found: Map<string, string>): DataWarning[] {
  const skipped: DataWarning[] = [];
  const counts: DataWarning[] = [];
  for (const f of files) {
    if (f.skip) skipped.push({ where: f.where, message: `skipped: ${f.skip}` });
    else {
      if (f.unread > 0)
        counts.push({
          where: f.where,
          message: `${f.unread} line(s) could not be read as log entries and were skipped`,
        });
      if (f.dropped > 0)
        counts.push({
          where: f.where,
          message: `${f.dropped} entr${f.dropped === 1 ? 'y' : 'ies'} dropped for an implausible time`,
        });
    }
  }
  const lines = [...found].map(([key, message]) => ({ where: key.slice(0, key.indexOf('\n')), message }));
  return [...skipped, ...counts, ...lines];
}

export function summarize(files: LogFile[], extent: TimeRange | null): LogsReadSummary {
  const skipped = files.filter((f) => f.skip).map((f) => ({ file: f.where, reason: f.skip! }));
  let unreadLines = 0;
  let droppedEntries = 0;
  for (const f of files) {
    unreadLines += f.unread;
    droppedEntries += f.dropped;
  }
  return {
    files: files.length,
    filesWithEntries: files.length - skipped.length,
    skipped,
    unreadLines,
    droppedEntries,
    extent,
  };
}

/** Not ok when no entry could be read, or when a file was skipped (named with its reason). */
export function healthChecks(s: LogsReadSummary, warningCount: number): HealthCheck[] {
  const checks: HealthCheck[] = [
    {
      name: 'log files',
      ok: s.files > 0,
      detail: s.files ? `${s.files} file(s) under logs/, ${s.filesWithEntries} with entries` : 'no file under logs/',
    },
    {
      name: 'log entries',
      ok: s.extent !== null,
      detail: s.extent
        ? `entries from ${toIso(s.extent.from)} to ${toIso(s.extent.to)}`
        : `no log entry could be read${s.skipped.length ? `: ${s.skipped.length} file(s) skipped` : ''}`,
    },
  ];
  if (s.skipped.length)
    checks.push({
      name: 'skipped log files',
      ok: false,
      detail: s.skipped.map((k) => `${k.file}: ${k.reason}`).join('; '),
    });
  const problems = warningCount - s.skipped.length;
  checks.push({
    name: 'log warnings',
    ok: true,
    detail: problems
      ? `${problems} problem(s) reading logs: ${s.unreadLines} unreadable line(s) skipped, ${s.droppedEntries} entr${s.droppedEntries === 1 ? 'y' : 'ies'} with implausible times dropped`
      : 'none',
  });
  return checks;
}

export function describeGzipError(err: Error): string {
  return /unexpected end of file/i.test(err.message)
    ? 'truncated gzip (the stream ends early)'
    : `corrupt gzip (${err.message})`;
}

export function whyNoEntries(asm: EntryAssembler): string {
  if (asm.dropped > 0) return `every entry has an implausible time (${asm.dropped} dropped)`;
  if (asm.unread > 0) return `no line could be read as a log entry (${asm.unread} unreadable line(s))`;
  return 'no line could be read as a log entry';
}
