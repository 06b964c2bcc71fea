// The alert that starts an investigation: Alertmanager's webhook payload (version 4), read into one shape.
import { z } from 'zod';

/** Labels that name the component showing the symptom, most specific first. */
const COMPONENT_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'job',
  'deployment',
  'container',
  'pod',
  'namespace',
  'instance',
];

const labelsSchema = z.record(z.string(), z.string());

const alertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema.default({}),
  annotations: labelsSchema.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const alertmanagerPayloadSchema = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labelsSchema.default({}),
  commonLabels: labelsSchema.default({}),
  commonAnnotations: labelsSchema.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).min(1),
});

/** What the investigation takes from an alert. */
export interface AlertContext {
  /** The incident text: the summary (or description, or alert name). */
  text: string;
  /** When the earliest firing alert of the group started (epoch ms). */
  startsAt: number;
  /** firing while any alert of the group fires. */
  status: 'firing' | 'resolved';
  /** When the group resolved (epoch ms), or null while firing. */
  endsAt: number | null;
  /** The labels the group's alerts share (else the first alert's). */
  labels: Record<string, string>;
  /** The component that shows the symptom, as a label names it, or null. */
  component: string | null;
  groupKey: string | null;
  fingerprints: string[];
  alertname: string | null;
}

/** The component a label set names: service, app, job, ... in that order. */
export function componentOfLabels(labels: Readonly<Record<string, string>>): string | null {
  for (const k of COMPONENT_LABELS) {
    const v = labels[k]?.trim();
    if (v) return k === 'instance' ? v.replace(/:\d+$/, '') : v;
  }
  return null;
}

/** Alertmanager's zero time ("0001-01-01T00:00:00Z") means "not yet". */
function timeOrNull(iso: string | undefined): number | null {
  if (!iso || iso.startsWith('0001-')) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/**
 * Reads an Alertmanager webhook payload. Throws an Error naming the first bad field
 * (the caller adds the file or request it came from).
 */
export function parseAlertmanagerPayload(input: unknown): AlertContext {
  const parsed = alertmanagerPayloadSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not an Alertmanager webhook payload: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const p = parsed.data;
  const firing = p.alerts.filter((a) => a.status === 'firing');
  const main = firing.length ? firing : p.alerts;
  const starts = main.map((a) => timeOrNull(a.startsAt)).filter((t): t is number => t !== null);
  if (!starts.length) throw new Error(`alerts[0].startsAt: not a time: ${JSON.stringify(main[0].startsAt)}`);
  const labels = Object.keys(p.commonLabels).length ? p.commonLabels : main[0].labels;
  const annotations = Object.keys(p.commonAnnotations).length ? p.commonAnnotations : main[0].annotations;
  const alertname = labels.alertname ?? p.groupLabels.alertname ?? null;
  const text = (annotations.summary ?? annotations.description ?? annotations.message ?? alertname ?? '').trim();
  const ends = p.alerts.map((a) => timeOrNull(a.endsAt)).filter((t): t is number => t !== null);
  return {
    text: text || 'alert fired',
    startsAt: Math.min(...starts),
    status: p.status,
    endsAt: p.status === 'resolved' && ends.length ? Math.max(...ends) : null,
    labels,
    component: componentOfLabels(labels) ?? componentOfLabels(main[0].labels),
    groupKey: p.groupKey ?? null,
    fingerprints: p.alerts.map((a) => a.fingerprint).filter((f): f is string => !!f),
    alertname,
  };
}
