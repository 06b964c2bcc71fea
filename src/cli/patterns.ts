// `incident-pilot patterns FILE`: the log templates of one file, with counts and where each first and last occurs.
// Lines are read by the logs server's own parser and file reader, so both understand the same formats.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { PilotError } from '../core/errors.js';
import { toIso } from '../core/time.js';
import { createTemplateMiner } from '../analysis/templates.js';
import { openLogFile } from '../servers/logs/backends/discover.js';
import { parseUntimedRecord } from '../servers/logs/backends/fields.js';
import { readLineBatches } from '../servers/logs/backends/lines.js';
import { parseLine } from '../servers/logs/backends/parse.js';
import { surveyFiles } from '../servers/logs/backends/survey.js';
import type { YearReference } from '../servers/logs/backends/timestamp.js';

export interface PatternTemplate {
  id: number;
  template: string;
  count: number;
  /** 1-based line numbers of the first and last entry of this template. */
  first: number;
  last: number;
  /** Earliest and latest timestamp of its entries (ISO 8601), when the lines carry timestamps. */
  firstTime?: string;
  lastTime?: string;
}

export interface PatternsResult {
  /** Most frequent first. */
  templates: PatternTemplate[];
  /** The template id of each entry (of each line with perLine), in file order. */
  assignments: number[];
}

export interface LineMessage {
  message: string;
  /** Epoch ms, NaN when the line has no timestamp. */
  time: number;
  /** False for a line the parser takes as the continuation of the entry above (a stack frame). */
  entry: boolean;
}

/** The message and time of one line, by the logs server's parser; a line of no known format is its own message. */
export function readLineMessage(line: string, year?: YearReference): LineMessage {
  const r = parseLine(line, year);
  if (r !== null && typeof r === 'object') return { message: r.message, time: r.ts, entry: true };
  const record = r === null ? parseUntimedRecord(line) : undefined;
  if (record) return { message: record.message, time: NaN, entry: true };
  return { message: line.trim(), time: NaN, entry: r !== null };
}

interface Stats {
  count: number;
  first: number;
  last: number;
  minTime: number;
  maxTime: number;
}

/**
 * Mines templates from lines. An entry is a line, except that (without perLine) a line the parser reads as a
 * continuation (a stack frame) that follows a timestamped entry continues it and gets no template of its own.
 */
async function minePatterns(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { perLine?: boolean; year?: YearReference } = {},
): Promise<PatternsResult> {
  const miner = createTemplateMiner();
  const raw: number[] = [];
  const entryLines: number[] = [];
  const entryTimes: number[] = [];
  let lineNo = 0;
  let previousHadTime = false;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const { message, time, entry } = readLineMessage(line, options.year);
    const hasTime = !Number.isNaN(time);
    if (!options.perLine && !entry && previousHadTime && raw.length > 0) continue; // continuation line
    previousHadTime = hasTime;
    raw.push(miner.add(message));
    entryLines.push(lineNo);
    entryTimes.push(time);
  }
  // Clusters can merge after an entry was assigned: report the surviving ids only.
  const assignments = raw.map((id) => miner.resolve(id));
  const stats = new Map<number, Stats>();
  assignments.forEach((id, i) => {
    const t = entryTimes[i];
    const s = stats.get(id);
    if (!s) {
      stats.set(id, { count: 1, first: entryLines[i], last: entryLines[i], minTime: t, maxTime: t });
      return;
    }
    s.count++;
    s.last = entryLines[i];
    if (!Number.isNaN(t)) {
      if (Number.isNaN(s.minTime) || t < s.minTime) s.minTime = t;
      if (Number.isNaN(s.maxTime) || t > s.maxTime) s.maxTime = t;
    }
  });
  const templates: PatternTemplate[] = [...stats].map(([id, s]) => {
    const out: PatternTemplate = { id, template: miner.template(id), count: s.count, first: s.first, last: s.last };
    if (!Number.isNaN(s.minTime)) {
      out.firstTime = toIso(s.minTime);
      out.lastTime = toIso(s.maxTime);
    }
    return out;
  });
  templates.sort((a, b) => b.count - a.count || a.id - b.id);
  return { templates, assignments };
}

/** The lines of a log file as the logs server reads it: gzip by magic bytes, CRLF stripped, streamed. */
async function* fileLines(path: string): AsyncGenerator<string> {
  for await (const batch of readLineBatches(path, {
    gzip: await isGzipFile(path),
    counters: { bytesRead: 0, indexBytesRead: 0 },
  }))
    yield* batch.lines;
}

async function isGzipFile(path: string): Promise<boolean> {
  return (await openLogFile(path, path))?.gzip ?? false;
}

/**
 * Opens the file as the logs server would: a file that yields nothing (empty, binary, corrupt gzip) is an error naming
 * why.
 */
async function openForPatterns(file: string): Promise<YearReference> {
  const f = await openLogFile(file, file);
  if (!f) throw new PilotError('usage', `patterns: not a file: ${file}`);
  await surveyFiles([f], { now: Date.now(), counters: { bytesRead: 0, indexBytesRead: 0 } });
  if (f.skip) throw new PilotError('bad_input', `patterns: cannot read ${file}: ${f.skip}`);
  return f.year;
}

function formatPatternsTable(result: PatternsResult): string {
  const rows = result.templates.map((t) => [
    String(t.id),
    String(t.count),
    t.firstTime ?? String(t.first),
    t.lastTime ?? String(t.last),
    t.template,
  ]);
  const header = ['ID', 'COUNT', 'FIRST', 'LAST', 'TEMPLATE'];
  const widths = header.slice(0, 4).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) =>
    [...r.slice(0, 4).map((v, c) => (c === 1 || c === 0 ? v.padStart(widths[c]) : v.padEnd(widths[c]))), r[4]].join(
      '  ',
    );
  const total = result.assignments.length;
  return [fmt(header), ...rows.map(fmt), '', `${total} entries, ${result.templates.length} templates`].join('\n');
}

export function registerPatternsCommand(
  program: Command,
  write: (text: string) => void = (t) => void process.stdout.write(t),
): void {
  program
    .command('patterns')
    .argument(
      '<file>',
      'a log file in any format the logs server reads (plain, JSON lines, logfmt, syslog, access log, klog; gzip too)',
    )
    .description(
      'group the lines of a log file into templates (variables as <*>), with counts and first/last occurrence',
    )
    .option('--per-line', 'one entry per line (by default, stack-trace lines continue the entry above)', false)
    .option(
      '--json',
      'print {"templates":[{id,template,count,first,last,firstTime?,lastTime?}],"assignments":[...]}',
      false,
    )
    .action(async (file: string, flags: { perLine: boolean; json: boolean }) => {
      if (!existsSync(file)) throw new PilotError('not_found', `patterns: no such file: ${file}`);
      if (!statSync(file).isFile()) throw new PilotError('usage', `patterns: not a file: ${file}`);
      const year = await openForPatterns(file);
      let result: PatternsResult;
      try {
        result = await minePatterns(fileLines(file), { perLine: flags.perLine, year });
      } catch (err) {
        throw new PilotError('bad_input', `patterns: cannot read ${file}: ${(err as Error).message}`, { cause: err });
      }
      write(flags.json ? `${JSON.stringify(result)}\n` : `${formatPatternsTable(result)}\n`);
    });
}
