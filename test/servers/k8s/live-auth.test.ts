// The official client against the fake API server: exec logins, --kubeconfig and --kube-context choose what is
// sent, and API errors (403, 404, nothing listening) come back as tool errors the model can act on.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sServer } from '../../../src/servers/k8s/index.js';
import type { SourceOptions } from '../../../src/servers/types.js';
import { startFakeKubeApi, writeKubeconfig, writeKubeconfigFile, type FakeKube } from '../../fakes/kube-api.js';
import { connectTools } from '../../helpers/mcp-pair.js';

const EXEC_TOKEN = 'exec-issued-token-42';
const pod = (name: string, ns: string) => ({
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { containers: [{ name }] },
  status: { phase: 'Running' },
});

let kube: FakeKube;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ip-kube-auth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  kube = await startFakeKubeApi({
    token: EXEC_TOKEN,
    pods: [pod('api-1', 'shop'), pod('batch-1', 'jobs')],
    forbid: ['/api/v1/namespaces/jobs/events'],
  });
});
afterEach(() => kube.close());

/** A credential plugin like `aws eks get-token`: prints an ExecCredential with a token on stdout. */
function writeExecPlugin(token: string): string {
  const path = join(dir, `get-token-${Math.random().toString(36).slice(2)}.sh`);
  const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } };
  writeFileSync(path, `#!/bin/sh\necho '${JSON.stringify(credential)}'\n`);
  chmodSync(path, 0o755);
  return path;
}

async function connect(extra: SourceOptions['extra'], env: SourceOptions['env'] = {}) {
  const inst = await k8sServer.create({ env, extra });
  expect(inst.backend).toBe('live');
  return connectTools('k8s', inst.tools);
}
const podNames = (r: { structured: unknown }) =>
  ((r.structured as { pods: Array<{ name: string }> }).pods ?? []).map((p) => p.name);

describe('k8s live auth', () => {
  it('runs an exec credential plugin and sends the token it prints', async () => {
    const file = writeKubeconfigFile(join(dir, 'exec', 'config'), kube.url, [
      { name: 'eks', namespace: 'shop', user: { exec: { command: writeExecPlugin(EXEC_TOKEN) } } },
    ]);
    const c = await connect({ kubeconfig: file });
    const r = await c.call('kubectl_get_pods', {});
    await c.close();
    expect(r.isError).toBe(false);
    expect(podNames(r)).toEqual(['api-1']);
    expect(kube.requests.find((q) => q.path === '/api/v1/namespaces/shop/pods')?.headers.authorization).toBe(
      `Bearer ${EXEC_TOKEN}`,
    );
  });

  it("reads a tokenFile user's token from its file (a trailing newline is not part of it)", async () => {
    writeFileSync(join(dir, 'sa-token'), `${EXEC_TOKEN}\n`);
    const file = writeKubeconfigFile(join(dir, 'tokenfile', 'config'), kube.url, [
      { name: 'sa', namespace: 'shop', user: { tokenFile: join(dir, 'sa-token') } },
    ]);
    const c = await connect({ kubeconfig: file });
    const r = await c.call('kubectl_get_pods', {});
    await c.close();
    expect(r.isError).toBe(false);
    expect(kube.requests.at(-1)?.headers.authorization).toBe(`Bearer ${EXEC_TOKEN}`);
  });

  it('--kubeconfig picks its file over KUBECONFIG', async () => {
    const wrong = writeKubeconfig(join(dir, 'wrong'), kube.url, 'not-the-token');
    const right = writeKubeconfigFile(join(dir, 'right', 'config'), kube.url, [
      { name: 'right', namespace: 'shop', user: { token: EXEC_TOKEN } },
    ]);
    const c = await connect({ kubeconfig: right }, { KUBECONFIG: wrong });
    const r = await c.call('kubectl_get_pods', {});
    const env = await c.call('check_k8s_environment', {});
    await c.close();
    expect(podNames(r)).toEqual(['api-1']);
    expect(env.structured).toMatchObject({ context: 'right', authenticated: true, version: 'v1.30.0-fake' });
  });

  it('--kube-context picks the context: its user and its namespace', async () => {
    const file = writeKubeconfigFile(join(dir, 'multi', 'config'), kube.url, [
      { name: 'stale', namespace: 'shop', user: { token: 'expired' } },
      { name: 'batch', namespace: 'jobs', user: { token: EXEC_TOKEN } },
    ]);
    const c = await connect({ kubeconfig: file, kubeContext: 'batch' });
    const r = await c.call('kubectl_get_pods', {});
    await c.close();
    expect(r.isError).toBe(false);
    expect(podNames(r)).toEqual(['batch-1']);
    expect(kube.requests.map((q) => q.headers.authorization)).not.toContain('Bearer expired');
  });
});

describe('k8s live API errors', () => {
  const file = () => writeKubeconfig(join(dir, 'errors'), kube.url, EXEC_TOKEN, 'ctx', 'jobs');

  it('a 403 Status becomes a tool error naming the action, the context and the server message', async () => {
    const c = await connect({ kubeconfig: file() });
    const r = await c.call('get_events', {});
    await c.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /not allowed to list events in jobs \(HTTP 403, context ctx\): Forbidden: GET \/api\/v1\/namespaces\/jobs\/events is forbidden: User "fake-user"/,
    );
    expect(r.text).toMatch(/RBAC/);
  });

  it('a 404 Status becomes "not found" with what to try next', async () => {
    const c = await connect({ kubeconfig: file() });
    const pod404 = await c.call('describe', { kind: 'pod', name: 'ghost' });
    const logs404 = await c.call('get_pod_logs', { pod: 'ghost' });
    await c.close();
    expect(pod404.isError).toBe(true);
    expect(pod404.text).toMatch(/pod ghost not found in namespace jobs; list pods with kubectl_get_pods/);
    expect(logs404.text).toMatch(/ghost/);
    expect(kube.requests.some((q) => q.path === '/api/v1/namespaces/jobs/pods/ghost')).toBe(true);
  });

  it('an API server that is gone is a tool error, and the environment check says unreachable', async () => {
    const kc = file();
    await kube.close();
    const c = await connect({ kubeconfig: kc });
    const r = await c.call('kubectl_get_pods', {});
    const env = await c.call('check_k8s_environment', {});
    await c.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(context ctx\) to list pods in jobs: .*ECONNREFUSED/,
    );
    expect(env.structured).toMatchObject({ reachable: false });
  });
});
