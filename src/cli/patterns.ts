// `incident-pilot patterns FILE`: the log templates of one file, with counts and where each first and last occurs.
// The message extractor here is deliberately tiny and self-contained (JSON lines, logfmt, plain lines with a
// leading timestamp); the logs server has the full parser.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { PilotError } from '../core/errors.js';
import { parseTimestamp, toIso } from '../core/time.js';
import { createTemplateMiner } from '../engine/templates.js';

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

export interface ExtractedLine {
  message: string;
  /** Epoch ms, NaN when the line has no timestamp we recognise. */
  time: number;
}

const LEADING_TS = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s?(?:Z|z|[+-]\d{2}:?\d{2}))?)\]?\s*/;
const LEVEL = /^(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT)\b:?\s*/i;
const MESSAGE_KEYS = ['message', 'msg'];
const TIME_KEYS = ['timestamp', 'time', 'ts', '@timestamp'];

/** The message text and timestamp of one log line: JSON object, logfmt, `TIMESTAMP LEVEL [service] message`, or the whole line. */
export function extractLogLine(line: string): ExtractedLine {
  const text = line.trim();
  if (text.startsWith('{')) {
    const fields = parseJsonObject(text);
    if (fields) return fromFields(fields, text);
  }
  if (/^[A-Za-z_@][\w.@-]*=/.test(text)) {
    const fields = parseLogfmt(text);
    if (MESSAGE_KEYS.some((k) => k in fields)) return fromFields(fields, text);
  }
  const ts = LEADING_TS.exec(text);
  if (!ts) return { message: text, time: NaN };
  let rest = text.slice(ts[0].length).replace(LEVEL, '');
  // `[service]` or `[thread]` right after the level is context, not message.
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close > 0) rest = rest.slice(close + 1).trimStart();
  }
  return { message: rest, time: parseTimestamp(ts[1]) };
}

function fromFields(fields: Record<string, unknown>, whole: string): ExtractedLine {
  const key = MESSAGE_KEYS.find((k) => typeof fields[k] === 'string');
  const timeKey = TIME_KEYS.find((k) => fields[k] !== undefined);
  return { message: key ? (fields[key] as string) : whole, time: timeKey ? toEpoch(fields[timeKey]) : NaN };
}

function toEpoch(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value; // epoch seconds or ms
  if (typeof value === 'string') return parseTimestamp(value.trim());
  return NaN;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `key=value key2="quoted \"text\""` into a record; a malformed tail is ignored. */
export function parseLogfmt(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq);
    if (/\s/.test(key) || key === '') break;
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
    } else {
      const end = text.indexOf(' ', i);
      value = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    }
    out[key] = value;
  }
  return out;
}

interface Stats {
  count: number;
  first: number;
  last: number;
  minTime: number;
  maxTime: number;
}

/**
 * Mines templates from lines. An entry is a line, except that (without perLine) a line without a timestamp that
 * follows a timestamped entry continues it (stack traces) and gets no template of its own.
 */
export async function minePatterns(lines: AsyncIterable<string> | Iterable<string>, options: { perLine?: boolean } = {}): Promise<PatternsResult> {
  const miner = createTemplateMiner();
  const raw: number[] = [];
  const entryLines: number[] = [];
  const entryTimes: number[] = [];
  let lineNo = 0;
  let previousHadTime = false;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const { message, time } = extractLogLine(line);
    const hasTime = !Number.isNaN(time);
    if (!options.perLine && !hasTime && previousHadTime && raw.length > 0) continue; // continuation line
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

/** Lines of a file, decompressing `.gz`, without reading it whole. */
export function readFileLines(file: string): AsyncIterable<string> {
  let stream: Readable = createReadStream(file);
  if (file.endsWith('.gz')) stream = stream.pipe(createGunzip());
  return createInterface({ input: stream, crlfDelay: Infinity });
}

export function formatPatternsTable(result: PatternsResult): string {
  const rows = result.templates.map((t) => [String(t.id), String(t.count), t.firstTime ?? String(t.first), t.lastTime ?? String(t.last), t.template]);
  const header = ['ID', 'COUNT', 'FIRST', 'LAST', 'TEMPLATE'];
  const widths = header.slice(0, 4).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) => [...r.slice(0, 4).map((v, c) => (c === 1 || c === 0 ? v.padStart(widths[c]) : v.padEnd(widths[c]))), r[4]].join('  ');
  const total = result.assignments.length;
  return [fmt(header), ...rows.map(fmt), '', `${total} entries, ${result.templates.length} templates`].join('\n');
}

export function registerPatternsCommand(program: Command, write: (text: string) => void = (t) => void process.stdout.write(t)): void {
  program
    .command('patterns')
    .argument('<file>', 'a log file: plain lines, JSON lines or logfmt (.gz is read compressed)')
    .description('group the lines of a log file into templates (variables as <*>), with counts and first/last occurrence')
    .option('--per-line', 'one entry per line (by default, lines without a timestamp continue the entry above)', false)
    .option('--json', 'print {"templates":[{id,template,count,first,last,firstTime?,lastTime?}],"assignments":[...]}', false)
    .action(async (file: string, flags: { perLine: boolean; json: boolean }) => {
      if (!existsSync(file)) throw new PilotError('not_found', `patterns: no such file: ${file}`);
      if (!statSync(file).isFile()) throw new PilotError('usage', `patterns: not a file: ${file}`);
      let result: PatternsResult;
      try {
        result = await minePatterns(readFileLines(file), { perLine: flags.perLine });
      } catch (err) {
        throw new PilotError('bad_input', `patterns: cannot read ${file}: ${(err as Error).message}`, { cause: err });
      }
      write(flags.json ? `${JSON.stringify(result)}\n` : `${formatPatternsTable(result)}\n`);
    });
}
