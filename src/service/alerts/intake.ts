// From an alert notification to an investigation: one per alert group (the open group key is unique in the database,
// so replicas agree), repeats join it, `resolved` marks it, and a storm past the pending cap is shed and counted.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertContext } from '../../core/alert.js';
import { isPilotError } from '../../core/errors.js';
import type { InvestigationQueue } from '../investigations.js';
import type { Notifier } from '../notify/notifier.js';
import type { Principal } from '../roles.js';
import type { Store } from '../store/store.js';
import type { AlertingConfig } from './config.js';
import type { AlertMetrics } from './metrics.js';
import { windowOfAlert, type IncomingAlert } from './sources.js';
import type { AlertGroup, AlertStore } from './store.js';

export type IntakeOutcome = 'started' | 'joined' | 'resolved' | 'shed' | 'ignored';

export interface IntakeResult {
  outcome: IntakeOutcome;
  investigationId: string | null;
  detail?: string;
}

export interface IntakeDeps {
  config: AlertingConfig;
  alerts: AlertStore;
  store: Store;
  queue: InvestigationQueue;
  notifier: Notifier;
  metrics: AlertMetrics;
  logger: Logger;
}

/** A group whose investigation row is missing this long after its claim lost its creator: created again. */
const ORPHAN_MS = 10_000;

