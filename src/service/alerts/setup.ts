// Puts alerting together for the service: the alert tables, the notifier, the intake and its routes, and on PostgreSQL
// the leases by which replicas share runs. Two steps, because the queue needs the lease and the intake needs the queue.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { InvestigationQueue, LeaseKeeper, QueueOptions } from '../investigations.js';
import { Notifier } from '../notify/notifier.js';
import { PostgresLease, startTakeover } from '../replicas/lease.js';
import type { Store } from '../store/store.js';
import type { AlertingConfig } from './config.js';
import { AlertIntake } from './intake.js';
import { createAlertMetrics, type AlertMetrics } from './metrics.js';
import { createAlertsHttp, type AlertsHttp } from './routes.js';
import { openPostgresSql, openSqliteSql } from './sql.js';
import { AlertStore } from './store.js';

export interface AlertingSetup {
  /** This process's name in the store: unique per start, so replicas on one host (and a restarted pod) differ. */
  owner: string;
  alerts: AlertStore;
  notifier: Notifier;
  metrics: AlertMetrics;
  /** For the queue: leases on PostgreSQL, and the hook that sends answers when a run ends. */
  queueOptions: Pick<QueueOptions, 'lease' | 'onStatus' | 'heartbeatMs'>;
  /** True when runs are leased (PostgreSQL): abandoned runs are taken over, not failed. */
  leased: boolean;
  attach(queue: InvestigationQueue, concurrency: number, bodyLimitBytes: number): AlertsHttp;
  close(): Promise<void>;
}

export interface AlertingOptions {
  config: AlertingConfig;
  store: Store;
  dbPath: string;
  databaseUrl?: string;
  registry: Registry;
  logger: Logger;
}

function instanceName(): string {
  return `${hostname()}#${randomUUID().slice(0, 8)}`;
}

export async function setUpAlerting(opts: AlertingOptions): Promise<AlertingSetup> {
  const { config, store, logger } = opts;
  const sql = opts.databaseUrl
    ? openPostgresSql(opts.databaseUrl, (msg) => logger.warn(msg))
    : openSqliteSql(opts.dbPath);
  const alerts = new AlertStore(sql);
  await alerts.init();
  const metrics = createAlertMetrics(opts.registry);
  const notifier = new Notifier({ config, alerts, store, metrics, logger });
  const owner = instanceName();
  const lease: (LeaseKeeper & PostgresLease) | undefined = opts.databaseUrl
    ? new PostgresLease(sql, owner, config.leaseMs)
    : undefined;
  let stopTakeover: (() => void) | undefined;

  return {
    owner,
    alerts,
    notifier,
    metrics,
    leased: !!lease,
    queueOptions: {
      lease,
      // Renewed three times per lease, so one late beat never loses it.
      heartbeatMs: lease ? Math.max(200, Math.round(config.leaseMs / 3)) : undefined,
      onStatus: (id, status) => {
        if (status !== 'running') notifier.investigationEnded(id);
      },
    },
    attach(queue, concurrency, bodyLimitBytes) {
      const intake = new AlertIntake({ config, alerts, store, queue, notifier, metrics, logger });
      if (lease) {
        stopTakeover = startTakeover({
          lease,
          queue,
          concurrency,
          logger,
          alertOf: async (id) => {
            const group = await alerts.group(id);
            return group && group.source !== 'slack' ? group.alert : undefined;
          },
          onTakeover: () => metrics.takeovers.inc(),
        });
      }
      return createAlertsHttp({ intake, alerts, store, notifier, config, metrics, logger, bodyLimitBytes });
    },
    async close() {
      stopTakeover?.();
      await Promise.race([notifier.idle(), new Promise((r) => setTimeout(r, 5000))]);
      await alerts.close();
    },
  };
}
