// PostgreSQL store (pg): replicas share one database. Errors while it is down are clear 503s; the pool reconnects.
import pg from 'pg';
import { PilotError } from '../../core/errors.js';
import { redactUrl } from '../../core/http.js';
import {
  INSERT_INVESTIGATION,
  insertValues,
  patchToColumns,
  rowToRecord,
  rowToSummary,
  SELECT_SUMMARIES,
} from './sqlite.js';
import type { Store, StoredEvent } from './store.js';

/** Advisory lock key held while the schema is created (any fixed number shared by every replica). */
/** `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Serialises schema creation across replicas (pg_advisory_xact_lock key). */
const SCHEMA_LOCK = 4_242_001;

/**
 * Runs CREATE ... IF NOT EXISTS statements in one transaction under an advisory lock: replicas start together,
 * and concurrent CREATE TABLE IF NOT EXISTS races in PostgreSQL (a duplicate pg_type row).
 */
export async function createSchemaLocked(pool: pg.Pool, statements: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS investigations (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, incident TEXT NOT NULL, since TEXT, until TEXT, llm TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, report TEXT,
  culprit TEXT, confidence DOUBLE PRECISION, owner TEXT, heartbeat_at TEXT
);
CREATE INDEX IF NOT EXISTS investigations_created ON investigations(created_at);
CREATE TABLE IF NOT EXISTS investigation_events (
  investigation_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, time TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (investigation_id, seq)
);
CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);`;

/**
 * SQLSTATE classes that mean the database cannot serve us now rather than a bug of ours: 08 connection,
 * 53 insufficient resources (disk full, out of memory, too many connections), 57 operator intervention,
 * 25006 a read-only (standby) server.
 */
function isUnavailable(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || code === '25006';
}

type Row = Record<string, string | number | null>;

export function createPostgresStore(url: string, onError: (msg: string) => void = () => {}): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', (err) => onError(`PostgreSQL connection lost: ${err.message}`));
  const where = redactUrl(url);

  async function query(text: string, values: unknown[] = []): Promise<Row[]> {
    try {
      const res = await pool.query(text, values);
      return res.rows as Row[];
    } catch (err) {
      const e = err as Error & { code?: string };
      // SQL errors of ours are bugs; connection errors mean the database is unreachable.
      if (e.code && /^[0-9A-Z]{5}$/.test(e.code) && !isUnavailable(e.code)) throw err;
      throw new PilotError('backend_unavailable', `the PostgreSQL store at ${where} is unavailable: ${e.message}`, {
        hint: 'check DATABASE_URL and that the database is up; requests succeed again once it returns',
      });
    }
  }

  return {
    kind: 'postgres',
    async init() {
      await createSchemaLocked(pool, [SCHEMA]);
    },
    async create(rec) {
      await query(numbered(INSERT_INVESTIGATION), insertValues(rec));
    },
    async update(id, patch) {
      const cols = patchToColumns(patch);
      if (!cols.length) return;
      await query(
        `UPDATE investigations SET ${cols.map(([c], i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`,
        [...cols.map(([, v]) => v), id],
      );
    },
    async get(id) {
      const rows = await query('SELECT * FROM investigations WHERE id = $1', [id]);
      return rows[0] ? rowToRecord(rows[0]) : undefined;
    },
    async list(limit) {
      const rows = await query(numbered(SELECT_SUMMARIES), [limit]);
      return rows.map(rowToSummary);
    },
    async appendEvent(id, type, data) {
      // Retried on a duplicate seq: two writers for one investigation are rare (one runner each) but possible.
      for (let attempt = 0; ; attempt++) {
        try {
          const rows = await query(
            `INSERT INTO investigation_events (investigation_id, seq, type, time, data)
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM investigation_events WHERE investigation_id = $1 RETURNING seq`,
            [id, type, new Date().toISOString(), JSON.stringify(data)],
          );
          return Number(rows[0].seq);
        } catch (err) {
          if ((err as { code?: string }).code !== '23505' || attempt > 5) throw err;
        }
      }
    },
    async events(id, afterSeq) {
      const rows = await query(
        'SELECT seq, type, time, data FROM investigation_events WHERE investigation_id = $1 AND seq > $2 ORDER BY seq',
        [id, afterSeq],
      );
      return rows.map((r): StoredEvent => ({
        seq: Number(r.seq),
        type: String(r.type),
        time: String(r.time),
        data: JSON.parse(String(r.data)),
      }));
    },
    async failAbandoned(reason, opts) {
      const cutoff = new Date(Date.now() - opts.staleMs).toISOString();
      const rows = await query(
        `UPDATE investigations SET status = 'failed', error = $1, finished_at = $2
         WHERE status IN ('running', 'queued') AND (owner = $3 OR heartbeat_at < $4) RETURNING id`,
        [reason, new Date().toISOString(), opts.owner ?? '', cutoff],
      );
      return rows.length;
    },
    async ping() {
      await query('SELECT 1');
    },
    async probeWrite() {
      await query('INSERT INTO store_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [
        new Date().toISOString(),
      ]);
    },
    async close() {
      await pool.end().catch(() => {});
    },
  };
}
