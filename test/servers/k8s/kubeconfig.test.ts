// Kubeconfig and in-cluster loading through the official client's KubeConfig: which file, which context, clear errors.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findKubeconfigFiles, loadInCluster, loadKubeTarget } from '../../../src/servers/k8s/kubeconfig.js';
import { createAuditLog, resolveAuditLogPath } from '../../../src/core/audit.js';
import { parseLabelSelector } from '../../../src/servers/k8s/label-selector.js';

const dir = mkdtempSync(join(tmpdir(), 'ip-kc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (server: string, current = 'a') =>
  [
    'apiVersion: v1',
    `current-context: ${current}`,
    'clusters:',
    '- name: c',
    `  cluster: { server: "${server}", certificate-authority-data: "${Buffer.from('CA PEM').toString('base64')}" }`,
    'users:',
    '- name: u',
    '  user: { token: tok }',
    '- name: e',
    '  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token] } }',
    'contexts:',
    '- name: a',
    '  context: { cluster: c, user: u, namespace: team-a }',
    '- name: b',
    '  context: { cluster: c, user: e }',
    '',
  ].join('\n');

/** The Authorization header the client would send for the bound context. */
async function authorizationOf(target: {
  config: { applyToHTTPSOptions(o: object): Promise<void> };
}): Promise<string | undefined> {
  const opts: { headers?: Record<string, string> } = {};
  await target.config.applyToHTTPSOptions(opts);
  return opts.headers?.Authorization;
}

describe('loadKubeTarget', () => {
  const a = join(dir, 'kc-a');
  const other = join(dir, 'kc-other');
  writeFileSync(a, config('https://k8s.example:6443'));
  writeFileSync(other, config('https://other.example:6443', 'b'));

  it('reads server, namespace and user of the current context of KUBECONFIG', async () => {
    const t = loadKubeTarget({ KUBECONFIG: a }, {});
    expect(t).toMatchObject({ server: 'https://k8s.example:6443', context: 'a', namespace: 'team-a', source: a });
    expect(await authorizationOf(t)).toBe('Bearer tok');
  });

  it("a user with client-go's tokenFile (relative to the kubeconfig) sends the file's token", async () => {
    writeFileSync(join(dir, 'sa-token'), 'tok-from-file\n');
    const kc = join(dir, 'kc-tokenfile');
    writeFileSync(
      kc,
      config('https://k8s.example:6443').replace('user: { token: tok }', 'user: { tokenFile: sa-token }'),
    );
    expect(await authorizationOf(loadKubeTarget({ KUBECONFIG: kc }, {}))).toMatch(/^Bearer tok-from-file\s*$/);
  });

  it('--kube-context picks another context; one with an exec user is accepted, not refused', () => {
    const t = loadKubeTarget({ KUBECONFIG: a }, { context: 'b' });
    expect(t).toMatchObject({ context: 'b', namespace: null });
    expect(t.config.getCurrentUser()?.exec).toMatchObject({ command: 'aws' });
  });

  it('--kubeconfig wins over KUBECONFIG and ~/.kube/config', () => {
    const t = loadKubeTarget({ KUBECONFIG: a, HOME: dir }, { file: other });
    expect(t).toMatchObject({ server: 'https://other.example:6443', context: 'b', source: other });
    expect(findKubeconfigFiles({ KUBECONFIG: `${a}:${other}` })).toEqual([a, other]);
  });

  it('~/.kube/config when nothing is named; in a pod the service account, unless a context or file is asked for', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), config('https://home.example:6443'));
    expect(loadKubeTarget({ HOME: home }, {}).server).toBe('https://home.example:6443');
    expect(loadKubeTarget({ HOME: home, KUBERNETES_SERVICE_HOST: '10.0.0.1' }, {}).context).toBe('in-cluster');
    expect(loadKubeTarget({ HOME: home, KUBERNETES_SERVICE_HOST: '10.0.0.1' }, { context: 'b' }).server).toBe(
      'https://home.example:6443',
    );
  });

  it('names the known contexts when the asked one is missing, and the files it could not read', () => {
    expect(() => loadKubeTarget({ KUBECONFIG: a }, { context: 'zzz' })).toThrow(/context "zzz" is not in .*kc-a/);
    try {
      loadKubeTarget({ KUBECONFIG: a }, { context: 'zzz' });
    } catch (err) {
      expect((err as { hint?: string }).hint).toBe('known contexts: a, b');
    }
    expect(() => loadKubeTarget({}, { file: join(dir, 'missing') })).toThrow(/cannot read a kubeconfig at .*missing/);
    expect(() => loadKubeTarget({ HOME: join(dir, 'nobody') }, {})).toThrow(/no Kubernetes source/);
  });

  it('in-cluster: service host and port, service-account token, CA and namespace', async () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa);
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'ca.crt'), 'SA CA');
    writeFileSync(join(sa, 'namespace'), 'ops\n');
    const t = loadInCluster({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, sa);
    expect(t).toMatchObject({ server: 'https://10.0.0.1:443', context: 'in-cluster', namespace: 'ops' });
    expect(t.config.getCurrentCluster()?.caFile).toBe(join(sa, 'ca.crt'));
    expect(await authorizationOf(t)).toBe('Bearer sa-token');
  });
});

describe('label selectors', () => {
  it('supports equality, inequality, set and existence terms', () => {
    const m = parseLabelSelector('app in (a,b),tier!=db,env,!canary');
    expect(m({ app: 'a', tier: 'web', env: 'prod' })).toBe(true);
    expect(m({ app: 'c', tier: 'web', env: 'prod' })).toBe(false);
    expect(m({ app: 'a', tier: 'db', env: 'prod' })).toBe(false);
    expect(m({ app: 'a', env: 'prod', canary: 'yes' })).toBe(false);
    expect(m({ app: 'a' })).toBe(false);
    expect(() => parseLabelSelector('app ~ x')).toThrow(/label_selector/);
  });
});

describe('audit log', () => {
  it('appends one JSON line per entry, creating the folder; the path comes from INCIDENT_PILOT_AUDIT_LOG', async () => {
    const path = resolveAuditLogPath({ INCIDENT_PILOT_AUDIT_LOG: join(dir, 'nested', 'a.jsonl') });
    expect(resolveAuditLogPath({})).toMatch(/incident-pilot-audit\.jsonl$/);
    const log = createAuditLog(path);
    const entry = {
      time: '2025-01-01T00:00:00Z',
      caller: 'alice',
      server: 'k8s',
      tool: 'restart_pod',
      arguments: { pod: 'p' },
      result: { status: 'done', message: 'ok' },
    };
    await log.append(entry);
    await log.append({ ...entry, caller: 'bob' });
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([entry, { ...entry, caller: 'bob' }]);
  });
});
