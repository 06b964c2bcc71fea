// Who is calling: static bearer tokens (compared in constant time on hashes) or JWTs (jose), mapped to a role.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { PilotError } from '../core/errors.js';
import type { JwtConfig, StaticToken } from './config.js';
import { highestRole, type Principal } from './roles.js';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface Authenticator {
  /** True when no tokens and no JWT are configured: loopback-only local use, everyone is admin. */
  readonly open: boolean;
  authenticate(authorization: string | undefined): Promise<Principal>;
}

function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Checks every configured token so the time taken does not tell which one (or whether any) matched. */
function matchStaticToken(tokens: StaticToken[], presented: string): StaticToken | undefined {
  const hash = hashToken(presented);
  let found: StaticToken | undefined;
  for (const t of tokens) {
    if (timingSafeEqual(t.hash, hash) && !found) found = t;
  }
  return found;
}

function roleFromClaims(payload: JWTPayload): ReturnType<typeof highestRole> {
  const names: string[] = [];
  const { role, roles, scope, scp } = payload as Record<string, unknown>;
  if (typeof role === 'string') names.push(role);
  if (Array.isArray(roles)) names.push(...roles.filter((r): r is string => typeof r === 'string'));
  if (typeof scope === 'string') names.push(...scope.split(/\s+/));
  if (Array.isArray(scp)) names.push(...scp.filter((r): r is string => typeof r === 'string'));
  return highestRole(names);
}

export function createAuthenticator(tokens: StaticToken[], jwt: JwtConfig | undefined): Authenticator {
  const open = tokens.length === 0 && !jwt;
  let keys: JWTVerifyGetKey | Uint8Array | undefined;
  if (jwt?.jwksUrl) keys = createRemoteJWKSet(new URL(jwt.jwksUrl));
  else if (jwt?.secret) keys = new TextEncoder().encode(jwt.secret);

  async function verifyJwt(token: string): Promise<Principal | undefined> {
    if (!keys) return undefined;
    try {
      const opts = { issuer: jwt?.issuer, audience: jwt?.audience };
      const { payload } =
        keys instanceof Uint8Array ? await jwtVerify(token, keys, opts) : await jwtVerify(token, keys, opts);
      // Without a subject every such token would be one caller, sharing sessions and rate limits; without an
      // expiry a leaked token works forever. Both are refused rather than guessed at.
      if (typeof payload.sub !== 'string' || !payload.sub.trim())
        throw new PilotError('unauthorized', 'the JWT has no "sub" claim; tokens must name their subject');
      if (typeof payload.exp !== 'number')
        throw new PilotError('unauthorized', 'the JWT has no "exp" claim; tokens must expire');
      const role = roleFromClaims(payload);
      if (!role)
        throw new PilotError(
          'forbidden',
          'the token carries no incident-pilot role (claim role, roles or scope: viewer, operator or admin)',
        );
      return { subject: `jwt:${payload.sub}`, role, key: `jwt:${JSON.stringify([payload.iss ?? '', payload.sub])}` };
    } catch (err) {
      if (err instanceof PilotError) throw err;
      return undefined;
    }
  }

  return {
    open,
    async authenticate(authorization) {
      if (open) return { subject: 'local', role: 'admin' };
      const token = bearerOf(authorization);
      if (!token)
        throw new PilotError('unauthorized', 'missing bearer token', { hint: 'send Authorization: Bearer <token>' });
      const match = matchStaticToken(tokens, token);
      if (match) return { subject: match.subject, role: match.role, key: `token:${match.hash.toString('hex')}` };
      if (token.split('.').length === 3) {
        const principal = await verifyJwt(token);
        if (principal) return principal;
      }
      throw new PilotError('unauthorized', 'invalid bearer token');
    },
  };
}
