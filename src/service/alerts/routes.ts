// HTTP for alerts: Alertmanager, PagerDuty (signed), generic webhooks and the Slack slash command in; alert lookups and
// deliveries out. Mounted by app.ts from this one list. An alert credential reaches these routes and nothing else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { PilotError } from '../../core/errors.js';
import { readJsonBody, readRawBody, sendJson, type Route } from '../http.js';
import type { Notifier } from '../notify/notifier.js';
import type { Store } from '../store/store.js';
import type { AlertingConfig } from './config.js';
import type { AlertIntake, IntakeResult } from './intake.js';
import type { AlertMetrics } from './metrics.js';
import { verifyPagerDutySignature, verifySlackSignature } from './signatures.js';
import { readAlertmanager, readGeneric, readPagerDuty, type AlertSource } from './sources.js';
import type { AlertGroup, AlertStore, DeliveryStatus } from './store.js';

export interface AlertsHttp {
  routes: Array<[string, RegExp, Route]>;
  /** GET /api/investigations?alert=<fingerprint>. */
  listByAlert(res: ServerResponse, url: URL): Promise<void>;
}

export interface AlertsHttpDeps {
  intake: AlertIntake;
  alerts: AlertStore;
  store: Store;
  notifier: Notifier;
  config: AlertingConfig;
  metrics: AlertMetrics;
  logger: Logger;
  bodyLimitBytes: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(raw: Buffer, what: string): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new PilotError('bad_input', `${what}: the body is not valid JSON: ${(err as Error).message}`);
  }
}

function answer(res: ServerResponse, r: IntakeResult): void {
  const body = {
    outcome: r.outcome,
    investigation: r.investigationId,
    ...(r.investigationId ? { href: `/api/investigations/${r.investigationId}` } : {}),
    ...(r.detail ? { detail: r.detail } : {}),
  };
  sendJson(res, r.outcome === 'ignored' ? 200 : 202, body);
}

function groupView(g: AlertGroup) {
  return {
    key: g.baseKey,
    source: g.source,
    status: g.status,
    fingerprints: g.fingerprints,
    labels: g.alert.labels,
    startsAt: new Date(g.alert.startsAt).toISOString(),
    repeats: g.repeats,
    resolvedAt: g.resolvedAt,
    createdAt: g.createdAt,
  };
}

const USAGE = 'Usage: /incident-pilot <symptom>, for example `/incident-pilot 500 errors on checkout since 14:40`';

