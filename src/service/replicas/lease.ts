// Replicas on one PostgreSQL: each run is leased to one instance (owner + heartbeat_at in `investigations`). A replica
// renews its leases while it lives; one that stops (even by SIGKILL) lets them expire, and another claims them with a
// single UPDATE ... FOR UPDATE SKIP LOCKED, so exactly one replica takes each over.
import type { Logger } from 'pino';
import type { AlertContext } from '../../core/alert.js';
import type { InvestigationInput, InvestigationQueue, LeaseKeeper } from '../investigations.js';
import type { Sql } from '../alerts/sql.js';

/** A heartbeat so old that any lease has expired: released runs are claimable at once. */
const EPOCH = '1970-01-01T00:00:00.000Z';

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export interface ClaimedRun {
  id: string;
  input: InvestigationInput;
  caller: string;
}

export class PostgresLease implements LeaseKeeper {
  constructor(
    private readonly sql: Sql,
    readonly owner: string,
    readonly leaseMs: number,
  ) {}

  async renew(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.sql.all(
      `UPDATE investigations SET heartbeat_at = ? WHERE owner = ? AND id IN (${placeholders(ids.length)}) RETURNING id`,
      [new Date().toISOString(), this.owner, ...ids],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  async release(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.sql.run(
      `UPDATE investigations SET heartbeat_at = ?, status = 'queued' WHERE owner = ? AND status IN ('queued', 'running') AND id IN (${placeholders(ids.length)})`,
      [EPOCH, this.owner, ...ids],
    );
  }

  /** Claims up to `limit` runs whose lease expired; each is this instance's from now on. */
  async claimExpired(limit: number, alertOf: (id: string) => Promise<AlertContext | undefined>): Promise<ClaimedRun[]> {
    if (limit <= 0) return [];
    const cutoff = new Date(Date.now() - this.leaseMs).toISOString();
    const rows = await this.sql.all(
      `UPDATE investigations SET owner = ?, heartbeat_at = ?, status = 'queued'
       WHERE id IN (
         SELECT id FROM investigations WHERE status IN ('queued', 'running') AND (heartbeat_at IS NULL OR heartbeat_at < ?)
         ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
       AND (heartbeat_at IS NULL OR heartbeat_at < ?)
       RETURNING id, incident, since, until, llm, created_by`,
      [this.owner, new Date().toISOString(), cutoff, limit, cutoff],
    );
    const claimed: ClaimedRun[] = [];
    for (const r of rows) {
      const id = String(r.id);
      const alert = await alertOf(id).catch(() => undefined);
      claimed.push({
        id,
        caller: String(r.created_by),
        input: {
          incident: String(r.incident),
          since: (r.since as string | null) ?? undefined,
          until: (r.until as string | null) ?? undefined,
          llm: String(r.llm),
          ...(alert ? { alert } : {}),
        },
      });
    }
    return claimed;
  }
}

export interface TakeoverOptions {
  lease: PostgresLease;
  queue: InvestigationQueue;
  concurrency: number;
  alertOf: (id: string) => Promise<AlertContext | undefined>;
  logger?: Logger;
  onTakeover?: (id: string) => void;
}

/** Polls for expired leases and runs what it claims; returns the stop function. */
export function startTakeover(opts: TakeoverOptions): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      // Claim no more than this instance can start soon: a stalled replica's backlog spreads over the others.
      const room = opts.concurrency - opts.queue.runningCount - opts.queue.depth;
      const runs = await opts.lease.claimExpired(room, opts.alertOf);
      for (const run of runs) {
        opts.logger?.warn(
          { investigation: run.id, owner: opts.lease.owner },
          'took over an investigation whose replica stopped renewing its lease',
        );
        opts.onTakeover?.(run.id);
        opts.queue.adopt(run.id, run.input, run.caller);
      }
    } catch (err) {
      opts.logger?.warn({ err: (err as Error).message }, 'could not look for runs to take over');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(500, Math.round(opts.lease.leaseMs / 3)));
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
