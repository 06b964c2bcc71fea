// Deployment files, checked with what runs here: YAML parsed, required fields present, the Helm chart rendered
// (by the small renderer in helm-render.ts) and its output checked the same way; alert rules and dashboard parsed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { renderChart } from './helm-render.js';
import { REPO } from './helpers.js';

const DEPLOY = join(REPO, 'deploy');
type Obj = Record<string, any>;

function docsOf(text: string, where: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(`${where}: ${d.errors[0].message}`);
      return d.toJS() as Obj;
    })
    .filter(Boolean);
}

/** The checks every rendering of the service must pass, whether from k8s/ or from the chart. */
function checkManifests(objs: Obj[]): void {
  const byKind = (k: string) => objs.filter((o) => o.kind === k);
  for (const o of objs) {
    expect(o.apiVersion, JSON.stringify(o).slice(0, 80)).toBeTruthy();
    expect(o.metadata?.name).toBeTruthy();
  }
  const [dep] = byKind('Deployment');
  expect(dep).toBeTruthy();
  const pod = dep.spec.template.spec;
  expect(pod.securityContext.runAsNonRoot).toBe(true);
  expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
  const c = pod.containers[0];
  expect(c.securityContext).toMatchObject({
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
  });
  expect(c.securityContext.capabilities.drop).toContain('ALL');
  expect(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory).toBeTruthy();
  expect(c.livenessProbe.httpGet.path).toBe('/health');
  expect(c.readinessProbe.httpGet.path).toBe('/ready');
  expect(c.args.slice(0, 1)).toEqual(['serve']);
  expect(c.ports[0].containerPort).toBe(10002);
  // A read-only root needs writable mounts for the state and /tmp.
  const mounts = c.volumeMounts.map((m: Obj) => m.mountPath);
  expect(mounts).toEqual(expect.arrayContaining(['/tmp', '/var/lib/incident-pilot']));
  expect(dep.spec.selector.matchLabels).toEqual(
    expect.objectContaining(
      Object.fromEntries(
        Object.entries(dep.spec.template.metadata.labels).filter(([k]) => k in dep.spec.selector.matchLabels),
      ),
    ),
  );
  const [svc] = byKind('Service');
  expect(svc.spec.selector).toEqual(dep.spec.selector.matchLabels);
  expect(byKind('Ingress')[0].spec.rules[0].http.paths[0].backend.service.name).toBe(svc.metadata.name);
  expect(byKind('HorizontalPodAutoscaler')[0].spec.scaleTargetRef.name).toBe(dep.metadata.name);
  const np = byKind('NetworkPolicy')[0];
  expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(np.spec.podSelector.matchLabels).toEqual(dep.spec.selector.matchLabels);
  expect(byKind('ConfigMap')[0].data.INCIDENT_PILOT_RATE_LIMIT).toBeTruthy();
  // The store lives on the state volume (the root filesystem is read-only), and the settings pass the real parser.
  expect(c.args[c.args.indexOf('--db') + 1]).toMatch(/^\/var\/lib\/incident-pilot\//);
  const config = loadServiceConfig(
    { host: '0.0.0.0', port: 10002, db: '/var/lib/incident-pilot/incident-pilot.db' },
    { ...byKind('ConfigMap')[0].data, INCIDENT_PILOT_TOKENS: 'example-token:viewer' },
    hashToken,
  );
  expect(config.trustedProxies.length).toBeGreaterThan(0);
  expect(config.keepAliveTimeoutMs).toBeGreaterThan(60_000);
  const env = c.envFrom.map((e: Obj) => e.configMapRef?.name ?? e.secretRef?.name);
  expect(env).toContain(byKind('ConfigMap')[0].metadata.name);
}

describe('deploy/k8s', () => {
  it('has valid manifests with probes, resources, a non-root read-only container, service, ingress, HPA and NetworkPolicy', () => {
    const dir = join(DEPLOY, 'k8s');
    const objs = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap((f) => docsOf(readFileSync(join(dir, f), 'utf8'), f));
    checkManifests(objs);
    expect(objs.find((o) => o.kind === 'Secret')!.stringData.INCIDENT_PILOT_TOKENS).toBeTruthy();
    const kustom = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
    for (const f of kustom.resources) expect(readdirSync(dir)).toContain(f);
  });
});

describe('deploy/helm/incident-pilot', () => {
  const chartDir = join(DEPLOY, 'helm', 'incident-pilot');
  const templates = Object.fromEntries(
    readdirSync(join(chartDir, 'templates')).map((f) => [f, readFileSync(join(chartDir, 'templates', f), 'utf8')]),
  );
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
  const render = (overrides: (v: Obj) => void = () => {}) => {
    const v = structuredClone(values);
    overrides(v);
    const out = renderChart(templates, {
      Values: v,
      Release: { Name: 'prod', Namespace: 'ops' },
      Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    });
    return Object.entries(out).flatMap(([f, text]) => docsOf(text, f));
  };

  it('renders with default values into manifests that pass the same checks', () => {
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'incident-pilot' });
    // Production shape: autoscaled replicas on a shared PostgreSQL (the defaults are one replica on SQLite).
    const objs = render((v) => {
      v.autoscaling.enabled = true;
      v.secrets.DATABASE_URL = 'postgres://pilot:secret@db:5432/pilot';
    });
    checkManifests(objs);
    const dep = objs.find((o) => o.kind === 'Deployment')!;
    expect(dep.metadata.name).toBe('prod-incident-pilot');
    expect(dep.spec.template.spec.containers[0].image).toBe(
      `ghcr.io/incident-pilot/incident-pilot:${chart.appVersion}`,
    );
    expect(dep.spec.replicas).toBeUndefined(); // the HPA owns the count
    expect(objs.find((o) => o.kind === 'NetworkPolicy')!.spec.ingress[0].from).toHaveLength(2);
  });

  it('follows its switches: no ingress, no HPA, an existing secret', () => {
    const objs = render((v) => {
      v.ingress.enabled = false;
      v.autoscaling.enabled = false;
      v.existingSecret = 'my-secret';
      v.data.existingClaim = 'incidents';
      v.replicaCount = 2;
      v.databaseUrlInExistingSecret = true;
    });
    expect(objs.map((o) => o.kind)).not.toContain('Ingress');
    expect(objs.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
    expect(objs.map((o) => o.kind)).not.toContain('Secret');
    const dep = objs.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers[0].envFrom[1].secretRef.name).toBe('my-secret');
    expect(dep.spec.template.spec.volumes.find((x: Obj) => x.name === 'data').persistentVolumeClaim.claimName).toBe(
      'incidents',
    );
  });
});

