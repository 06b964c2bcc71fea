// What a message says about an investigation, and how each receiver shows it: Slack Block Kit, a Teams Adaptive Card,
// our webhook's JSON. Everything leaving passes the same redaction as text sent to remote models.
import type { AlertContext } from '../../core/alert.js';
import { redactJson } from '../../llm/redact.js';
import type { InvestigationRecord } from '../store/store.js';
import type { SlackMessage } from './slack.js';

export type MessageEvent = 'investigating' | 'done' | 'failed' | 'resolved';

export interface Summary {
  id: string;
  event: MessageEvent;
  title: string;
  status: InvestigationRecord['status'];
  rootCause: string | null;
  confidence: number | null;
  category: string | null;
  /** The change to blame: service, deployment and short commit, or null. */
  change: { service: string | null; deployment: string | null; commit: string | null } | null;
  evidence: string[];
  recommendation: string | null;
  error: string | null;
  link: string | null;
  labels: Record<string, string>;
  alertStatus: 'firing' | 'resolved' | null;
  resolvedAt: string | null;
  repeats: number;
}

const MAX_EVIDENCE = 3;

export function summarize(
  rec: InvestigationRecord,
  alert: AlertContext | null,
  opts: { event: MessageEvent; publicUrl?: string; resolvedAt?: string | null; repeats?: number },
): Summary {
  const report = rec.report;
  const root = report?.rootCause;
  const blamed =
    root && (root.deployment || root.commit)
      ? { service: root.service, deployment: root.deployment, commit: root.commit?.slice(0, 12) ?? null }
      : null;
  return {
    id: rec.id,
    event: opts.event,
    title: alert?.text || rec.incident,
    status: rec.status,
    rootCause: root?.summary ?? null,
    confidence: root?.confidence ?? null,
    category: root?.category ?? null,
    change: blamed,
    evidence: (report?.evidence ?? [])
      .slice(0, MAX_EVIDENCE)
      .map((e) => (e.ref ? `${e.summary} (${e.ref})` : e.summary)),
    recommendation: report?.recommendations[0] ?? null,
    error: rec.error,
    link: opts.publicUrl ? `${opts.publicUrl}/#/i/${encodeURIComponent(rec.id)}` : null,
    labels: alert?.labels ?? {},
    alertStatus: alert ? (opts.resolvedAt ? 'resolved' : alert.status) : null,
    resolvedAt: opts.resolvedAt ?? null,
    repeats: opts.repeats ?? 0,
  };
}

