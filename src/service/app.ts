// The HTTP service: one node:http server; every request passes host/origin checks, auth and rate limits (per
// caller once authenticated, per client IP otherwise), then is routed to health, metrics, MCP (Streamable HTTP
// and legacy SSE) or the investigations API.
import { handleWebRequest } from '../web/index.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { PilotError } from '../core/errors.js';
import type { AlertsHttp } from './alerts/routes.js';
import type { Authenticator } from './auth.js';
import { clientIpOf, createAddressMatcher } from './client-ip.js';
import type { ServiceConfig } from './config.js';
import { readJsonBody, sendError, sendJson, statusOf, type Route } from './http.js';
import { getInvestigation, listInvestigations, startInvestigation, streamEvents } from './investigations-api.js';
import type { InvestigationQueue } from './investigations.js';
import type { McpGateway } from './mcp-gateway.js';
import type { ServiceMetrics } from './metrics.js';
import { createRateLimiter } from './ratelimit.js';
import { hasRole, principalKey, type Principal } from './roles.js';
import type { Store } from './store/store.js';
import type { UiInfo } from '../web/ui-info.js';
import type { ToolBackend } from './supervisor.js';
import { parseTraceparent, type Tracer } from './tracing.js';

export interface AppDeps {
  config: ServiceConfig;
  auth: Authenticator;
  backend: ToolBackend;
  gateway: McpGateway;
  queue: InvestigationQueue;
  store: Store;
  metrics: ServiceMetrics;
  logger: Logger;
  tracer: Tracer;
  /** Whether the store can be written now (a write probe's verdict); /ready fails while it cannot. */
  storeWritable?: () => Promise<{ ok: boolean; detail: string }>;
  /** For the web app: whether the bundled sample is served, and what "LLM (auto)" resolves to. */
  ui?: Pick<UiInfo, 'sample' | 'autoAnalyst'>;
  /** Alert webhooks, the Slack command and alert lookups (src/service/alerts/routes.ts). */
  alerts?: AlertsHttp;
}

/** Routes without auth, host checks or rate limits: probes and scrapes come from the platform. */
const OPEN_ROUTES = new Set(['/health', '/ready', '/metrics']);

function hostnameOf(value: string): string {
  // Host headers carry an optional port; IPv6 literals keep their brackets.
  return value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.split(':')[0];
}

export interface App {
  server: Server;
  /** From now on /health and /ready answer 503, so load balancers stop sending work. */
  setDraining(): void;
}

