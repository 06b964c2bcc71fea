// Shared by the alert tests: Alertmanager payloads as Alertmanager sends them, tokens, and a service config file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { getJson, tempDir, TOKENS_ENV } from '../helpers.js';

export const AM_TOKEN = 'am-token-0123456789';
export const ALERT_TOKENS_ENV = `${TOKENS_ENV},${AM_TOKEN}:alerts`;
export const SLACK_TOKEN = 'xoxb-1111-2222-fakefakefake';

export interface AmAlert {
  labels: Record<string, string>;
  summary?: string;
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
  status?: 'firing' | 'resolved';
}

/** A version-4 webhook body, grouped by the given labels. */
export function alertmanagerPayload(
  groupLabels: Record<string, string>,
  alerts: AmAlert[],
  status: 'firing' | 'resolved' = 'firing',
): Record<string, unknown> {
  const common = Object.fromEntries(
    Object.entries(alerts[0].labels).filter(([k, v]) => alerts.every((a) => a.labels[k] === v)),
  );
  const summary = alerts[0].summary;
  return {
    version: '4',
    groupKey: `{}:{${Object.entries(groupLabels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(', ')}}`,
    truncatedAlerts: 0,
    status,
    receiver: 'incident-pilot',
    groupLabels,
    commonLabels: common,
    commonAnnotations: summary ? { summary } : {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? status,
      labels: a.labels,
      annotations: a.summary ? { summary: a.summary } : {},
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      fingerprint: a.fingerprint,
    })),
  };
}

/** Writes a service config file (YAML) and returns its path. */
export function writeServiceConfig(config: Record<string, unknown>): string {
  const path = join(tempDir('ip-alerts-config-'), 'incident-pilot.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

/** The value of one sample of a metric in Prometheus text, or 0. */
export async function metricValue(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/metrics`);
  const text = await res.text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.split(' ').pop());
  }
  return total;
}

export async function investigationsOf(
  url: string,
  token: string,
): Promise<
  Array<{ id: string; status: string; incident: string; startedAt: string | null; finishedAt: string | null }>
> {
  return (await getJson(`${url}/api/investigations?limit=500`, token)).body.investigations;
}
