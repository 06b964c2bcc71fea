// PagerDuty's sending side, as its V3 webhooks do it: an event envelope ({event: {id, event_type, resource_type,
// occurred_at, agent, client, data}}) POSTed with `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>]` (HMAC-SHA256 of the raw
// body with each secret), `X-Webhook-Id` and `X-Webhook-Subscription`.
import { createHmac, randomUUID } from 'node:crypto';

export interface PagerDutyIncident {
  id: string;
  title: string;
  service: string;
  createdAt: string;
  urgency?: 'high' | 'low';
  team?: string;
}

export function pagerDutyEvent(
  type: 'incident.triggered' | 'incident.resolved' | 'incident.acknowledged' | 'pagey.ping',
  inc: PagerDutyIncident,
  occurredAt = new Date().toISOString(),
): Record<string, unknown> {
  const ref = (kind: string, id: string, summary: string) => ({
    id,
    type: `${kind}_reference`,
    summary,
    self: `https://api.pagerduty.com/${kind}s/${id}`,
    html_url: `https://acme.pagerduty.com/${kind}s/${id}`,
  });
  return {
    event: {
      id: randomUUID(),
      event_type: type,
      resource_type: 'incident',
      occurred_at: occurredAt,
      agent: null,
      client: null,
      data: {
        id: inc.id,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${inc.id}`,
        html_url: `https://acme.pagerduty.com/incidents/${inc.id}`,
        number: 42,
        status: type === 'incident.resolved' ? 'resolved' : 'triggered',
        incident_key: `key-${inc.id}`,
        created_at: inc.createdAt,
        title: inc.title,
        service: ref('service', 'PSVC001', inc.service),
        assignees: [],
        escalation_policy: ref('escalation_policy', 'PEP0001', 'Default'),
        teams: inc.team ? [ref('team', 'PTEAM01', inc.team)] : [],
        priority: null,
        urgency: inc.urgency ?? 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}

export function pagerDutySignature(body: string, secrets: string[]): string {
  return secrets.map((s) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');
}

/** POSTs an event as PagerDuty does; `signature` overrides the header (null: none). */
export async function sendPagerDuty(
  url: string,
  event: Record<string, unknown>,
  secrets: string[],
  signature?: string | null,
): Promise<{ status: number; body: any }> {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'PagerDuty-Webhook/V3.0',
    'x-webhook-id': randomUUID(),
    'x-webhook-subscription': 'PSUB001',
  };
  const sig = signature === undefined ? pagerDutySignature(body, secrets) : signature;
  if (sig !== null) headers['x-pagerduty-signature'] = sig;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