export function createApp(deps: AppDeps): App {
  const { config, auth, gateway, queue, store, metrics, logger, tracer, backend, alerts } = deps;
  const callerLimiter = createRateLimiter(config.rateLimitPerMinute);
  const ipLimiter = createRateLimiter(config.rateLimitUnauthenticatedPerMinute);
  const trustedProxies = config.trustedProxies.length ? createAddressMatcher(config.trustedProxies) : undefined;
  let draining = false;

  const routes: Array<[string, RegExp, Route]> = [
    [
      'GET',
      /^\/health$/,
      {
        label: '/health',
        handle: async (_q, res) => sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' }),
      },
    ],
    [
      'GET',
      /^\/ready$/,
      {
        label: '/ready',
        handle: async (_q, res) => {
          const servers = await backend.checkReady();
          const storeCheck = await store.ping().then(
            () => deps.storeWritable?.() ?? { ok: true, detail: store.kind },
            (err: Error) => ({ ok: false, detail: err.message }),
          );
          const ok = !draining && storeCheck.ok && servers.every((s) => s.ok);
          sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', servers, store: storeCheck });
        },
      },
    ],
    [
      'GET',
      /^\/metrics$/,
      {
        label: '/metrics',
        handle: async (_q, res) => {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
      },
    ],
    ...(['POST', 'GET', 'DELETE'] as const).map((method): [string, RegExp, Route] => [
      method,
      /^\/mcp(?:\/([a-z0-9_-]+))?\/?$/,
      {
        label: '/mcp',
        role: 'viewer',
        handle: async (req, res, principal, _url, m) => {
          const body = method === 'POST' ? await readJsonBody(req, config.bodyLimitBytes) : undefined;
          await gateway.handleStreamable(req, res, principal, m[1], body);
        },
      },
    ]),
    [
      'GET',
      /^\/sse(?:\/([a-z0-9_-]+))?\/?$/,
      { label: '/sse', role: 'viewer', handle: (_q, res, p, _u, m) => gateway.openSse(res, p, m[1], '/messages') },
    ],
    [
      'POST',
      /^\/messages$/,
      {
        label: '/messages',
        role: 'viewer',
        handle: async (req, res, p, url) =>
          gateway.postSse(
            res,
            p,
            url.searchParams.get('sessionId') ?? '',
            await readJsonBody(req, config.bodyLimitBytes),
          ),
      },
    ],
    [
      'POST',
      /^\/api\/investigations\/?$/,
      {
        label: '/api/investigations',
        role: 'operator',
        handle: async (req, res, p) =>
          startInvestigation(res, await readJsonBody(req, config.bodyLimitBytes), p, queue),
      },
    ],
    [
      'GET',
      /^\/api\/investigations\/?$/,
      {
        label: '/api/investigations',
        role: 'viewer',
        handle: (_q, res, p, url) =>
          alerts && url.searchParams.has('alert')
            ? alerts.listByAlert(res, url)
            : listInvestigations(res, url, store, {
                sample: false,
                autoAnalyst: 'engine',
                ...deps.ui,
                auth: !auth.open,
                role: p.role,
              }),
      },
    ],
    [
      'GET',
      /^\/api\/investigations\/([\w-]+)$/,
      {
        label: '/api/investigations/:id',
        role: 'viewer',
        handle: (_q, res, _p, _u, m) => getInvestigation(res, m[1], store),
      },
    ],
    [
      'GET',
      /^\/api\/investigations\/([\w-]+)\/events$/,
      {
        label: '/api/investigations/:id/events',
        role: 'viewer',
        handle: (req, res, _p, _u, m) => streamEvents(req, res, m[1], store, queue),
      },
    ],
    [
      'GET',
      /^\/api\/admin\/servers$/,
      {
        label: '/api/admin/servers',
        role: 'admin',
        handle: async (_q, res) =>
          sendJson(res, 200, {
            servers: backend.status(),
            sessions: gateway.sessionCount,
            queued: queue.depth,
            running: queue.runningCount,
          }),
      },
    ],
    ...(alerts?.routes ?? []),
  ];

  function findRoute(
    method: string,
    path: string,
  ): { route: Route; match: RegExpExecArray } | { allowed: string[] } | undefined {
    const allowed: string[] = [];
    for (const [m, re, route] of routes) {
      const match = re.exec(path);
      if (!match) continue;
      if (m === method) return { route, match };
      allowed.push(m);
    }
    return allowed.length ? { allowed } : undefined;
  }

  /** Requests without valid credentials count against their client IP (behind a trusted proxy: the forwarded one). */
  function limitByIp(ip: string): void {
    const wait = ipLimiter.take(`ip:${ip}`);
    if (wait)
      throw Object.assign(
        new PilotError(
          'rate_limited',
          `rate limit of ${config.rateLimitUnauthenticatedPerMinute} unauthenticated requests a minute reached for this address`,
        ),
        { retryAfter: wait },
      );
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    setLabel: (l: string) => void,
    setSubject: (s: string) => void,
    ip: string,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://service.invalid');
    const path = url.pathname;
    const open = OPEN_ROUTES.has(path);
    if (!open) {
      const host = hostnameOf(req.headers.host ?? '');
      if (config.allowedHosts.length && !config.allowedHosts.includes(host))
        throw new PilotError('forbidden', `Host "${host}" is not allowed`, {
          hint: 'set INCIDENT_PILOT_ALLOWED_HOSTS',
        });
      const origin = req.headers.origin;
      if (origin) {
        let originHost = '';
        try {
          originHost = new URL(origin).hostname;
        } catch {
          // unparseable: refused below
        }
        const bracketed = originHost.includes(':') ? `[${originHost.replace(/^\[|\]$/g, '')}]` : originHost;
        if (!config.allowedOrigins.includes(originHost) && !config.allowedOrigins.includes(bracketed)) {
          throw new PilotError('forbidden', `Origin "${origin}" is not allowed`, {
            hint: 'set INCIDENT_PILOT_ALLOWED_ORIGINS',
          });
        }
      }
    }
    const found = findRoute(req.method ?? 'GET', path);
    // Only requests that will present credentials wait for auth; the rest (web UI, 404, 405) count per IP now.
    if (!open && !(found && 'route' in found && found.route.role)) limitByIp(ip);
    // The web UI (/, /assets/...): static and public; the API it calls asks for the token.
    if (handleWebRequest(req, res)) return;
    if (!found) throw new PilotError('not_found', `no route ${req.method} ${path}`);
    if ('allowed' in found) {
      sendJson(
        res,
        405,
        { error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}` } },
        { allow: found.allowed.join(', ') },
      );
      return;
    }
    setLabel(found.route.label);
    let principal: Principal = { subject: 'anonymous', role: 'viewer' };
    if (found.route.role) {
      try {
        principal = await auth.authenticate(req.headers.authorization);
      } catch (err) {
        // A flood of bad or missing credentials is limited by address; it never uses up a real caller's budget.
        limitByIp(ip);
        throw err;
      }
      setSubject(principal.subject);
      const wait = callerLimiter.take(`caller:${principalKey(principal)}`);
      if (wait)
        throw Object.assign(
          new PilotError(
            'rate_limited',
            `rate limit of ${config.rateLimitPerMinute} requests a minute reached for this caller`,
          ),
          { retryAfter: wait },
        );
      if (!hasRole(principal, found.route.role))
        throw new PilotError(
          'forbidden',
          `${found.route.label} needs the ${found.route.role} role; yours is ${principal.role}`,
        );
    }
    res.setHeader('x-request-id', requestId);
    await found.route.handle(req, res, principal, url, found.match);
  }

  function serveRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const ip = clientIpOf(req, trustedProxies);
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    let label = 'unmatched';
    let subject = 'anonymous';
    const span = tracer.startSpan(
      `HTTP ${req.method}`,
      { 'http.method': req.method ?? '', 'http.target': (req.url ?? '').split('?')[0] },
      parseTraceparent(req.headers.traceparent as string | undefined),
    );
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc({ route: label, method: req.method ?? '', status: String(res.statusCode) });
      metrics.httpDuration.observe({ route: label }, seconds);
      span.end({ 'http.route': label, 'http.status_code': res.statusCode, 'enduser.id': subject });
      if (!OPEN_ROUTES.has(label))
        logger.info(
          {
            requestId,
            method: req.method,
            route: label,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            subject,
            ip,
          },
          'request',
        );
    });
    handle(
      req,
      res,
      requestId,
      (l) => (label = l),
      (s) => (subject = s),
      ip,
    ).catch((err: unknown) => {
      const status = statusOf(err);
      if (status >= 500)
        logger.error({ requestId, err: (err as Error).message, stack: (err as Error).stack }, 'request failed');
      const retryAfter = (err as { retryAfter?: number }).retryAfter;
      sendError(res, err, { 'x-request-id': requestId, ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}) });
    });
  }

  const server = createServer(
    {
      // Slow clients: the whole request (headers and body) must arrive within requestTimeout, the headers within
      // headersTimeout. Both stop counting once the request is in, so event streams stay open as long as they like.
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // How often those timeouts are checked (Node's default, 30 s, would let a slow client stay twice as long).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    serveRequest,
  );
  // Past this many open connections new ones are dropped at once: a flood of slow clients cannot exhaust the process.
  server.maxConnections = config.maxConnections;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  return {
    server,
    setDraining: () => {
      draining = true;
    },
  };
}
