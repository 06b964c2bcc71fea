// Puts the service together: store, supervised servers, gateway, queue, app; and takes it apart on SIGTERM.
import type { AddressInfo } from 'node:net';
import { createAuditLog } from '../core/audit.js';
import { ourServerTarget, configuredServers } from '../client/start.js';
import type { SourceOptions } from '../servers/types.js';
import { setUpAlerting } from './alerts/setup.js';
import { createApp } from './app.js';
import { createAuthenticator } from './auth.js';
import type { ServiceConfig } from './config.js';
import { createEngineRunner } from './engine-runner.js';
import { InvestigationQueue, type InvestigationRunner } from './investigations.js';
import { redactUrl } from '../core/http.js';
import { createLogger } from './logging.js';
import { McpGateway } from './mcp-gateway.js';
import { createMetrics } from './metrics.js';
import { createPostgresStore } from './store/postgres.js';
import { watchStoreWrites } from './store/health.js';
import { createSqliteStore } from './store/sqlite.js';
import type { Store } from './store/store.js';
import { Supervisor, type SupervisorOptions, type ToolBackend } from './supervisor.js';
import { createTracer } from './tracing.js';

export interface RunningService {
  url: string;
  shutdown(reason: string): Promise<void>;
}

export interface StartServiceOptions {
  config: ServiceConfig;
  source: SourceOptions;
  /** Seams for tests and for the LLM analyst: defaults are the supervised servers and the engine. */
  backend?: ToolBackend;
  /** How the supervisor reaches each of our servers; default: a subprocess over stdio. */
  connect?: SupervisorOptions['connect'];
  runner?: InvestigationRunner;
  /** LLM provider settings (env and .env), for investigations that ask for a model. */
  llmEnv?: Readonly<Record<string, string | undefined>>;
  logDestination?: NodeJS.WritableStream;
  /** For the web app (serve computes it): the bundled sample is served, and what "LLM (auto)" resolves to. */
  ui?: { sample: boolean; autoAnalyst: string };
}

