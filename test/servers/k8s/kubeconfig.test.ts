// Kubeconfig and in-cluster loading: what a request needs, and clear errors for what we cannot use.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInCluster, loadKubeconfig } from '../../../src/servers/k8s/kubeconfig.js';
import { createAuditLog, resolveAuditLogPath } from '../../../src/core/audit.js';
import { parseLabelSelector } from '../../../src/servers/k8s/label-selector.js';

const dir = mkdtempSync(join(tmpdir(), 'ip-kc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (users: string) =>
  [
    'apiVersion: v1',
    'current-context: a',
    'clusters:',
    '- name: c',
    '  cluster: { server: "https://k8s.example:6443", certificate-authority-data: "' + Buffer.from('CA PEM').toString('base64') + '" }',
    'users:',
    users,
    'contexts:',
    '- name: a',
    '  context: { cluster: c, user: u, namespace: team-a }',
    '- name: b',
    '  context: { cluster: c, user: u }',
    '',
  ].join('\n');

describe('loadKubeconfig', () => {
  it('reads server, CA, namespace and a token file relative to the kubeconfig', () => {
    writeFileSync(join(dir, 'token'), 'tok-from-file\n');
    writeFileSync(join(dir, 'kc1'), config('- name: u\n  user: { tokenFile: token }'));
    const conn = loadKubeconfig({ KUBECONFIG: join(dir, 'kc1') });
    expect(conn).toMatchObject({ server: 'https://k8s.example:6443', context: 'a', namespace: 'team-a' });
    expect(conn.ca?.toString()).toBe('CA PEM');
    expect(conn.authorization()).toBe('Bearer tok-from-file');
    expect(loadKubeconfig({ KUBECONFIG: join(dir, 'kc1') }, 'b').namespace).toBeNull();
  });

  it('names the known contexts when the asked one is missing, and refuses exec plugins plainly', () => {
    writeFileSync(join(dir, 'kc2'), config('- name: u\n  user: { exec: { command: aws } }'));
    expect(() => loadKubeconfig({ KUBECONFIG: join(dir, 'kc2') }, 'zzz')).toThrow(/context "zzz" is not in/);
    expect(() => loadKubeconfig({ KUBECONFIG: join(dir, 'kc2') })).toThrow(/exec\/auth-provider plugin/);
    expect(() => loadKubeconfig({ KUBECONFIG: join(dir, 'missing') })).toThrow(/cannot read a kubeconfig/);
  });

  it('in-cluster: service host and port, service-account token, CA and namespace', () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa);
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'ca.crt'), 'SA CA');
    writeFileSync(join(sa, 'namespace'), 'ops\n');
    const conn = loadInCluster({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, sa);
    expect(conn).toMatchObject({ server: 'https://10.0.0.1:443', context: 'in-cluster', namespace: 'ops' });
    expect(conn.authorization()).toBe('Bearer sa-token');
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
    const entry = { time: '2025-01-01T00:00:00Z', caller: 'alice', server: 'k8s', tool: 'restart_pod', arguments: { pod: 'p' }, result: { status: 'done', message: 'ok' } };
    await log.append(entry);
    await log.append({ ...entry, caller: 'bob' });
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([entry, { ...entry, caller: 'bob' }]);
  });
});
