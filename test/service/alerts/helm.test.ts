// The Helm chart's replica and alerting items, rendered by the small renderer: it refuses replicas > 1 without a
// DATABASE_URL, ships a PodDisruptionBudget, gives the pods a ServiceAccount bound to a read-only ClusterRole (pods,
// pod logs, events; nothing else), and mounts the service config file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../helm-render.js';
import { REPO } from '../helpers.js';

type Obj = Record<string, any>;
const chartDir = join(REPO, 'deploy', 'helm', 'incident-pilot');
const templates = Object.fromEntries(
  readdirSync(join(chartDir, 'templates')).map((f) => [f, readFileSync(join(chartDir, 'templates', f), 'utf8')]),
);
const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));

function render(overrides: (v: Obj) => void = () => {}): Obj[] {
  const v = structuredClone(values);
  overrides(v);
  const out = renderChart(templates, {
    Values: v,
    Release: { Name: 'prod', Namespace: 'ops' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  });
  return Object.values(out)
    .flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as Obj))
    .filter(Boolean);
}

describe('helm chart: replicas', () => {
  it('renders one replica on SQLite by default, with no autoscaler', () => {
    const objs = render();
    const dep = objs.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.replicas).toBe(1);
    expect(objs.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
  });

  it('refuses replicas > 1, or autoscaling, without a DATABASE_URL', () => {
    expect(() => render((v) => (v.replicaCount = 2))).toThrow(/needs a shared PostgreSQL: set secrets\.DATABASE_URL/);
    expect(() => render((v) => (v.autoscaling.enabled = true))).toThrow(/needs a shared PostgreSQL/);
    expect(() => render((v) => ((v.replicaCount = 3), (v.existingSecret = 'mine')))).toThrow(
      /databaseUrlInExistingSecret/,
    );
    expect(
      render((v) => ((v.replicaCount = 3), (v.secrets.DATABASE_URL = 'postgres://db/pilot'))).find(
        (o) => o.kind === 'Deployment',
      )!.spec.replicas,
    ).toBe(3);
    expect(
      render((v) => ((v.replicaCount = 2), (v.existingSecret = 'mine'), (v.databaseUrlInExistingSecret = true))).find(
        (o) => o.kind === 'Deployment',
      )!.spec.replicas,
    ).toBe(2);
  });

  it('ships a PodDisruptionBudget over the pods', () => {
    const objs = render();
    const pdb = objs.find((o) => o.kind === 'PodDisruptionBudget')!;
    const dep = objs.find((o) => o.kind === 'Deployment')!;
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(dep.spec.selector.matchLabels);
  });
});

describe("helm chart: the k8s tools' account", () => {
  it("binds the pods' ServiceAccount to a read-only ClusterRole for pods, logs and events, nothing else", () => {
    const objs = render();
    const sa = objs.find((o) => o.kind === 'ServiceAccount')!;
    const role = objs.find((o) => o.kind === 'ClusterRole')!;
    const binding = objs.find((o) => o.kind === 'ClusterRoleBinding')!;
    const pod = objs.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
    ]);
    for (const rule of role.rules) for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'ops' }]);
  });

  it('mounts no token when RBAC is off', () => {
    const objs = render((v) => ((v.rbac.create = false), (v.serviceAccount.create = false)));
    expect(objs.map((o) => o.kind)).not.toContain('ClusterRole');
    expect(objs.find((o) => o.kind === 'Deployment')!.spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});

describe('helm chart: the service config file', () => {
  it('mounts serviceConfig as the file INCIDENT_PILOT_CONFIG names', () => {
    const serviceConfig = {
      publicUrl: 'https://pilot.example.com',
      routes: [{ match: { severity: 'page' }, slack: '#incidents' }],
    };
    const objs = render((v) => (v.serviceConfig = serviceConfig));
    const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-config'))!;
    expect(parse(cm.data['incident-pilot.yaml'])).toEqual(serviceConfig);
    const c = objs.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'INCIDENT_PILOT_CONFIG', value: '/etc/incident-pilot/incident-pilot.yaml' }]);
    expect(c.volumeMounts).toContainEqual({ name: 'service-config', mountPath: '/etc/incident-pilot', readOnly: true });
  });
});
