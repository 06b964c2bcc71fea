// deployments.json: an array of {id, service, version, environment, commit, started_at, finished_at, status}.
import type { DataWarning, Deployment } from '../../../core/types.js';
import { parseTimestamp, toIso } from '../../../core/time.js';
import { isRecord, readJsonList } from './json-list.js';

export interface ParsedDeployments {
  deployments: Deployment[];
  warnings: DataWarning[];
}

/** Parses deployments.json text, newest first; bad entries are reported with their index and skipped. */
export function parseDeploymentsJson(text: string, where = 'deployments.json'): ParsedDeployments {
  const warnings: DataWarning[] = [];
  const read = readJsonList(text, where, 'deployments');
  if ('warning' in read) return { deployments: [], warnings: [read.warning] };
  const list = read.list;
  const deployments: Deployment[] = [];
  list.forEach((raw: unknown, i: number) => {
    const d = readDeployment(raw, i);
    if (typeof d === 'string') warnings.push({ where: `${where}[${i}]`, message: `${d}; entry skipped` });
    else deployments.push(d);
  });
  deployments.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id.localeCompare(a.id));
  return { deployments, warnings };
}

function readDeployment(raw: unknown, index: number): Deployment | string {
  if (!isRecord(raw)) return 'not an object';
  const service = str(raw.service) ?? str(raw.app) ?? str(raw.application);
  if (!service) return 'missing service';
  const startText =
    str(raw.started_at) ?? str(raw.startedAt) ?? str(raw.time) ?? str(raw.timestamp) ?? str(raw.finished_at);
  if (!startText) return 'missing started_at';
  const started = parseTimestamp(startText);
  if (Number.isNaN(started)) return `started_at "${startText}" is not ISO 8601`;
  const finishedText = str(raw.finished_at) ?? str(raw.finishedAt);
  const finished = finishedText ? parseTimestamp(finishedText) : NaN;
  const commit = str(raw.commit) ?? str(raw.sha);
  const environment = str(raw.environment) ?? str(raw.env);
  const status = str(raw.status);
  return {
    id: str(raw.id) ?? `deployment-${index}`,
    service,
    version: str(raw.version) ?? (commit ? commit.slice(0, 12) : 'unknown'),
    ...(environment ? { environment } : {}),
    ...(commit ? { commit: commit.toLowerCase() } : {}),
    startedAt: toIso(started),
    ...(Number.isNaN(finished) ? {} : { finishedAt: toIso(finished) }),
    ...(status ? { status } : {}),
  };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