export function createAlertsHttp(deps: AlertsHttpDeps): AlertsHttp {
  const { intake, alerts, store, config, metrics, logger, bodyLimitBytes } = deps;

  const refuse = (source: AlertSource, reason: string): never => {
    metrics.alerts.inc({ source, outcome: 'refused' });
    logger.warn({ source, reason }, 'alert request refused');
    throw new PilotError('unauthorized', `${source} request refused: ${reason}`);
  };

  const routes: Array<[string, RegExp, Route]> = [
    [
      'POST',
      /^\/api\/alerts\/alertmanager\/?$/,
      {
        label: '/api/alerts/alertmanager',
        role: 'alerts',
        handle: async (req, res, p) =>
          answer(res, await intake.receive(readAlertmanager(await readJsonBody(req, bodyLimitBytes)), p)),
      },
    ],
    [
      'POST',
      /^\/api\/alerts\/generic\/?$/,
      {
        label: '/api/alerts/generic',
        role: 'alerts',
        handle: async (req, res, p) =>
          answer(res, await intake.receive(readGeneric(await readJsonBody(req, bodyLimitBytes)), p)),
      },
    ],
    [
      'POST',
      /^\/api\/alerts\/pagerduty\/?$/,
      {
        // No bearer: PagerDuty signs each request with the subscription's secret instead.
        label: '/api/alerts/pagerduty',
        handle: async (req, res) => {
          const raw = await readRawBody(req, bodyLimitBytes);
          const check = verifyPagerDutySignature(raw, header(req, 'x-pagerduty-signature'), config.pagerdutySecrets);
          if (!check.ok) refuse('pagerduty', check.reason);
          const alert = readPagerDuty(parseJson(raw, 'PagerDuty webhook'));
          if (!alert) {
            sendJson(res, 200, {
              outcome: 'ignored',
              detail: 'only incident.triggered and incident.resolved start or end investigations',
            });
            return;
          }
          answer(res, await intake.receive(alert, { subject: 'pagerduty', role: 'alerts' }));
        },
      },
    ],
    [
      'POST',
      /^\/api\/slack\/commands\/?$/,
      {
        // Slack signs slash commands with the app's signing secret; it waits 3 s for this answer.
        label: '/api/slack/commands',
        handle: async (req, res) => {
          const raw = await readRawBody(req, bodyLimitBytes);
          const check = verifySlackSignature(
            raw,
            header(req, 'x-slack-signature'),
            header(req, 'x-slack-request-timestamp'),
            config.slack.signingSecret,
          );
          if (!check.ok) refuse('slack', check.reason);
          const form = new URLSearchParams(raw.toString('utf8'));
          const text = (form.get('text') ?? '').trim();
          const channel = form.get('channel_id') ?? '';
          const responseUrl = form.get('response_url') ?? '';
          if (!text || /^help$/i.test(text)) {
            sendJson(res, 200, { response_type: 'ephemeral', text: USAGE });
            return;
          }
          if (!config.slack.botToken && !responseUrl) {
            sendJson(res, 200, {
              response_type: 'ephemeral',
              text: 'Incident Pilot has no Slack bot token to answer with (SLACK_BOT_TOKEN).',
            });
            return;
          }
          let id: string;
          try {
            id = await intake.startFromSlack(text.slice(0, 4000), channel, {
              subject: `slack:${form.get('user_id') ?? 'unknown'}`,
              role: 'operator',
            });
          } catch (err) {
            logger.warn({ err: (err as Error).message }, 'slash command: could not start the investigation');
            sendJson(res, 200, {
              response_type: 'ephemeral',
              text: `Could not start the investigation: ${(err as Error).message}`,
            });
            return;
          }
          if (!config.slack.botToken) deps.notifier.rememberResponseUrl(id, responseUrl);
          const link = config.publicUrl ? ` <${config.publicUrl}/#/i/${id}|Follow it here.>` : ` (investigation ${id})`;
          sendJson(res, 200, {
            response_type: 'in_channel',
            text: `Investigating “${text.slice(0, 200)}”: the root cause will be posted in this channel.${link}`,
          });
        },
      },
    ],
    [
      'GET',
      /^\/api\/investigations\/([\w-]+)\/alert$/,
      {
        label: '/api/investigations/:id/alert',
        role: 'viewer',
        handle: async (_q, res, _p, _u, m) => {
          const group = await alerts.group(m[1]);
          if (!group && !(await store.get(m[1]))) throw new PilotError('not_found', `no investigation "${m[1]}"`);
          sendJson(res, 200, { alert: group ? groupView(group) : null, deliveries: await alerts.deliveries(m[1]) });
        },
      },
    ],
    [
      'GET',
      /^\/api\/alerts\/deliveries\/?$/,
      {
        label: '/api/alerts/deliveries',
        role: 'viewer',
        handle: async (_q, res, _p, url) => {
          const status = url.searchParams.get('status') as DeliveryStatus | null;
          if (status && !['pending', 'sent', 'failed'].includes(status))
            throw new PilotError('bad_input', `status=${status}: use pending, sent or failed`);
          const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
          sendJson(res, 200, { deliveries: await alerts.listDeliveries(status ?? undefined, limit) });
        },
      },
    ],
  ];

  return {
    routes,
    async listByAlert(res, url) {
      const fingerprint = (url.searchParams.get('alert') ?? '').trim();
      if (!fingerprint) throw new PilotError('bad_input', 'alert=: give an alert fingerprint');
      const groups = await alerts.groupsByFingerprint(
        fingerprint,
        Math.min(100, Number(url.searchParams.get('limit') ?? 20) || 20),
      );
      const found = [];
      for (const g of groups) {
        const rec = await store.get(g.investigationId);
        if (!rec) continue;
        found.push({
          id: rec.id,
          status: rec.status,
          incident: rec.incident,
          createdAt: rec.createdAt,
          culprit: rec.culprit,
          confidence: rec.confidence,
          alert: groupView(g),
        });
      }
      sendJson(res, 200, { investigations: found });
    },
  };
}
