// Service configuration: parsed once from flags and env, validated with messages naming the variable, then frozen.
import { isIP } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { defaultStateDir } from '../core/audit.js';
import { PilotError } from '../core/errors.js';
import { loadAlertingConfig, type AlertingConfig } from './alerts/config.js';
import { isLoopbackAddress } from './client-ip.js';
import { parseRole, type Role } from './roles.js';

export interface StaticToken {
  /** sha256 of the token: the secret itself is not kept in memory longer than parsing. */
  hash: Buffer;
  role: Role;
  /** A non-secret name for logs and audit: token:<first 8 hex of the hash>. */
  subject: string;
}

export interface JwtConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface ServiceConfig {
  host: string;
  port: number;
  dbPath: string;
  databaseUrl?: string;
  tokens: StaticToken[];
  jwt?: JwtConfig;
  /** Requests a minute per authenticated caller; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests a minute per client IP for requests without valid credentials; 0 turns the limit off. */
  rateLimitUnauthenticatedPerMinute: number;
  /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed; empty = the socket address is the client. */
  trustedProxies: string[];
  bodyLimitBytes: number;
  toolTimeoutMs: number;
  maxSessions: number;
  /** Open MCP sessions one caller may hold, below maxSessions so one caller cannot lock out the others. */
  maxSessionsPerCaller: number;
  sessionIdleMs: number;
  /** node:http limits against slow clients: whole request (headers and body), headers, idle keep-alive. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Open TCP connections at once; further ones are dropped. */
  maxConnections: number;
  /** Liveness ping of each supervised server: how often, and how long it may take (0 interval = off). */
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** How often the store's writability is probed for /ready, and the free space below which it is not ready. */
  storeProbeMs: number;
  storeMinFreeBytes: number;
  maxQueued: number;
  concurrency: number;
  /** Host header names accepted (DNS rebinding); empty = not checked (public bind with auth). */
  allowedHosts: string[];
  /** Origin hostnames accepted from browsers; requests without Origin pass. */
  allowedOrigins: string[];
  auditPath: string;
  otlpEndpoint?: string;
  drainTimeoutMs: number;
  logLevel: string;
  /** Alerts in, answers out (src/service/alerts/config.ts). */
  alerting: AlertingConfig;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * Loopback is "localhost" or an IP literal in 127.0.0.0/8 or ::1 (also IPv4-mapped). Any other name is not,
 * whatever it looks like: "127.example.com" resolves wherever its DNS says.
 */
export function isLoopback(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new PilotError('config', `${name}=${raw}: expected an integer >= ${min}`);
  }
  return n;
}

function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** IPs and CIDRs (10.0.0.0/8, fd00::/8), each checked, so a typo is an error and not an open door. */
function readProxyList(env: Env, name: string): string[] {
  const list = readList(env, name);
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr);
    const maxBits = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !okBits || extra !== undefined)
      throw new PilotError('config', `${name}: "${item}" is not an IP address or CIDR (10.0.0.0/8, fd00::/8)`);
  }
  return list;
}

/** Where the SQLite store goes unless --db says: a per-user state folder, never the working tree. */
function defaultDbPath(env: Env): string {
  return join(defaultStateDir(env), 'incident-pilot.db');
}

/** The audit file beside the store, named after it, so two instances with their own stores never share one. */
function auditPathBeside(dbPath: string): string {
  const stem = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  return join(dirname(dbPath), `${stem}-audit.jsonl`);
}

export function parseTokens(raw: string | undefined, hashOf: (t: string) => Buffer): StaticToken[] {
  const tokens: StaticToken[] = [];
  for (const [i, item] of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .entries()) {
    const cut = item.lastIndexOf(':');
    if (cut <= 0) throw new PilotError('config', `INCIDENT_PILOT_TOKENS entry ${i + 1}: expected token:role`);
    const role = parseRole(item.slice(cut + 1));
    if (!role)
      throw new PilotError(
        'config',
        `INCIDENT_PILOT_TOKENS entry ${i + 1}: unknown role "${item.slice(cut + 1)}" (viewer, operator, admin or alerts)`,
      );
    const token = item.slice(0, cut);
    if (token.length < 8)
      throw new PilotError('config', `INCIDENT_PILOT_TOKENS entry ${i + 1}: token shorter than 8 characters`);
    const hash = hashOf(token);
    tokens.push({ hash, role, subject: `token:${hash.toString('hex').slice(0, 8)}` });
  }
  return tokens;
}

export interface ServeFlags {
  host: string;
  port: string | number;
  db?: string;
}

