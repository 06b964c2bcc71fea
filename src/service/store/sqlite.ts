// SQLite store (Node's built-in node:sqlite): the default, one file, one service process.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PilotError } from '../../core/errors.js';
import type { InvestigationPatch, InvestigationRecord, InvestigationSummary, Store, StoredEvent } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS investigations (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, incident TEXT NOT NULL, since TEXT, until TEXT, llm TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, report TEXT,
  culprit TEXT, confidence REAL, owner TEXT, heartbeat_at TEXT
);
CREATE INDEX IF NOT EXISTS investigations_created ON investigations(created_at);
CREATE TABLE IF NOT EXISTS investigation_events (
  investigation_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, time TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (investigation_id, seq)
);
CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);`;

/** SQLite result codes (the primary code, errcode & 0xff) that mean the file cannot be used now, not a bug. */
const UNAVAILABLE_CODES: Record<number, string> = {
  5: 'busy',
  6: 'locked',
  8: 'read-only',
  10: 'I/O error',
  13: 'full',
  14: 'cannot open',
};

/** Runs one statement; a full disk, a read-only file or an I/O error becomes a clear 503 that names the file. */
function guarded<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const e = err as Error & { errcode?: number; errstr?: string };
    const why = typeof e.errcode === 'number' ? UNAVAILABLE_CODES[e.errcode & 0xff] : undefined;
    if (!why) throw err;
    throw new PilotError(
      'backend_unavailable',
      `the SQLite store at ${path} cannot be used (${why}): ${e.errstr ?? e.message}`,
      {
        hint:
          why === 'full'
            ? 'free disk space on its filesystem; requests succeed again once it can write'
            : 'check the file, its folder and their permissions',
      },
    );
  }
}

const COLUMNS: Record<keyof InvestigationPatch, string> = {
  status: 'status',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  error: 'error',
  report: 'report',
  culprit: 'culprit',
  confidence: 'confidence',
  owner: 'owner',
  heartbeatAt: 'heartbeat_at',
};

type Row = Record<string, string | number | null>;
type SqlValue = string | number | null;

/** The newest investigations' list rows (`?`: how many). */
export const SELECT_SUMMARIES =
  'SELECT id, status, incident, created_at, started_at, finished_at, culprit, confidence FROM investigations ORDER BY created_at DESC LIMIT ?';

export function rowToSummary(r: Row): InvestigationSummary {
  return {
    id: String(r.id),
    status: r.status as InvestigationSummary['status'],
    incident: String(r.incident),
    createdAt: String(r.created_at),
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    culprit: (r.culprit as string | null) ?? null,
    confidence: r.confidence === null ? null : Number(r.confidence),
  };
}

export function rowToRecord(r: Row): InvestigationRecord {
  return {
    id: String(r.id),
    status: r.status as InvestigationRecord['status'],
    incident: String(r.incident),
    since: (r.since as string | null) ?? null,
    until: (r.until as string | null) ?? null,
    llm: String(r.llm),
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    report: r.report ? JSON.parse(String(r.report)) : null,
    culprit: (r.culprit as string | null) ?? null,
    confidence: r.confidence === null || r.confidence === undefined ? null : Number(r.confidence),
    owner: (r.owner as string | null) ?? null,
    heartbeatAt: (r.heartbeat_at as string | null) ?? null,
  };
}

/** The INSERT both stores run (`?` placeholders; PostgreSQL's query numbers them). */
export const INSERT_INVESTIGATION = `INSERT INTO investigations (id, status, incident, since, until, llm, created_by, created_at,
  started_at, finished_at, error, report, culprit, confidence, owner, heartbeat_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A record's values in the order of INSERT_INVESTIGATION. */
export function insertValues(rec: InvestigationRecord): Array<string | number | null> {
  const { id, status, incident, since, until, llm, createdBy, createdAt, startedAt, finishedAt, error } = rec;
  const report = rec.report ? JSON.stringify(rec.report) : null;
  return [
    id,
    status,
    incident,
    since,
    until,
    llm,
    createdBy,
    createdAt,
    startedAt,
    finishedAt,
    error,
    report,
    rec.culprit,
    rec.confidence,
    rec.owner,
    rec.heartbeatAt,
  ];
}
export function patchToColumns(patch: InvestigationPatch): Array<[string, unknown]> {
  return Object.entries(patch).map(([k, v]) => [
    COLUMNS[k as keyof InvestigationPatch],
    k === 'report' && v !== null ? JSON.stringify(v) : v,
  ]);
}

export function createSqliteStore(path: string): Store {
  let db: DatabaseSync;
  return {
    kind: 'sqlite',
    async init() {
      try {
        // The default path is in a per-user state folder that may not exist yet.
        if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        db = new DatabaseSync(path);
      } catch (err) {
        throw new PilotError('config', `--db ${path}: cannot open the SQLite database: ${(err as Error).message}`);
      }
      guarded(path, () => {
        db.exec('PRAGMA journal_mode = WAL');
        db.exec('PRAGMA busy_timeout = 5000');
        db.exec(SCHEMA);
      });
    },
    async create(rec) {
      guarded(path, () => db.prepare(INSERT_INVESTIGATION).run(...insertValues(rec)));
    },
    async update(id, patch) {
      const cols = patchToColumns(patch);
      if (!cols.length) return;
      guarded(path, () =>
        db
          .prepare(`UPDATE investigations SET ${cols.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`)
          .run(...cols.map(([, v]) => v as SqlValue), id),
      );
    },
    async get(id) {
      const row = guarded(path, () => db.prepare('SELECT * FROM investigations WHERE id = ?').get(id)) as
        Row | undefined;
      return row ? rowToRecord(row) : undefined;
    },
    async list(limit) {
      const rows = guarded(path, () => db.prepare(SELECT_SUMMARIES).all(limit)) as Row[];
      return rows.map(rowToSummary);
    },
    async appendEvent(id, type, data) {
      // One statement: the next sequence number is taken and used atomically.
      const row = guarded(path, () =>
        db
          .prepare(
            `INSERT INTO investigation_events (investigation_id, seq, type, time, data)
             SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM investigation_events WHERE investigation_id = ? RETURNING seq`,
          )
          .get(id, type, new Date().toISOString(), JSON.stringify(data), id),
      ) as { seq: number };
      return Number(row.seq);
    },
    async events(id, afterSeq) {
      const rows = guarded(path, () =>
        db
          .prepare(
            'SELECT seq, type, time, data FROM investigation_events WHERE investigation_id = ? AND seq > ? ORDER BY seq',
          )
          .all(id, afterSeq),
      ) as Row[];
      return rows.map((r): StoredEvent => ({
        seq: Number(r.seq),
        type: String(r.type),
        time: String(r.time),
        data: JSON.parse(String(r.data)),
      }));
    },
    async failAbandoned(reason) {
      // One process owns a SQLite file: every run still marked running or queued at start-up was abandoned.
      const res = guarded(path, () =>
        db
          .prepare(
            `UPDATE investigations SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('running', 'queued')`,
          )
          .run(reason, new Date().toISOString()),
      );
      return Number(res.changes);
    },
    async ping() {
      guarded(path, () => db.prepare('SELECT 1').get());
    },
    async probeWrite() {
      guarded(path, () =>
        db
          .prepare('INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at')
          .run(new Date().toISOString()),
      );
    },
    async close() {
      db?.close();
    },
  };
}
