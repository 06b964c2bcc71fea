// The incident the live test replays: rendered by the shared generator (used as a library) with its onset a few minutes
// before now, its metrics turned into OpenMetrics for promtool, and its logs and history left as files.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderScenario } from '../../fixtures/generator/render.js';
import type { ScenarioSpec } from '../../fixtures/generator/spec.js';

const MIN = 60_000;

/** A code change in the service that alerts: its error ratio steps up minutes after the deployment. */
export function liveSpec(now: number, onsetMinutesAgo = 5): ScenarioSpec {
  const lookback = 60;
  const end = Math.floor(now / MIN) * MIN;
  const start = end - (lookback + onsetMinutesAgo) * MIN;
  const noise = (service: string) => ({
    service,
    level: 'WARN',
    message: 'GC pause {n}ms exceeded soft target',
    perMinute: 0.1,
  });
  return {
    name: 'live-orders-currency',
    seed: 41,
    incident: 'orders failing at checkout',
    format: 'json',
    git: 'json',
    start: new Date(start).toISOString(),
    durationMinutes: lookback + onsetMinutesAgo + 1,
    onsetMinute: lookback,
    services: ['orders-api', 'catalog-svc'],
    benign: [noise('orders-api'), noise('catalog-svc')],
    errors: [
      {
        service: 'orders-api',
        level: 'ERROR',
        message: "charge for order {id} failed: TypeError: Cannot read properties of undefined (reading 'currency')",
        perMinute: 12,
      },
    ],
    metrics: [
      { name: 'http_error_ratio', service: 'orders-api', baseline: 0.002, after: 0.35, shape: 'step' },
      { name: 'http_error_ratio', service: 'catalog-svc', baseline: 0.002, after: 0.002, shape: 'step' },
    ],
    changes: [
      {
        service: 'orders-api',
        version: 'v7.3.0',
        minutesBeforeOnset: 2,
        culprit: true,
        message: 'Read currency from the new pricing payload',
        files: [
          {
            path: 'services/orders-api/src/charge.ts',
            before: 'const cur = order.currency;\n',
            after: 'const cur = order.pricing.currency;\n',
          },
        ],
        diff: ['-  const cur = order.currency;', '+  const cur = order.pricing.currency;'],
      },
      {
        service: 'catalog-svc',
        version: 'v3.1.4',
        minutesBeforeOnset: 25,
        message: 'Tune catalog cache TTL',
        files: [{ path: 'services/catalog-svc/config.yaml', before: 'ttl: 60\n', after: 'ttl: 90\n' }],
        diff: ['-ttl: 60', '+ttl: 90'],
      },
    ],
    truth: { service: 'orders-api', category: 'code_bug' },
  };
}

interface PromFile {
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

/** Prometheus query_range JSON files as one OpenMetrics text with timestamps (what promtool imports). */
export function toOpenMetrics(metricsDir: string): string {
  const lines: string[] = [];
  for (const f of readdirSync(metricsDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(metricsDir, f), 'utf8')) as PromFile;
    const name = f.replace(/\.json$/, '');
    lines.push(`# TYPE ${name} gauge`);
    for (const s of doc.data.result) {
      const { __name__: _name, ...labels } = s.metric;
      const sel = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      for (const [t, v] of s.values) lines.push(`${name}{${sel}} ${v} ${t}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

/** Renders the incident: `files` holds logs and history (no metrics), `openmetrics` the samples; returns the truth. */
export function renderLiveIncident(
  dir: string,
  now: number,
): { files: string; openmetrics: string; truth: { deployment: string; commit: string; onset: string } } {
  const all = join(dir, 'all');
  renderScenario(liveSpec(now), all);
  const files = join(dir, 'files');
  cpSync(all, files, { recursive: true, filter: (p) => !p.includes('/metrics') && !p.endsWith('truth.json') });
  const openmetrics = join(dir, 'metrics.om');
  writeFileSync(openmetrics, toOpenMetrics(join(all, 'metrics')));
  return { files, openmetrics, truth: JSON.parse(readFileSync(join(all, 'truth.json'), 'utf8')) };
}
