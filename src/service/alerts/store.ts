// Alert groups and message deliveries, in the service's own database (SQLite or PostgreSQL). The open group key is a
// UNIQUE column: however many replicas receive one alert group, one row (one investigation) wins.
import type { AlertContext } from '../../core/alert.js';
import type { AlertSource } from './sources.js';
import type { Row, Sql, SqlValue } from './sql.js';

export type GroupStatus = 'firing' | 'resolved' | 'shed';

export interface AlertGroup {
  investigationId: string;
  /** The group's key while it fires; null once resolved or shed (a later firing starts a new episode). */
  openKey: string | null;
  baseKey: string;
  source: AlertSource;
  status: GroupStatus;
  alert: AlertContext;
  fingerprints: string[];
  /** Notifications after the first that joined this investigation. */
  repeats: number;
  /** Slack channel to answer in (slash commands). */
  replyChannel: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: string;
  investigationId: string;
  /** slack (Web API), slack-webhook, teams, webhook */
  channel: string;
  /** Where: a Slack channel, or a webhook's host (never its secret path). */
  target: string;
  /** root, result, reply, resolved, ... */
  kind: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** The receiver's id for the message (Slack ts), to thread and update it. */
  ref: string | null;
  createdAt: string;
  updatedAt: string;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS alert_groups (
    investigation_id TEXT PRIMARY KEY, open_key TEXT UNIQUE, base_key TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL,
    alert TEXT NOT NULL, fingerprints TEXT NOT NULL, repeats INTEGER NOT NULL, reply_channel TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, resolved_at TEXT)`,
  'CREATE INDEX IF NOT EXISTS alert_groups_base ON alert_groups(base_key)',
  `CREATE TABLE IF NOT EXISTS alert_deliveries (
    id TEXT PRIMARY KEY, investigation_id TEXT NOT NULL, channel TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT, ref TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS alert_deliveries_investigation ON alert_deliveries(investigation_id)',
  'CREATE INDEX IF NOT EXISTS alert_deliveries_status ON alert_deliveries(status)',
];

/** ",a,b," so that one fingerprint is found with LIKE '%,a,%' in either database. */
function packFingerprints(fps: string[]): string {
  return `,${[...new Set(fps.map((f) => f.replace(/,/g, '')))].join(',')},`;
}

function toGroup(r: Row): AlertGroup {
  return {
    investigationId: String(r.investigation_id),
    openKey: (r.open_key as string | null) ?? null,
    baseKey: String(r.base_key),
    source: r.source as AlertSource,
    status: r.status as GroupStatus,
    alert: JSON.parse(String(r.alert)) as AlertContext,
    fingerprints: String(r.fingerprints).split(',').filter(Boolean),
    repeats: Number(r.repeats),
    replyChannel: (r.reply_channel as string | null) ?? null,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    resolvedAt: (r.resolved_at as string | null) ?? null,
  };
}

function toDelivery(r: Row): Delivery {
  return {
    id: String(r.id),
    investigationId: String(r.investigation_id),
    channel: String(r.channel),
    target: String(r.target),
    kind: String(r.kind),
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    ref: (r.ref as string | null) ?? null,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export interface GroupPatch {
  status?: GroupStatus;
  openKey?: null;
  alert?: AlertContext;
  fingerprints?: string[];
  addRepeat?: boolean;
  resolvedAt?: string;
}

export class AlertStore {
  constructor(readonly sql: Sql) {}

  async init(): Promise<void> {
    await this.sql.createSchema(SCHEMA);
  }

  /** Inserts the group; false when its open key (or investigation) is taken already. */
  async insertGroup(g: AlertGroup): Promise<boolean> {
    const n = await this.sql.run(
      `INSERT INTO alert_groups (investigation_id, open_key, base_key, source, status, alert, fingerprints, repeats, reply_channel, created_at, updated_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        g.investigationId,
        g.openKey,
        g.baseKey,
        g.source,
        g.status,
        JSON.stringify(g.alert),
        packFingerprints(g.fingerprints),
        g.repeats,
        g.replyChannel,
        g.createdAt,
        g.updatedAt,
        g.resolvedAt,
      ],
    );
    return n === 1;
  }

  async openGroup(key: string): Promise<AlertGroup | undefined> {
    const rows = await this.sql.all('SELECT * FROM alert_groups WHERE open_key = ?', [key]);
    return rows[0] ? toGroup(rows[0]) : undefined;
  }

  async latestGroup(baseKey: string): Promise<AlertGroup | undefined> {
    const rows = await this.sql.all('SELECT * FROM alert_groups WHERE base_key = ? ORDER BY created_at DESC LIMIT 1', [
      baseKey,
    ]);
    return rows[0] ? toGroup(rows[0]) : undefined;
  }

  async group(investigationId: string): Promise<AlertGroup | undefined> {
    const rows = await this.sql.all('SELECT * FROM alert_groups WHERE investigation_id = ?', [investigationId]);
    return rows[0] ? toGroup(rows[0]) : undefined;
  }

  /** Groups holding this fingerprint, newest first. */
  async groupsByFingerprint(fingerprint: string, limit = 20): Promise<AlertGroup[]> {
    const rows = await this.sql.all(
      'SELECT * FROM alert_groups WHERE fingerprints LIKE ? ORDER BY created_at DESC LIMIT ?',
      [`%,${fingerprint.replace(/[,%_]/g, '')},%`, limit],
    );
    return rows.map(toGroup);
  }

  async updateGroup(investigationId: string, patch: GroupPatch): Promise<void> {
    const sets: Array<[string, SqlValue | undefined]> = [['updated_at = ?', new Date().toISOString()]];
    if (patch.status) sets.push(['status = ?', patch.status]);
    if (patch.openKey === null) sets.push(['open_key = NULL', undefined]);
    if (patch.alert) sets.push(['alert = ?', JSON.stringify(patch.alert)]);
    if (patch.fingerprints) sets.push(['fingerprints = ?', packFingerprints(patch.fingerprints)]);
    if (patch.addRepeat) sets.push(['repeats = repeats + 1', undefined]);
    if (patch.resolvedAt) sets.push(['resolved_at = ?', patch.resolvedAt]);
    const values = sets.map(([, v]) => v).filter((v): v is SqlValue => v !== undefined);
    await this.sql.run(`UPDATE alert_groups SET ${sets.map(([c]) => c).join(', ')} WHERE investigation_id = ?`, [
      ...values,
      investigationId,
    ]);
  }

  async saveDelivery(d: Delivery): Promise<void> {
    const values: SqlValue[] = [
      d.id,
      d.investigationId,
      d.channel,
      d.target,
      d.kind,
      d.status,
      d.attempts,
      d.lastError,
      d.ref,
      d.createdAt,
      d.updatedAt,
    ];
    await this.sql.run(
      `INSERT INTO alert_deliveries (id, investigation_id, channel, target, kind, status, attempts, last_error, ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, last_error = excluded.last_error, ref = excluded.ref, updated_at = excluded.updated_at`,
      values,
    );
  }

  async deliveries(investigationId: string): Promise<Delivery[]> {
    return (
      await this.sql.all('SELECT * FROM alert_deliveries WHERE investigation_id = ? ORDER BY created_at, id', [
        investigationId,
      ])
    ).map(toDelivery);
  }

  async listDeliveries(status: DeliveryStatus | undefined, limit: number): Promise<Delivery[]> {
    const rows = status
      ? await this.sql.all('SELECT * FROM alert_deliveries WHERE status = ? ORDER BY updated_at DESC LIMIT ?', [
          status,
          limit,
        ])
      : await this.sql.all('SELECT * FROM alert_deliveries ORDER BY updated_at DESC LIMIT ?', [limit]);
    return rows.map(toDelivery);
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}
