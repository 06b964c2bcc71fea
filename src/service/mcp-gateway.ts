// MCP over HTTP: one endpoint with every configured server's tools (/mcp) or one server's (/mcp/<server>),
// Streamable HTTP sessions per the spec plus the legacy SSE transport. Calls go to the supervised subprocesses.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import {
  isInitializeRequest,
  Server,
  type CallToolResult,
  type JSONRPCMessage,
  type Tool,
  type Transport,
} from '@modelcontextprotocol/server';
import type { Logger } from 'pino';
import { PilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { findUnsafeArgument } from './guard.js';
import { sendJson } from './http.js';
import type { ServiceMetrics } from './metrics.js';
import { canUseTool, principalKey, type Principal } from './roles.js';
import { LegacySseTransport } from './sse-transport.js';
import type { ToolBackend } from './supervisor.js';
import type { Tracer } from './tracing.js';

export interface ToolCallAudit {
  caller: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  message: string;
}

export interface GatewayOptions {
  backend: ToolBackend;
  toolTimeoutMs: number;
  maxSessions: number;
  /** Sessions one caller may hold: below maxSessions, so one caller cannot lock the others out. */
  maxSessionsPerCaller?: number;
  sessionIdleMs: number;
  dataDir?: string;
  metrics: ServiceMetrics;
  logger: Logger;
  tracer: Tracer;
  audit: (entry: ToolCallAudit) => void;
}

interface Session {
  id: string;
  kind: 'http' | 'sse';
  transport: Transport;
  server: Server;
  principal: Principal;
  /** principalKey of the opener: a session answers only to the same whole identity and role. */
  owner: string;
  scope?: string;
  lastSeen: number;
}

/** Unknown tool names are whatever a caller sends: counted under one label so they cannot grow /metrics. */
const UNKNOWN_TOOL_LABEL = 'unknown';

/** The first line of a result's text (an error's message), short enough for a span status or an audit line. */
function firstText(result: CallToolResult): string {
  const c = result.content?.[0];
  return c && c.type === 'text' ? c.text.split('\n')[0].slice(0, 200) : '';
}

export class McpGateway {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: GatewayOptions) {
    this.sweeper = setInterval(() => this.sweepIdle(), Math.min(60_000, opts.sessionIdleMs));
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  serverNames(): string[] {
    return [...new Set(this.opts.backend.tools().map((t) => t.server))];
  }

  /** The tools this caller may see: by scope (/mcp/<server>) and by role (viewers: read-only tools). */
  visibleTools(principal: Principal, scope?: string): Array<{ server: string; tool: Tool }> {
    return this.opts.backend
      .tools()
      .filter((t) => (!scope || t.server === scope) && canUseTool(principal, t.tool.annotations));
  }

  private async callTool(
    principal: Principal,
    scope: string | undefined,
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    const { metrics, audit, tracer } = this.opts;
    const all = this.opts.backend.tools().filter((t) => !scope || t.server === scope);
    const entry = all.find((t) => t.tool.name === name);
    const fail = (server: string, outcome: string, text: string): CallToolResult => {
      metrics.toolCalls.inc({ server, tool: entry ? name : UNKNOWN_TOOL_LABEL, outcome });
      audit({ caller: principal.subject, server, tool: name, arguments: args, ok: false, message: text });
      return { content: [{ type: 'text', text }], isError: true };
    };
    if (!entry)
      return fail(
        'none',
        'error',
        `unknown tool "${name.length > 100 ? `${name.slice(0, 100)}…` : name}"; call tools/list for the available tools`,
      );
    if (!canUseTool(principal, entry.tool.annotations)) {
      return fail(
        entry.server,
        'denied',
        `${name} changes things and needs the operator role; your role is ${principal.role}`,
      );
    }
    const unsafe = findUnsafeArgument(args, this.opts.dataDir);
    if (unsafe)
      return fail(
        entry.server,
        'denied',
        `${name} refused: ${unsafe}; arguments may only refer to the configured data`,
      );
    const span = tracer.startSpan(`tools/call ${name}`, {
      'mcp.server': entry.server,
      'mcp.tool': name,
      'enduser.id': principal.subject,
    });
    const started = performance.now();
    const result = await this.opts.backend.call(entry.server, name, args, {
      timeoutMs: this.opts.toolTimeoutMs,
      signal,
    });
    const seconds = (performance.now() - started) / 1000;
    const ok = !result.isError;
    metrics.toolCalls.inc({ server: entry.server, tool: name, outcome: ok ? 'ok' : 'error' });
    metrics.toolDuration.observe({ server: entry.server, tool: name }, seconds);
    span.end({ 'mcp.ok': ok }, ok ? undefined : firstText(result));
    audit({
      caller: principal.subject,
      server: entry.server,
      tool: name,
      arguments: args,
      ok,
      message: ok ? 'ok' : firstText(result),
    });
    return result;
  }

  private buildServer(principal: Principal, scope?: string): Server {
    const server = new Server(
      { name: scope ? `incident-pilot-${scope}` : 'incident-pilot', version: PACKAGE_VERSION },
      { capabilities: { tools: {} } },
    );
    server.setRequestHandler('tools/list', async () => ({
      tools: this.visibleTools(principal, scope).map((t) => t.tool),
    }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const params = request.params as { name: string; arguments?: Record<string, unknown> };
      const result = await this.callTool(principal, scope, params.name, params.arguments ?? {}, ctx.mcpReq.signal);
      const advertised = this.opts.backend.tools().find((t) => t.tool.name === params.name)?.tool.outputSchema;
      return server.projectCallToolResult(
        result,
        result.isError ? undefined : (advertised as Record<string, unknown> | undefined),
      );
    });
    return server;
  }

  private checkScope(scope: string | undefined): void {
    if (scope && !this.serverNames().includes(scope)) {
      throw new PilotError('not_found', `no MCP server "${scope}" here`, {
        hint: `configured: ${this.serverNames().join(', ') || 'none'}`,
      });
    }
  }

  /** Refuses a new session past the global cap (503) or past this caller's own cap (429). */
  private reserveSession(principal: Principal): void {
    if (this.sessions.size >= this.opts.maxSessions) {
      throw new PilotError(
        'backend_unavailable',
        `too many open MCP sessions (${this.opts.maxSessions}); close one or retry later`,
      );
    }
    const cap = this.opts.maxSessionsPerCaller ?? this.opts.maxSessions;
    const owner = principalKey(principal);
    let mine = 0;
    for (const s of this.sessions.values()) if (s.owner === owner) mine += 1;
    if (mine >= cap) {
      throw new PilotError(
        'rate_limited',
        `you have ${mine} open MCP sessions, the most one caller may hold (${cap})`,
        {
          hint: 'end one (DELETE /mcp with its Mcp-Session-Id) or wait until an idle one expires',
        },
      );
    }
  }

  private addSession(s: Session): void {
    this.sessions.set(s.id, s);
    this.opts.metrics.sessions.inc({ transport: s.kind });
  }

  private dropSession(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    this.opts.metrics.sessions.dec({ transport: s.kind });
  }

  /** The session of this id, owned by this caller (a session id is not a credential). */
  private sessionFor(id: string, principal: Principal, kind: Session['kind']): Session {
    const s = this.sessions.get(id);
    if (!s || s.kind !== kind)
      throw new PilotError('not_found', `unknown or expired MCP session "${id}"; initialize a new one`);
    if (s.owner !== principalKey(principal))
      throw new PilotError('forbidden', 'this MCP session belongs to another caller');
    s.lastSeen = Date.now();
    return s;
  }

  /** Streamable HTTP: POST (messages), GET (server stream), DELETE (end session). */
  async handleStreamable(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    scope: string | undefined,
    body: unknown,
  ): Promise<void> {
    this.checkScope(scope);
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId) {
      const s = this.sessionFor(sessionId, principal, 'http');
      if (s.scope !== scope)
        throw new PilotError('not_found', `MCP session "${sessionId}" belongs to another endpoint`);
      await (s.transport as NodeStreamableHTTPServerTransport).handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      sendJson(res, 400, {
        jsonrpc: '2.0',
        error: { code: -32000, message: 'no Mcp-Session-Id header: send an initialize request first' },
        id: null,
      });
      return;
    }
    this.reserveSession(principal);
    const server = this.buildServer(principal, scope);
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Tool results come back as one JSON body: the gateway sends no progress notifications mid-call.
      enableJsonResponse: true,
      onsessioninitialized: (id) =>
        this.addSession({
          id,
          kind: 'http',
          transport,
          server,
          principal,
          owner: principalKey(principal),
          scope,
          lastSeen: Date.now(),
        }),
      onsessionclosed: (id) => this.dropSession(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.dropSession(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Legacy SSE: GET /sse opens the stream. */
  async openSse(res: ServerResponse, principal: Principal, scope: string | undefined, postPath: string): Promise<void> {
    this.checkScope(scope);
    this.reserveSession(principal);
    const transport = new LegacySseTransport(res, postPath);
    const server = this.buildServer(principal, scope);
    this.addSession({
      id: transport.sessionId,
      kind: 'sse',
      transport,
      server,
      principal,
      owner: principalKey(principal),
      scope,
      lastSeen: Date.now(),
    });
    transport.onclose = () => this.dropSession(transport.sessionId);
    await server.connect(transport);
  }

  /** Legacy SSE: POST /messages?sessionId=... delivers one message; the reply goes out on the stream. */
  postSse(res: ServerResponse, principal: Principal, sessionId: string, body: unknown): void {
    const s = this.sessionFor(sessionId, principal, 'sse');
    if (!body || typeof body !== 'object') throw new PilotError('bad_input', 'expected a JSON-RPC message');
    (s.transport as LegacySseTransport).deliver(body as JSONRPCMessage);
    res.writeHead(202).end('Accepted');
  }

  private sweepIdle(): void {
    const cutoff = Date.now() - this.opts.sessionIdleMs;
    for (const s of [...this.sessions.values()]) {
      if (s.lastSeen < cutoff) {
        this.opts.logger.info({ session: s.id }, 'closing an idle MCP session');
        void s.server.close().catch(() => {});
        this.dropSession(s.id);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.values()].map((s) => s.server.close().catch(() => {})));
    this.sessions.clear();
  }
}
