// An append-only JSONL audit log of write attempts: one line per attempt, whatever its outcome.
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
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
  /** Set when the arguments were too large to keep whole: their JSON's size and SHA-256. */
  argumentsTruncated?: { bytes: number; sha256: string };
}

export interface AuditLog {
  readonly path: string;
  append(entry: AuditEntry): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Arguments whose JSON is larger than this are shortened in the log (a caller could send a megabyte each). */
const AUDIT_ARGUMENTS_MAX_BYTES = 4096;
/** In shortened arguments: the longest string kept, and the most items or keys kept per array or object. */
const KEEP_CHARS = 256;
const KEEP_ITEMS = 20;

/** Per-user state (XDG Base Directory): $XDG_STATE_HOME/incident-pilot, else ~/.local/state/incident-pilot. */
export function defaultStateDir(env: Env): string {
  const xdg = env.XDG_STATE_HOME?.trim();
  // The spec says a relative XDG path is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(base, 'incident-pilot');
}

/** INCIDENT_PILOT_AUDIT_LOG, or a file in the user's state folder (never a /tmp path every user shares). */
export function resolveAuditLogPath(env: Env): string {
  const fromEnv = env.INCIDENT_PILOT_AUDIT_LOG?.trim();
  return fromEnv ? fromEnv : join(defaultStateDir(env), 'incident-pilot-audit.jsonl');
}

function shorten(value: unknown, depth: number): unknown {
  if (typeof value === 'string')
    return value.length > KEEP_CHARS
      ? `${value.slice(0, KEEP_CHARS)}…[${value.length - KEEP_CHARS} more chars]`
      : value;
  if (depth > 4 || value === null || typeof value !== 'object')
    return depth > 4 && value && typeof value === 'object' ? '[nested]' : value;
  if (Array.isArray(value)) {
    const kept = value.slice(0, KEEP_ITEMS).map((v) => shorten(v, depth + 1));
    return value.length > KEEP_ITEMS ? [...kept, `…[${value.length - KEEP_ITEMS} more items]`] : kept;
  }
  const entries = Object.entries(value);
  const out: Record<string, unknown> = Object.fromEntries(
    entries.slice(0, KEEP_ITEMS).map(([k, v]) => [k.slice(0, KEEP_CHARS), shorten(v, depth + 1)]),
  );
  if (entries.length > KEEP_ITEMS) out['…'] = `${entries.length - KEEP_ITEMS} more keys`;
  return out;
}

/** The entry as logged: small arguments verbatim; large ones shortened, with the size and hash of the whole. */
function boundAuditEntry(entry: AuditEntry): AuditEntry {
  // A tool name is whatever the caller sent, for an unknown tool too.
  if (entry.tool.length > KEEP_CHARS) entry = { ...entry, tool: `${entry.tool.slice(0, KEEP_CHARS)}…` };
  const json = JSON.stringify(entry.arguments ?? {});
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= AUDIT_ARGUMENTS_MAX_BYTES) return entry;
  let args = shorten(entry.arguments, 0) as Record<string, unknown>;
  // Many keys of middling size can still add up: then keep only a prefix of the JSON text.
  if (Buffer.byteLength(JSON.stringify(args), 'utf8') > AUDIT_ARGUMENTS_MAX_BYTES) args = { '…': json.slice(0, 1024) };
  return {
    ...entry,
    arguments: args,
    argumentsTruncated: { bytes, sha256: createHash('sha256').update(json, 'utf8').digest('hex') },
  };
}

export function createAuditLog(path: string): AuditLog {
  let dirReady: Promise<unknown> | undefined;
  return {
    path,
    async append(entry) {
      dirReady ??= mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await dirReady;
      // One write per line with O_APPEND keeps lines whole when several processes share the file.
      await appendFile(path, JSON.stringify(boundAuditEntry(entry)) + '\n', {
        encoding: 'utf8',
        flag: 'a',
        mode: 0o600,
      });
    },
  };
}
