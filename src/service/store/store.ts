// One storage interface for investigations and their events: SQLite for one process, PostgreSQL for replicas.
import type { Report } from '../../report/schema.js';

export type InvestigationStatus = 'queued' | 'running' | 'done' | 'failed';

export interface InvestigationRecord {
  id: string;
  status: InvestigationStatus;
  incident: string;
  since: string | null;
  until: string | null;
  llm: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  report: Report | null;
  /** rootCause summary fields, denormalised for the list. */
  culprit: string | null;
  confidence: number | null;
  /** Which service instance runs it, and when it last said so (replicas find abandoned runs by this). */
  owner: string | null;
  heartbeatAt: string | null;
}

export type InvestigationPatch = Partial<
  Pick<
    InvestigationRecord,
    'status' | 'startedAt' | 'finishedAt' | 'error' | 'report' | 'culprit' | 'confidence' | 'owner' | 'heartbeatAt'
  >
>;

export interface StoredEvent {
  seq: number;
  type: string;
  time: string;
  data: unknown;
}

export interface InvestigationSummary {
  id: string;
  status: InvestigationStatus;
  incident: string;
  createdAt: string;
  /** When a run began and ended (null while queued, or still running): the list shows how long each took. */
  startedAt: string | null;
  finishedAt: string | null;
  culprit: string | null;
  confidence: number | null;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  init(): Promise<void>;
  create(rec: InvestigationRecord): Promise<void>;
  update(id: string, patch: InvestigationPatch): Promise<void>;
  get(id: string): Promise<InvestigationRecord | undefined>;
  list(limit: number): Promise<InvestigationSummary[]>;
  appendEvent(id: string, type: string, data: unknown): Promise<number>;
  events(id: string, afterSeq: number): Promise<StoredEvent[]>;
  /**
   * Marks as failed the runs nobody is running any more: those of this owner from a previous life, or whose
   * heartbeat is older than staleMs. Returns how many.
   */
  failAbandoned(reason: string, opts: { staleMs: number; owner?: string }): Promise<number>;
  /** Reads: the store answers. */
  ping(): Promise<void>;
  /** Writes one row of a probe table: the store can be written (for /ready). */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}
