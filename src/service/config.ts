// Service configuration: parsed once from flags and env, validated with messages naming the variable, then frozen.
import { resolveAuditLogPath } from '../core/audit.js';
import { PilotError } from '../core/errors.js';
import { loadAlertingConfig, type AlertingConfig } from './alerts/config.js';
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
  /** Requests a minute per token and per IP; 0 turns the limit off. */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  toolTimeoutMs: number;
  maxSessions: number;
  sessionIdleMs: number;
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

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || host.startsWith('127.');
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
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseTokens(raw: string | undefined, hashOf: (t: string) => Buffer): StaticToken[] {
  const tokens: StaticToken[] = [];
  for (const [i, item] of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean).entries()) {
    const cut = item.lastIndexOf(':');
    if (cut <= 0) throw new PilotError('config', `INCIDENT_PILOT_TOKENS entry ${i + 1}: expected token:role`);
    const role = parseRole(item.slice(cut + 1));
    if (!role) throw new PilotError('config', `INCIDENT_PILOT_TOKENS entry ${i + 1}: unknown role "${item.slice(cut + 1)}" (viewer, operator, admin or alerts)`);
    const token = item.slice(0, cut);
    if (token.length < 8) throw new PilotError('config', `INCIDENT_PILOT_TOKENS entry ${i + 1}: token shorter than 8 characters`);
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PilotError('usage', `--port ${flags.port}: expected 0..65535`);
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
  if (jwt?.secret && jwt.secret.length < 32) throw new PilotError('config', 'INCIDENT_PILOT_JWT_SECRET: use at least 32 characters');
  const host = flags.host;
  if (!tokens.length && !jwt && !isLoopback(host)) {
    throw new PilotError('usage', `refusing to listen on ${host} without authentication`, {
      hint: 'set INCIDENT_PILOT_TOKENS=token:role,... or INCIDENT_PILOT_JWT_SECRET / INCIDENT_PILOT_JWKS_URL, or bind to 127.0.0.1',
    });
  }
  const extraHosts = readList(env, 'INCIDENT_PILOT_ALLOWED_HOSTS');
  // A public bind has no host name to check against unless told; auth guards it then.
  const allowedHosts = isLoopback(host) ? [...LOOPBACK_HOSTS, ...extraHosts] : extraHosts;
  return Object.freeze({
    host,
    port,
    dbPath: flags.db ?? 'incident-pilot.db',
    databaseUrl: env.DATABASE_URL || undefined,
    tokens,
    jwt,
    rateLimitPerMinute: readInt(env, 'INCIDENT_PILOT_RATE_LIMIT', 600),
    bodyLimitBytes: readInt(env, 'INCIDENT_PILOT_BODY_LIMIT', 1024 * 1024, 1024),
    toolTimeoutMs: readInt(env, 'INCIDENT_PILOT_TOOL_TIMEOUT_MS', 30_000, 100),
    maxSessions: readInt(env, 'INCIDENT_PILOT_MAX_SESSIONS', 100, 1),
    sessionIdleMs: readInt(env, 'INCIDENT_PILOT_SESSION_IDLE_MS', 30 * 60_000, 1000),
    maxQueued: readInt(env, 'INCIDENT_PILOT_MAX_QUEUED', 20, 1),
    concurrency: readInt(env, 'INCIDENT_PILOT_CONCURRENCY', 2, 1),
    allowedHosts,
    allowedOrigins: [...LOOPBACK_HOSTS, ...readList(env, 'INCIDENT_PILOT_ALLOWED_ORIGINS')],
    auditPath: resolveAuditLogPath(env),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    drainTimeoutMs: readInt(env, 'INCIDENT_PILOT_DRAIN_TIMEOUT_MS', 20_000),
    logLevel: env.INCIDENT_PILOT_LOG_LEVEL || 'info',
    alerting: loadAlertingConfig(env),
  });
}