export async function startService(opts: StartServiceOptions): Promise<RunningService> {
  const { config, source } = opts;
  const logger = createLogger(config.logLevel, opts.logDestination);
  const metrics = createMetrics();
  const tracer = createTracer(config.otlpEndpoint, (msg) => logger.warn(msg));
  const auditLog = createAuditLog(config.auditPath);
  const audit = (
    caller: string,
    server: string,
    tool: string,
    args: Record<string, unknown>,
    status: string,
    message: string,
  ) =>
    void auditLog
      .append({ time: new Date().toISOString(), caller, server, tool, arguments: args, result: { status, message } })
      .catch((err: Error) => logger.error({ err: err.message }, 'audit log write failed'));

  const rawStore: Store = config.databaseUrl
    ? createPostgresStore(config.databaseUrl, (msg) => logger.warn(msg))
    : createSqliteStore(config.dbPath);
  await rawStore.init();
  // Every write is watched and a probe writes now and then, so /ready turns red when the store cannot be written.
  const storeHealth = watchStoreWrites(rawStore, {
    file: config.databaseUrl ? undefined : config.dbPath,
    minFreeBytes: config.storeMinFreeBytes,
    probeMs: config.storeProbeMs,
    onChange: (ok, detail) =>
      ok
        ? logger.info({ detail }, 'the store can be written again')
        : logger.error({ detail }, 'the store cannot be written'),
  });
  const store = storeHealth.store;
  await storeHealth.probe();
  const alerting = await setUpAlerting({
    config: config.alerting,
    store,
    dbPath: config.dbPath,
    databaseUrl: config.databaseUrl,
    registry: metrics.registry,
    logger,
  });
  const owner = alerting.owner;
  // Leased runs (PostgreSQL) are taken over by a live replica when their lease expires; otherwise they failed with us.
  const abandoned = alerting.leased
    ? 0
    : await store.failAbandoned('interrupted by a restart', { staleMs: 60_000, owner });
  if (abandoned) logger.warn({ count: abandoned }, 'marked investigations interrupted by a restart as failed');
  logger.info(
    { store: config.databaseUrl ? redactUrl(config.databaseUrl) : config.dbPath, audit: config.auditPath },
    'store ready',
  );

  let supervisor: Supervisor | undefined;
  let backend = opts.backend;
  if (!backend) {
    const names = configuredServers(source);
    supervisor = new Supervisor(
      // Their write tools (k8s) audit into the service's own file, not a default shared by every instance.
      names.map((n) => ourServerTarget(n, source, { INCIDENT_PILOT_AUDIT_LOG: config.auditPath })),
      {
        callTimeoutMs: config.toolTimeoutMs,
        connect: opts.connect,
        pingIntervalMs: config.pingIntervalMs,
        pingTimeoutMs: config.pingTimeoutMs,
        onEvent: (e) => {
          if (e.type === 'up') metrics.serverUp.set({ server: e.server }, 1);
          else {
            metrics.serverUp.set({ server: e.server }, 0);
            metrics.serverRestarts.inc({ server: e.server });
          }
          logger[e.type === 'up' ? 'info' : 'warn'](
            { server: e.server, pid: e.pid, detail: e.detail },
            `MCP server ${e.type}`,
          );
        },
      },
    );
    await supervisor.start();
    backend = supervisor;
  }

  const gateway = new McpGateway({
    backend,
    toolTimeoutMs: config.toolTimeoutMs,
    maxSessions: config.maxSessions,
    maxSessionsPerCaller: config.maxSessionsPerCaller,
    sessionIdleMs: config.sessionIdleMs,
    dataDir: source.dataDir,
    metrics,
    logger,
    tracer,
    audit: (e) => audit(e.caller, e.server, e.tool, e.arguments, e.ok ? 'done' : 'failed', e.message),
  });
  const runner =
    opts.runner ??
    createEngineRunner(
      backend,
      ({ server, tool, ok, durationMs, summary }) => {
        metrics.toolCalls.inc({ server, tool, outcome: ok ? 'ok' : 'error' });
        metrics.toolDuration.observe({ server, tool }, durationMs / 1000);
        // Told when the call has ended: recorded after the fact, under the investigation's span (the current one).
        tracer
          .startSpan(`tools/call ${tool}`, { 'mcp.server': server, 'mcp.tool': tool }, undefined, {
            kind: 'internal',
            startTime: Date.now() - durationMs,
          })
          .end({ 'mcp.ok': ok }, ok ? undefined : summary);
      },
      { llmEnv: opts.llmEnv },
    );
  const queue = new InvestigationQueue(store, runner, {
    concurrency: config.concurrency,
    maxQueued: config.maxQueued,
    owner,
    metrics,
    logger,
    tracer,
    onAudit: (caller, action, detail) => audit(caller, 'service', action, detail, 'done', action),
    ...alerting.queueOptions,
  });
  // Replicas sharing PostgreSQL pick up runs whose owner died without a restart.
  const sweeper =
    config.databaseUrl && !alerting.leased
      ? setInterval(
          () =>
            void store.failAbandoned('interrupted: its service instance stopped', { staleMs: 60_000 }).catch(() => {}),
          30_000,
        )
      : undefined;
  sweeper?.unref();

  const auth = createAuthenticator(config.tokens, config.jwt);
  const alertsHttp = alerting.attach(queue, config.concurrency, config.bodyLimitBytes);
  const app = createApp({
    config,
    auth,
    backend,
    gateway,
    queue,
    store,
    metrics,
    logger,
    tracer,
    storeWritable: storeHealth.status,
    alerts: alertsHttp,
    ui: opts.ui,
  });
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', reject);
    app.server.listen(config.port, config.host, () => resolve());
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    { url, auth: auth.open ? 'none (loopback only)' : 'required', servers: backend.status().map((s) => s.name) },
    'incident-pilot service listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    shutdown(reason) {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down');
        app.setDraining();
        app.server.close();
        const { failed } = await queue.drain(config.drainTimeoutMs);
        if (failed) logger.warn({ failed }, 'investigations still running at shutdown were marked failed');
        await gateway.close();
        app.server.closeAllConnections();
        if (sweeper) clearInterval(sweeper);
        await backend.stop();
        storeHealth.stop();
        await alerting.close();
        await store.close();
        await tracer.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