export function loadServiceConfig(flags: ServeFlags, env: Env, hashOf: (t: string) => Buffer): ServiceConfig {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new PilotError('usage', `--port ${flags.port}: expected 0..65535`);
  const tokens = parseTokens(env.INCIDENT_PILOT_TOKENS, hashOf);
  const jwt: JwtConfig | undefined =
    env.INCIDENT_PILOT_JWKS_URL || env.INCIDENT_PILOT_JWT_SECRET
      ? {
          jwksUrl: env.INCIDENT_PILOT_JWKS_URL || undefined,
          secret: env.INCIDENT_PILOT_JWT_SECRET || undefined,
          issuer: env.INCIDENT_PILOT_JWT_ISSUER || undefined,
          audience: env.INCIDENT_PILOT_JWT_AUDIENCE || undefined,
        }
      : undefined;
  if (jwt?.secret && jwt.secret.length < 32)
    throw new PilotError('config', 'INCIDENT_PILOT_JWT_SECRET: use at least 32 characters');
  const host = flags.host;
  if (!tokens.length && !jwt && !isLoopback(host)) {
    throw new PilotError('usage', `refusing to listen on ${host} without authentication`, {
      hint: 'set INCIDENT_PILOT_TOKENS=token:role,... or INCIDENT_PILOT_JWT_SECRET / INCIDENT_PILOT_JWKS_URL, or bind to 127.0.0.1',
    });
  }
  const extraHosts = readList(env, 'INCIDENT_PILOT_ALLOWED_HOSTS');
  // A public bind has no host name to check against unless told; auth guards it then.
  const allowedHosts = isLoopback(host) ? [...new Set([...LOOPBACK_HOSTS, host, ...extraHosts])] : extraHosts;
  const maxSessions = readInt(env, 'INCIDENT_PILOT_MAX_SESSIONS', 100, 1);
  const maxSessionsPerCaller = Math.min(
    maxSessions,
    readInt(env, 'INCIDENT_PILOT_MAX_SESSIONS_PER_CALLER', Math.max(1, Math.floor(maxSessions / 4)), 1),
  );
  const requestTimeoutMs = readInt(env, 'INCIDENT_PILOT_REQUEST_TIMEOUT_MS', 30_000, 1000);
  const headersTimeoutMs = readInt(env, 'INCIDENT_PILOT_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 1000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new PilotError(
      'config',
      `INCIDENT_PILOT_HEADERS_TIMEOUT_MS=${headersTimeoutMs}: must not be over INCIDENT_PILOT_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const rateLimitPerMinute = readInt(env, 'INCIDENT_PILOT_RATE_LIMIT', 600);
  const dbPath = flags.db ?? defaultDbPath(env);
  return Object.freeze({
    host,
    port,
    dbPath,
    databaseUrl: env.DATABASE_URL || undefined,
    tokens,
    jwt,
    rateLimitPerMinute,
    rateLimitUnauthenticatedPerMinute: readInt(env, 'INCIDENT_PILOT_RATE_LIMIT_UNAUTHENTICATED', rateLimitPerMinute),
    trustedProxies: readProxyList(env, 'INCIDENT_PILOT_TRUSTED_PROXIES'),
    bodyLimitBytes: readInt(env, 'INCIDENT_PILOT_BODY_LIMIT', 1024 * 1024, 1024),
    toolTimeoutMs: readInt(env, 'INCIDENT_PILOT_TOOL_TIMEOUT_MS', 30_000, 100),
    maxSessions,
    maxSessionsPerCaller,
    sessionIdleMs: readInt(env, 'INCIDENT_PILOT_SESSION_IDLE_MS', 30 * 60_000, 1000),
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: readInt(env, 'INCIDENT_PILOT_KEEPALIVE_TIMEOUT_MS', 5000, 100),
    maxConnections: readInt(env, 'INCIDENT_PILOT_MAX_CONNECTIONS', 1000, 1),
    pingIntervalMs: readInt(env, 'INCIDENT_PILOT_PING_INTERVAL_MS', 10_000),
    pingTimeoutMs: readInt(env, 'INCIDENT_PILOT_PING_TIMEOUT_MS', 5000, 100),
    storeProbeMs: readInt(env, 'INCIDENT_PILOT_STORE_PROBE_MS', 10_000, 100),
    storeMinFreeBytes: readInt(env, 'INCIDENT_PILOT_STORE_MIN_FREE_MB', 16) * 1024 * 1024,
    maxQueued: readInt(env, 'INCIDENT_PILOT_MAX_QUEUED', 20, 1),
    concurrency: readInt(env, 'INCIDENT_PILOT_CONCURRENCY', 2, 1),
    allowedHosts,
    allowedOrigins: [...LOOPBACK_HOSTS, ...readList(env, 'INCIDENT_PILOT_ALLOWED_ORIGINS')],
    // Beside the store: the SQLite file's folder, or the state folder with PostgreSQL.
    auditPath:
      env.INCIDENT_PILOT_AUDIT_LOG?.trim() ||
      (env.DATABASE_URL ? join(defaultStateDir(env), 'audit.jsonl') : auditPathBeside(dbPath)),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    drainTimeoutMs: readInt(env, 'INCIDENT_PILOT_DRAIN_TIMEOUT_MS', 20_000),
    logLevel: env.INCIDENT_PILOT_LOG_LEVEL || 'info',
    alerting: loadAlertingConfig(env),
  });
}
