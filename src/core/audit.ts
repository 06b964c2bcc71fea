// An append-only JSONL audit log of write attempts: one line per attempt, whatever its outcome.
import { appendFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface AuditEntry {
  /** ISO 8601 */
  time: string;
  /** Who asked (token subject in service mode, "stdio" otherwise). */
  caller: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** What happened: done, planned, declined, refused, failed, with a message. */
  result: { status: string; message: string };
}

export interface AuditLog {
  readonly path: string;
  append(entry: AuditEntry): Promise<void>;
}

/** INCIDENT_PILOT_AUDIT_LOG, or a file in the OS temp directory. */
export function resolveAuditLogPath(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env.INCIDENT_PILOT_AUDIT_LOG?.trim();
  return fromEnv ? fromEnv : join(tmpdir(), 'incident-pilot-audit.jsonl');
}

export function createAuditLog(path: string): AuditLog {
  let dirReady: Promise<unknown> | undefined;
  return {
    path,
    async append(entry) {
      dirReady ??= mkdir(dirname(path), { recursive: true });
      await dirReady;
      // One write per line with O_APPEND keeps lines whole when several processes share the file.
      await appendFile(path, JSON.stringify(entry) + '\n', { encoding: 'utf8', flag: 'a' });
    },
  };
}
