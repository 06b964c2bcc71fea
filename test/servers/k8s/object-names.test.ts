// Object names become URL path segments and file names: ".." or a path is refused before any request or read.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileInside } from '../../../src/servers/confine.js';
import { k8sServer } from '../../../src/servers/k8s/index.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKube } from '../../fakes/kube-api.js';
import { connectTools } from '../../helpers/mcp-pair.js';

const TOKEN = 'fake-token-123';
let dir: string;
let kube: FakeKube;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ip-names-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  kube = await startFakeKubeApi({ token: TOKEN, pods: [], events: [], deployments: [] });
});
afterEach(() => kube.close());

describe('k8s object names against a live API server', () => {
  it.each([
    ['restart_pod', { pod: '..', confirm: true }],
    ['restart_pod', { pod: '../../namespaces/shop', confirm: true }],
    ['rollout_restart', { deployment: '..', confirm: true }],
    ['scale_deployment', { deployment: '.', replicas: 0, confirm: true }],
    ['get_pod_logs', { pod: '..' }],
    ['get_pod_logs', { pod: 'web-1', container: '../x' }],
    ['describe', { kind: 'node', name: '..' }],
  ])('%s %j is refused without a request', async (tool, args) => {
    const inst = await k8sServer.create({
      env: { KUBECONFIG: writeKubeconfig(dir, kube.url, TOKEN), INCIDENT_PILOT_AUDIT_LOG: join(dir, 'audit.jsonl') },
      extra: { kubeContext: 'fake-ctx', namespace: 'shop' },
      allowWrites: true,
    });
    const c = await connectTools('k8s', inst.tools);
    try {
      const before = kube.requests.length;
      const res = await c.call(tool, args);
      expect(res.isError).toBe(true);
      expect(res.text).toMatch(/Kubernetes name|container name/);
      // Without the check, DELETE /api/v1/namespaces/shop/pods/.. is DELETE /api/v1/namespaces/shop: the whole
      // namespace.
      expect(kube.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
      expect(
        kube.requests
          .slice(before)
          .some(
            (r) => !r.path.includes('/pods/') && r.path.startsWith('/api/v1/namespaces/shop') && r.method === 'DELETE',
          ),
      ).toBe(false);
    } finally {
      await c.close();
      await inst.close();
    }
  });
});

describe('readFileInside', () => {
  it('reads plain names, refuses separators, "..", NUL and symlinks out of the root', async () => {
    const root = join(dir, 'root');
    mkdirSync(join(root, 'logs'), { recursive: true });
    writeFileSync(join(root, 'logs', 'a.log'), 'inside');
    writeFileSync(join(dir, 'outside.log'), 'outside');
    symlinkSync(join(dir, 'outside.log'), join(root, 'logs', 'out.log'));
    symlinkSync(join(root, 'logs', 'a.log'), join(root, 'logs', 'in.log'));
    const logs = join(root, 'logs');
    expect(await readFileInside(root, logs, 'a.log', 'pod')).toBe('inside');
    expect(await readFileInside(root, logs, 'in.log', 'pod')).toBe('inside');
    expect(await readFileInside(root, logs, 'none.log', 'pod')).toBeNull();
    await expect(readFileInside(root, logs, 'out.log', 'pod')).rejects.toThrow(/outside the data directory/);
    for (const bad of ['../../outside.log', '..', '/etc/passwd', 'a\0.log', 'x\\..\\y']) {
      await expect(readFileInside(root, logs, bad, 'pod')).rejects.toThrow(/not a plain name/);
    }
  });
});
