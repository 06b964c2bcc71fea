// Alerts from each source read into one shape: Alertmanager (v4), PagerDuty V3 webhooks, and a generic JSON webhook.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { componentOfLabels, parseAlertmanagerPayload, type AlertContext } from '../../core/alert.js';
import { PilotError } from '../../core/errors.js';

export type AlertSource = 'alertmanager' | 'pagerduty' | 'generic' | 'slack';

/** One notification about one alert group. */
export interface IncomingAlert {
  source: AlertSource;
  /** The group's identity: one investigation per key while the group fires. */
  key: string;
  context: AlertContext;
}

function badInput(where: string, message: string): PilotError {
  return new PilotError('bad_input', `${where}: ${message}`);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** Alertmanager's webhook: the group key names the group; without one, its sorted fingerprints (or labels) do. */
export function readAlertmanager(body: unknown): IncomingAlert {
  let context: AlertContext;
  try {
    context = parseAlertmanagerPayload(body);
  } catch (err) {
    throw badInput('Alertmanager payload', (err as Error).message);
  }
  const identity =
    context.groupKey ??
    (context.fingerprints.length ? [...context.fingerprints].sort().join(',') : hashOf(context.labels));
  return { source: 'alertmanager', key: `alertmanager:${identity}`, context };
}

const pdReference = z.looseObject({ id: z.string().optional(), summary: z.string().optional() });
const pdIncident = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  status: z.string().optional(),
  created_at: z.string().optional(),
  incident_key: z.string().nullable().optional(),
  urgency: z.string().optional(),
  html_url: z.string().optional(),
  service: pdReference.nullable().optional(),
  priority: pdReference.nullable().optional(),
  teams: z.array(pdReference).optional(),
});
const pdEnvelope = z.looseObject({
  event: z.looseObject({
    id: z.string().optional(),
    event_type: z.string(),
    resource_type: z.string().optional(),
    occurred_at: z.string().optional(),
    data: z.unknown(),
  }),
});

const PAGERDUTY_EVENTS = ['incident.triggered', 'incident.resolved'] as const;

/**
 * A PagerDuty V3 webhook: incident.triggered and incident.resolved become an alert; other event types (and
 * PagerDuty's ping) are acknowledged and ignored (undefined).
 */
export function readPagerDuty(body: unknown): IncomingAlert | undefined {
  const env = pdEnvelope.safeParse(body);
  if (!env.success)
    throw badInput(
      'PagerDuty webhook',
      `${env.error.issues[0].path.join('.') || '(root)'}: ${env.error.issues[0].message}`,
    );
  const { event } = env.data;
  if (!(PAGERDUTY_EVENTS as readonly string[]).includes(event.event_type)) return undefined;
  const inc = pdIncident.safeParse(event.data);
  if (!inc.success)
    throw badInput(
      'PagerDuty webhook',
      `event.data.${inc.error.issues[0].path.join('.')}: ${inc.error.issues[0].message}`,
    );
  const d = inc.data;
  const service = d.service?.summary?.trim();
  const labels: Record<string, string> = { source: 'pagerduty', incident: d.id };
  if (service) labels.service = service;
  if (d.urgency) labels.urgency = d.urgency;
  if (d.priority?.summary) labels.priority = d.priority.summary;
  if (d.teams?.[0]?.summary) labels.team = d.teams[0].summary;
  const started = Date.parse(d.created_at ?? event.occurred_at ?? '');
  if (!Number.isFinite(started)) throw badInput('PagerDuty webhook', 'event.data.created_at: not a time');
  const resolved = event.event_type === 'incident.resolved';
  const endsAt = resolved ? Date.parse(event.occurred_at ?? '') : NaN;
  return {
    source: 'pagerduty',
    key: `pagerduty:${d.id}`,
    context: {
      text: (d.title ?? '').trim() || `PagerDuty incident ${d.id}`,
      startsAt: started,
      status: resolved ? 'resolved' : 'firing',
      endsAt: resolved ? (Number.isFinite(endsAt) ? endsAt : Date.now()) : null,
      labels,
      component: componentOfLabels(labels),
      groupKey: d.incident_key ?? null,
      fingerprints: [d.id],
      alertname: null,
    },
  };
}

const genericSchema = z.strictObject({
  title: z.string().trim().min(1).max(4000),
  service: z.string().trim().max(200).optional(),
  startsAt: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  endsAt: z.string().optional(),
  /** The sender's own id for the alert: repeats with the same id join one investigation. */
  id: z.string().trim().min(1).max(200).optional(),
});

/** The generic webhook: {title, service, startsAt, labels} (+ optional id, status, endsAt). */
export function readGeneric(body: unknown, now = Date.now()): IncomingAlert {
  const parsed = genericSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PilotError('bad_input', `body.${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'send {"title": "...", "service"?: "...", "startsAt"?: ISO time, "labels"?: {...}}',
    });
  }
  const g = parsed.data;
  const startsAt = g.startsAt ? Date.parse(g.startsAt) : now;
  if (!Number.isFinite(startsAt)) throw badInput('body.startsAt', `not a time: ${JSON.stringify(g.startsAt)}`);
  const labels: Record<string, string> = { ...(g.labels ?? {}), ...(g.service ? { service: g.service } : {}) };
  const status = g.status ?? 'firing';
  const endsAt = status === 'resolved' ? (g.endsAt ? Date.parse(g.endsAt) : now) : null;
  const identity = g.id ?? hashOf({ title: g.title, labels, startsAt });
  return {
    source: 'generic',
    key: `generic:${identity}`,
    context: {
      text: g.title,
      startsAt,
      status,
      endsAt: endsAt !== null && Number.isFinite(endsAt) ? endsAt : null,
      labels,
      component: componentOfLabels(labels),
      groupKey: g.id ?? null,
      fingerprints: [g.id ?? identity],
      alertname: labels.alertname ?? null,
    },
  };
}

/** The investigation window of an alert: from lookback before startsAt to now, or to startsAt plus the lead. */
export function windowOfAlert(
  ctx: AlertContext,
  opts: { lookbackMs: number; leadMs: number },
  now = Date.now(),
): { since: string; until: string } {
  const until = Math.min(now, ctx.startsAt + opts.leadMs);
  return {
    since: new Date(ctx.startsAt - opts.lookbackMs).toISOString(),
    until: new Date(Math.max(until, ctx.startsAt)).toISOString(),
  };
}