function mergeFingerprints(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

export class AlertIntake {
  constructor(private readonly deps: IntakeDeps) {}

  async receive(alert: IncomingAlert, principal: Principal): Promise<IntakeResult> {
    const result = alert.context.status === 'resolved' ? await this.resolve(alert) : await this.fire(alert, principal);
    this.deps.metrics.alerts.inc({ source: alert.source, outcome: result.outcome });
    return result;
  }

  /** A firing notification: joins the open group of its key (or of one of its fingerprints), else starts one. */
  private async fire(alert: IncomingAlert, principal: Principal): Promise<IntakeResult> {
    const open = (await this.deps.alerts.openGroup(alert.key)) ?? (await this.openByFingerprint(alert));
    if (open) return this.join(open, alert, principal);
    const latest = await this.deps.alerts.latestGroup(alert.key);
    // A late repeat of an episode already resolved (it started before that resolution) is not a new incident.
    if (latest?.status === 'resolved' && latest.resolvedAt && alert.context.startsAt <= Date.parse(latest.resolvedAt)) {
      return {
        outcome: 'joined',
        investigationId: latest.investigationId,
        detail: 'a repeat of an alert that has resolved',
      };
    }
    return this.start(alert, principal);
  }

  private async openByFingerprint(alert: IncomingAlert): Promise<AlertGroup | undefined> {
    if (alert.source !== 'alertmanager') return undefined;
    for (const fp of alert.context.fingerprints) {
      const found = (await this.deps.alerts.groupsByFingerprint(fp, 5)).find(
        (g) => g.status === 'firing' && g.source === alert.source,
      );
      if (found) return found;
    }
    return undefined;
  }

  private async start(alert: IncomingAlert, principal: Principal, group?: AlertGroup): Promise<IntakeResult> {
    const { config, alerts, queue, logger } = this.deps;
    const id = group?.investigationId ?? randomUUID();
    const now = new Date().toISOString();
    const shed = !group && queue.depth >= config.maxPending;
    const record: AlertGroup = group ?? {
      investigationId: id,
      openKey: shed ? null : alert.key,
      baseKey: alert.key,
      source: alert.source,
      status: shed ? 'shed' : 'firing',
      alert: alert.context,
      fingerprints: alert.context.fingerprints,
      repeats: 0,
      replyChannel: null,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
    };
    if (!group && !(await alerts.insertGroup(record))) {
      // Another request (or replica) claimed this group first: join it.
      const winner = await alerts.openGroup(alert.key);
      return winner
        ? this.join(winner, alert, principal)
        : { outcome: 'joined', investigationId: null, detail: 'claimed by a concurrent request' };
    }
    const input = {
      incident: alert.context.text,
      ...windowOfAlert(alert.context, config),
      llm: 'engine',
      alert: alert.context,
    };
    if (shed) {
      await this.recordShed(
        id,
        input.incident,
        principal,
        `shed: ${queue.depth} alert investigations were already waiting (alerts.maxPending ${config.maxPending}); a repeat notification retries it`,
      );
      logger.warn({ key: alert.key, investigation: id, waiting: queue.depth }, 'alert storm: investigation shed');
      return { outcome: 'shed', investigationId: id, detail: 'too many alert investigations waiting' };
    }
    try {
      await queue.submit(input, principal, { id, maxQueued: config.maxPending });
    } catch (err) {
      if (isPilotError(err) && err.code === 'rate_limited') {
        await alerts.updateGroup(id, { status: 'shed', openKey: null });
        await this.recordShed(id, input.incident, principal, `shed: ${err.message}`);
        return { outcome: 'shed', investigationId: id, detail: err.message };
      }
      if ((err as { code?: string }).code === '23505' || /UNIQUE constraint failed/.test((err as Error).message)) {
        return { outcome: 'joined', investigationId: id };
      }
      throw err;
    }
    logger.info(
      {
        key: alert.key,
        investigation: id,
        source: alert.source,
        startsAt: new Date(alert.context.startsAt).toISOString(),
      },
      'alert: investigation started',
    );
    this.deps.notifier.alertOpened(record);
    return { outcome: 'started', investigationId: id };
  }

  /** Keeps the shed alert visible: a failed investigation saying why, in the list and the web UI. */
  private async recordShed(id: string, incident: string, principal: Principal, reason: string): Promise<void> {
    const now = new Date().toISOString();
    await this.deps.store
      .create({
        id,
        status: 'failed',
        incident,
        since: null,
        until: null,
        llm: 'engine',
        createdBy: principal.subject,
        createdAt: now,
        startedAt: null,
        finishedAt: now,
        error: reason,
        report: null,
        culprit: null,
        confidence: null,
        owner: null,
        heartbeatAt: now,
      })
      .catch(() => this.deps.store.update(id, { status: 'failed', error: reason, finishedAt: now }));
  }

  private async join(open: AlertGroup, alert: IncomingAlert, principal: Principal): Promise<IntakeResult> {
    const { alerts, store } = this.deps;
    const id = open.investigationId;
    const merged: AlertContext = {
      ...open.alert,
      fingerprints: mergeFingerprints(open.alert.fingerprints, alert.context.fingerprints),
    };
    await alerts.updateGroup(id, { addRepeat: true, fingerprints: merged.fingerprints, alert: merged });
    // The claim's creator may have died between the claim and creating the run: create it now.
    if (!(await store.get(id)) && Date.now() - Date.parse(open.createdAt) > ORPHAN_MS) {
      return this.start(alert, principal, { ...open, alert: merged });
    }
    return { outcome: 'joined', investigationId: id };
  }

  private async resolve(alert: IncomingAlert): Promise<IntakeResult> {
    const { alerts, notifier, logger } = this.deps;
    const open = (await alerts.openGroup(alert.key)) ?? (await this.openByFingerprint(alert));
    if (!open)
      return {
        outcome: 'ignored',
        investigationId: (await alerts.latestGroup(alert.key))?.investigationId ?? null,
        detail: 'no firing alert group with this key',
      };
    const resolvedAt = new Date(alert.context.endsAt ?? Date.now()).toISOString();
    const context: AlertContext = { ...open.alert, status: 'resolved', endsAt: Date.parse(resolvedAt) };
    await alerts.updateGroup(open.investigationId, { status: 'resolved', openKey: null, resolvedAt, alert: context });
    logger.info({ key: alert.key, investigation: open.investigationId, resolvedAt }, 'alert resolved');
    notifier.alertResolved({ ...open, status: 'resolved', openKey: null, resolvedAt, alert: context });
    return { outcome: 'resolved', investigationId: open.investigationId };
  }

  /** A slash command: an investigation answered in the channel it came from. */
  async startFromSlack(text: string, channel: string, principal: Principal): Promise<string> {
    const { alerts, queue, config } = this.deps;
    const id = randomUUID();
    const now = new Date();
    const context: AlertContext = {
      text,
      startsAt: now.getTime(),
      status: 'firing',
      endsAt: null,
      labels: {},
      component: null,
      groupKey: null,
      fingerprints: [],
      alertname: null,
    };
    await alerts.insertGroup({
      investigationId: id,
      openKey: null,
      baseKey: `slack:${id}`,
      source: 'slack',
      status: 'firing',
      alert: context,
      fingerprints: [],
      repeats: 0,
      replyChannel: channel,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      resolvedAt: null,
    });
    await queue.submit({ incident: text, llm: 'engine' }, principal, { id, maxQueued: config.maxPending });
    this.deps.metrics.alerts.inc({ source: 'slack', outcome: 'started' });
    return id;
  }
}