describe('deploy/Dockerfile', () => {
  it('is multi-stage, runs as a non-root user and has a health check', () => {
    const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    expect(text.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/COPY --from=build/);
    const user = /^USER (\S+)/m.exec(text)?.[1];
    expect(user && !/^(root|0)(:|$)/.test(user)).toBe(true);
    expect(text).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });
});

describe('deploy/prometheus and deploy/grafana', () => {
  it('alert rules parse and use metrics the service exports', () => {
    const rules = parse(readFileSync(join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8'));
    const all = rules.groups.flatMap((g: Obj) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const r of all) {
      expect(r.alert && r.expr && r.labels?.severity && r.annotations?.summary, JSON.stringify(r)).toBeTruthy();
    }
    const exprs = all.map((r: Obj) => r.expr).join('\n');
    for (const m of [
      'incident_pilot_http_requests_total',
      'incident_pilot_tool_calls_total',
      'incident_pilot_server_up',
      'incident_pilot_investigation_queue_depth',
    ])
      expect(exprs).toContain(m);
  });

  it('the dashboard is valid JSON with panels over the service metrics', () => {
    const dash = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'dashboard.json'), 'utf8'));
    expect(dash.title).toMatch(/Incident Pilot/);
    const exprs = dash.panels.flatMap((p: Obj) => (p.targets ?? []).map((t: Obj) => t.expr)).join('\n');
    expect(dash.panels.length).toBeGreaterThanOrEqual(6);
    for (const m of [
      'incident_pilot_http_requests_total',
      'incident_pilot_tool_calls_total',
      'incident_pilot_tool_call_duration_seconds_bucket',
      'incident_pilot_mcp_sessions_active',
    ])
      expect(exprs).toContain(m);
  });
});
