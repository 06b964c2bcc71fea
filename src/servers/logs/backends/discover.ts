// Finds every log file under <dataDir>/logs (recursively) and how each must be read.
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DataWarning } from '../../../core/types.js';
import type { LineIndex } from './seek.js';
import { serviceFromFileName } from './service-name.js';
import { clockYearReference, type YearReference } from './timestamp.js';

export interface LogFile {
  path: string;
  /** `logs/<relative path>` with forward slashes: prefix of refs and warnings. */
  where: string;
  /** Service for lines that do not name one. */
  service: string;
  size: number;
  gzip: boolean;
  /** sorted: sampled (or fully read) in time order; unsorted: seen out of order; unknown: gzip not yet read. */
  order: 'sorted' | 'unsorted' | 'unknown';
  /** Entry time range; NaN until known. */
  first: number;
  last: number;
  /** Services seen, complete only once the whole file was read. */
  services: Set<string>;
  servicesComplete: boolean;
  index?: LineIndex;
  indexComplete: boolean;
  /** Dates this file's timestamps that carry no year (set by the survey). */
  year: YearReference;
  /** Why the file yields no entry (empty, binary, corrupt gzip, no readable line); undefined while it may. */
  skip?: string;
  /**
   * Counts from the last whole pass (-1 before one): entries, lines not readable, entries dropped for implausible
   * times.
   */
  entries: number;
  unread: number;
  dropped: number;
  /** Entry times seen (survey, samples, or a thinned whole pass): the bundle's plausible range is found from them. */
  digest: number[];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // .DS_Store, editor swap files
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile() || e.isSymbolicLink()) out.push(full);
  }
  return out;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Every readable file under `logsDir`; an unreadable one becomes a warning, never an exception. */
export async function discoverLogFiles(dataDir: string, logsDir: string, warnings: DataWarning[]): Promise<LogFile[]> {
  let paths: string[];
  try {
    paths = await listFiles(logsDir);
  } catch (err) {
    warnings.push({
      where: relative(dataDir, logsDir) || 'logs',
      message: `cannot list the log directory: ${(err as Error).message}`,
    });
    return [];
  }
  const files: LogFile[] = [];
  for (const path of paths) {
    const where = relative(dataDir, path).split(sep).join('/');
    try {
      const f = await openLogFile(path, where);
      if (f) files.push(f);
    } catch (err) {
      warnings.push({
        where,
        message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; skipped`,
      });
    }
  }
  return files;
}

/** One log file as the backend reads it (null when the path is not a regular file); throws when it cannot be opened. */
export async function openLogFile(path: string, where: string): Promise<LogFile | null> {
  const st = await stat(path);
  if (!st.isFile()) return null;
  return {
    path,
    where,
    service: serviceFromFileName(path),
    size: st.size,
    gzip: await isGzip(path),
    order: 'unknown',
    first: NaN,
    last: NaN,
    services: new Set(),
    servicesComplete: false,
    indexComplete: false,
    year: clockYearReference(),
    entries: -1,
    unread: 0,
    dropped: 0,
    digest: [],
  };
}