/** Redacted copy of any message body. */
export function redactMessage<T>(body: T): T {
  return redactJson(body).value as T;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Slack mrkdwn treats &, < and > as markup. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function changeText(s: Summary): string | null {
  if (!s.change) return null;
  return [s.change.service, s.change.deployment, s.change.commit ? `(${s.change.commit.slice(0, 7)})` : null]
    .filter(Boolean)
    .join(' ');
}

function headline(s: Summary): string {
  switch (s.event) {
    case 'investigating':
      return `Investigating: ${s.title}`;
    case 'failed':
      return `Investigation failed: ${s.title}`;
    case 'resolved':
      return `Resolved: ${s.title}`;
    default:
      return s.status === 'done' ? `Root cause found: ${s.title}` : `Investigating: ${s.title}`;
  }
}

function labelLine(s: Summary): string {
  const labels = Object.entries(s.labels)
    .slice(0, 8)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const state =
    s.alertStatus === 'resolved'
      ? `resolved${s.resolvedAt ? ` at ${s.resolvedAt}` : ''}`
      : s.alertStatus === 'firing'
        ? 'firing'
        : null;
  return [
    state,
    labels,
    s.repeats ? `${s.repeats} repeat notification${s.repeats === 1 ? '' : 's'}` : null,
    `investigation ${s.id}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Block Kit: root cause, confidence, the change to blame, top evidence, the recommendation, a link to the report. */
export function toSlack(s: Summary): SlackMessage {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline(s), 150), emoji: true } },
  ];
  const section = (text: string) => blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 2900) } });
  if (s.status === 'done' && s.rootCause) {
    section(
      `*Root cause:* ${esc(s.rootCause)}\n*Confidence:* ${Math.round((s.confidence ?? 0) * 100)}%${s.category ? `  ·  *Category:* ${esc(s.category)}` : ''}`,
    );
    const change = changeText(s);
    section(`*Change to blame:* ${change ? `\`${esc(change)}\`` : 'none found: no deployment or commit explains it'}`);
    if (s.evidence.length) section(`*Evidence*\n${s.evidence.map((e) => `• ${esc(clip(e, 400))}`).join('\n')}`);
    if (s.recommendation) section(`*Recommendation:* ${esc(s.recommendation)}`);
  } else if (s.status === 'failed') {
    section(`*The investigation failed:* ${esc(s.error ?? 'unknown error')}`);
  } else if (s.event !== 'resolved') {
    section(
      'Looking through the logs, metrics, deployments and commits around the alert; the root cause follows here.',
    );
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(esc(labelLine(s)), 2900) }] });
  if (s.link)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: s.link }],
    });
  const change = changeText(s);
  const text = [
    headline(s),
    s.rootCause ? `Root cause: ${s.rootCause}` : null,
    change ? `Change to blame: ${change}` : null,
    s.link,
  ]
    .filter(Boolean)
    .join(' — ');
  return redactMessage({ text: clip(text, 3000), blocks });
}

/**
 * A Teams message with one Adaptive Card, as a Workflows webhook ("When a Teams webhook request is received") takes it.
 */
export function toTeams(s: Summary): Record<string, unknown> {
  const facts: Array<{ title: string; value: string }> = [];
  if (s.rootCause) facts.push({ title: 'Root cause', value: s.rootCause });
  if (s.confidence !== null && s.status === 'done')
    facts.push({ title: 'Confidence', value: `${Math.round(s.confidence * 100)}%` });
  const change = changeText(s);
  if (s.status === 'done') facts.push({ title: 'Change to blame', value: change ?? 'none found' });
  if (s.category) facts.push({ title: 'Category', value: s.category });
  if (s.error && s.status === 'failed') facts.push({ title: 'Error', value: s.error });
  const body: unknown[] = [
    { type: 'TextBlock', text: clip(headline(s), 200), weight: 'Bolder', size: 'Medium', wrap: true },
    ...(facts.length ? [{ type: 'FactSet', facts }] : []),
    ...(s.evidence.length
      ? [
          { type: 'TextBlock', text: 'Evidence', weight: 'Bolder', wrap: true },
          ...s.evidence.map((e) => ({ type: 'TextBlock', text: `- ${clip(e, 400)}`, wrap: true, spacing: 'None' })),
        ]
      : []),
    ...(s.recommendation ? [{ type: 'TextBlock', text: `Recommendation: ${s.recommendation}`, wrap: true }] : []),
    { type: 'TextBlock', text: labelLine(s), isSubtle: true, size: 'Small', wrap: true },
  ];
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(s.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the report', url: s.link }] } : {}),
  };
  return redactMessage({
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  });
}

/** Our generic webhook's body: the event, the investigation, the alert and the answer as data. */
export function toWebhook(s: Summary, alertKey: string | null): Record<string, unknown> {
  return redactMessage({
    event:
      s.event === 'done' || s.event === 'failed'
        ? `investigation.${s.event}`
        : s.event === 'investigating'
          ? 'investigation.started'
          : `alert.${s.event}`,
    investigation: { id: s.id, status: s.status, url: s.link, error: s.error },
    alert: { key: alertKey, title: s.title, labels: s.labels, status: s.alertStatus, resolvedAt: s.resolvedAt },
    rootCause: s.rootCause
      ? { summary: s.rootCause, confidence: s.confidence, category: s.category, change: s.change }
      : null,
    evidence: s.evidence,
    recommendation: s.recommendation,
  });
}
