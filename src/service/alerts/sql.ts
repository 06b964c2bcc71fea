// One small SQL seam over the service's database (node:sqlite or pg), so the alert tables and the replica leases are
// written once: statements use `?` placeholders, numbered for PostgreSQL here.
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { PilotError } from '../../core/errors.js';
import { redactUrl } from '../../core/http.js';
import { createSchemaLocked, numbered } from '../store/postgres.js';

export type Row = Record<string, string | number | null>;
export type SqlValue = string | number | null;

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all(text: string, values?: SqlValue[]): Promise<Row[]>;
  /** Rows changed. */
  run(text: string, values?: SqlValue[]): Promise<number>;
  /** Runs CREATE ... IF NOT EXISTS statements so that replicas starting together do not race on them. */
  createSchema(statements: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A second handle on the service's SQLite file (WAL mode lets both work; busy_timeout makes writers wait). */
export function openSqliteSql(path: string): Sql {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (err) {
    throw new PilotError('config', `--db ${path}: cannot open the SQLite database: ${(err as Error).message}`);
  }
  db.exec('PRAGMA busy_timeout = 5000');
  return {
    dialect: 'sqlite',
    async all(text, values = []) {
      return db.prepare(text).all(...values) as Row[];
    },
    async run(text, values = []) {
      return Number(db.prepare(text).run(...values).changes);
    },
    async createSchema(statements) {
      for (const statement of statements) db.exec(statement);
    },
    async close() {
      db.close();
    },
  };
}

export function openPostgresSql(url: string, onError: (msg: string) => void = () => {}): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
  pool.on('error', (err) => onError(`PostgreSQL connection lost: ${err.message}`));
  const where = redactUrl(url);
  async function query(text: string, values: SqlValue[]): Promise<pg.QueryResult> {
    try {
      return await pool.query(numbered(text), values);
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith('08') && !e.code.startsWith('57')) throw err;
      throw new PilotError('backend_unavailable', `the PostgreSQL store at ${where} is unavailable: ${e.message}`);
    }
  }
  return {
    dialect: 'postgres',
    async all(text, values = []) {
      return (await query(text, values)).rows as Row[];
    },
    async run(text, values = []) {
      return (await query(text, values)).rowCount ?? 0;
    },
    async createSchema(statements) {
      await createSchemaLocked(pool, statements);
    },
    async close() {
      await pool.end().catch(() => {});
    },
  };
}
