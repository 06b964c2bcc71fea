// The k8s server against a fake API server: reads, namespace isolation, write tools, confirmation and audit.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sServer } from '../../../src/servers/k8s/index.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKube } from '../../fakes/kube-api.js';
import { connectTools, type PairOptions } from '../../helpers/mcp-pair.js';

const TOKEN = 'fake-token-123';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

function pod(name: string, app: string, opts: { oom?: boolean; ns?: string } = {}) {
  return {
    metadata: {
      name,
      namespace: opts.ns ?? 'shop',
      labels: { app },
      ownerReferences: [{ kind: 'ReplicaSet', name: `${app}-6c9d7f8b5`, controller: true }],
    },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: app, image: `${app}:1.2`, resources: { limits: { memory: '256Mi' } } }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        opts.oom
          ? {
              name: app,
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2025-05-01T10:00:00Z' } },
            }
          : { name: app, ready: true, restartCount: 0, state: { running: { startedAt: '2025-05-01T09:00:00Z' } } },
      ],
    },
  };
}

const event = (type: string, reason: string, name: string, at: string) => ({
  type,
  reason,
  message: `${reason} on ${name}`,
  involvedObject: { kind: 'Pod', name, namespace: 'shop' },
  metadata: { namespace: 'shop', name: `${name}.${reason}` },
  firstTimestamp: at,
  lastTimestamp: at,
  count: 3,
});

let kube: FakeKube;
let dir: string;
let kubeconfig: string;
let auditPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ip-kube-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  kube = await startFakeKubeApi({
    token: TOKEN,
    pods: [
      pod('cart-6c9d7f8b5-x1y2z', 'cart', { oom: true }),
      pod('web-6c9d7f8b5-abcde', 'web'),
      pod('secret-6c9d7f8b5-zzzzz', 'secret', { ns: 'kube-system' }),
    ],
    events: [
      event('Normal', 'Pulled', 'web-6c9d7f8b5-abcde', '2025-05-01T10:05:00Z'),
      event('Warning', 'OOMKilling', 'cart-6c9d7f8b5-x1y2z', '2025-05-01T10:00:00Z'),
    ],
    deployments: [
      {
        metadata: { name: 'cart', namespace: 'shop' },
        spec: {
          replicas: 2,
          template: { metadata: { annotations: {} }, spec: { containers: [{ name: 'cart', image: 'cart:1.2' }] } },
        },
        status: { replicas: 2, readyReplicas: 1 },
      },
    ],
    logs: {
      'shop/cart-6c9d7f8b5-x1y2z': 'starting\nloading catalog\nheap 250Mi\n',
      'shop/cart-6c9d7f8b5-x1y2z:previous': 'before the kill\n',
    },
  });
  kubeconfig = writeKubeconfig(dir, kube.url, TOKEN);
  auditPath = join(dir, `audit-${Date.now()}-${Math.random()}.jsonl`);
});
afterEach(() => kube.close());

async function connect(allowWrites: boolean, pair: PairOptions = {}) {
  const inst = await k8sServer.create({
    env: { KUBECONFIG: kubeconfig, INCIDENT_PILOT_AUDIT_LOG: auditPath },
    extra: { kubeContext: 'fake-ctx', namespace: 'shop,payments' },
    allowWrites,
  });
  expect(inst.backend).toBe('live');
  return connectTools('k8s', inst.tools, pair);
}
const writes = () => kube.requests.filter((r) => r.method !== 'GET');
const audit = () =>
  existsSync(auditPath)
    ? readFileSync(auditPath, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];

describe('k8s live backend: reads', () => {
  it('lists pods with the label selector sent to the API, with the bearer token', async () => {
    const c = await connect(false);
    const r = await c.call('kubectl_get_pods', { label_selector: 'app=cart' });
    await c.close();
    const req = kube.requests.find((q) => q.path === '/api/v1/namespaces/shop/pods');
    expect(req?.query.labelSelector).toBe('app=cart');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const pods = (r.structured as any).pods;
    expect(pods.map((p: any) => p.name)).toEqual(['cart-6c9d7f8b5-x1y2z']);
    expect(pods[0]).toMatchObject({
      ready: '0/1',
      restarts: 4,
      owner: { kind: 'Deployment', name: 'cart', inferred: false },
    });
    expect(pods[0].containers[0].lastTermination.reason).toBe('OOMKilled');
  });

  it('reads events (Warning first), pod logs (tail and previous) and describes a deployment', async () => {
    const c = await connect(false);
    const ev = await c.call('get_events', {});
    const logs = await c.call('get_pod_logs', { pod: 'cart-6c9d7f8b5-x1y2z', tail_lines: 2 });
    const prev = await c.call('get_pod_logs', { pod: 'cart-6c9d7f8b5-x1y2z', previous: true });
    const desc = await c.call('describe', { kind: 'deployment', name: 'cart' });
    const env = await c.call('check_k8s_environment', {});
    await c.close();
    expect(((ev.structured as any).events as any[]).map((e) => e.reason)).toEqual(['OOMKilling', 'Pulled']);
    expect((logs.structured as any).lines).toEqual(['loading catalog', 'heap 250Mi']);
    expect(kube.requests.find((q) => q.path.endsWith('/log'))?.query).toMatchObject({ tailLines: '2' });
    expect((prev.structured as any).lines).toEqual(['before the kill']);
    expect((desc.structured as any).summary.replicas).toMatchObject({ desired: 2, ready: 1 });
    expect((desc.structured as any).events.map((e: any) => e.reason)).toEqual(['OOMKilling']);
    expect(env.structured).toMatchObject({
      backend: 'live',
      context: 'fake-ctx',
      namespaces: ['shop', 'payments'],
      reachable: true,
      authenticated: true,
      version: 'v1.30.0-fake',
      writesEnabled: false,
    });
  });

  it('refuses namespaces outside the bound set without calling the API', async () => {
    const c = await connect(false);
    const before = kube.requests.length;
    const r = await c.call('kubectl_get_pods', { namespace: 'kube-system' });
    const d = await c.call('describe', { kind: 'pod', name: 'secret-6c9d7f8b5-zzzzz', namespace: 'kube-system' });
    await c.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/outside this server's scope \(context fake-ctx, namespaces: shop, payments\)/);
    expect(d.isError).toBe(true);
    expect(kube.requests.length).toBe(before);
  });

  it('says which kubeconfig user to fix on 401, and names a missing pod', async () => {
    const bad = writeKubeconfig(join(dir, 'bad'), kube.url, 'wrong-token');
    const inst = await k8sServer.create({
      env: { KUBECONFIG: bad },
      extra: { kubeContext: 'fake-ctx', namespace: 'shop' },
    });
    const c = await connectTools('k8s', inst.tools);
    const r = await c.call('kubectl_get_pods', {});
    await c.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/HTTP 401.*context fake-ctx/);
    expect(r.text).not.toMatch(/wrong-token/);
    const good = await connect(false);
    const missing = await good.call('describe', { kind: 'pod', name: 'nope' });
    await good.close();
    expect(missing.text).toMatch(/pod nope not found in namespace shop/);
  });
});

describe('k8s live backend: write tools', () => {
  it('exist only with allowWrites, marked destructive', async () => {
    const ro = await connect(false);
    const roNames = (await ro.client.listTools()).tools.map((t) => t.name);
    await ro.close();
    expect(roNames).not.toContain('restart_pod');
    const rw = await connect(true);
    const tools = (await rw.client.listTools()).tools;
    await rw.close();
    for (const name of ['restart_pod', 'rollout_restart', 'scale_deployment']) {
      const t = tools.find((x) => x.name === name);
      expect(t?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    }
  });

  it('without confirm (and a client that cannot elicit) return the plan, change nothing, and audit it', async () => {
    const c = await connect(true);
    const r = await c.call('rollout_restart', { deployment: 'cart' });
    await c.close();
    expect(r.isError).toBe(false);
    expect(r.structured).toMatchObject({
      status: 'planned',
      target: { kind: 'Deployment', namespace: 'shop', name: 'cart' },
    });
    expect(r.structured.message).toMatch(/nothing was changed.*confirm: true/);
    expect(writes()).toEqual([]);
    expect(audit()).toEqual([
      expect.objectContaining({
        tool: 'rollout_restart',
        caller: 'stdio',
        server: 'k8s',
        arguments: { deployment: 'cart' },
        result: expect.objectContaining({ status: 'planned' }),
      }),
    ]);
  });

  it('records the caller the host names (service mode) in the audit log', async () => {
    const c = await connect(true, { context: { caller: 'alice@example.com' } });
    await c.call('restart_pod', { pod: 'web-6c9d7f8b5-abcde' });
    await c.close();
    expect(audit()).toEqual([expect.objectContaining({ caller: 'alice@example.com', tool: 'restart_pod' })]);
  });

  it('with confirm: true send the strategic-merge PATCH, the DELETE and the scale PATCH, each audited', async () => {
    const c = await connect(true);
    const restart = await c.call('rollout_restart', { deployment: 'cart', confirm: true });
    const del = await c.call('restart_pod', { pod: 'web-6c9d7f8b5-abcde', confirm: true });
    const scale = await c.call('scale_deployment', { deployment: 'cart', replicas: 5, confirm: true });
    await c.close();
    expect([restart.structured.status, del.structured.status, scale.structured.status]).toEqual([
      'done',
      'done',
      'done',
    ]);
    const [patch, remove, scalePatch] = writes();
    expect(patch).toMatchObject({ method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/cart' });
    expect(patch.headers['content-type']).toBe('application/strategic-merge-patch+json');
    const at = (patch.body as any).spec.template.metadata.annotations[RESTARTED_AT];
    expect(Number.isNaN(Date.parse(at))).toBe(false);
    expect((kube.deployments[0] as any).spec.template.metadata.annotations[RESTARTED_AT]).toBe(at);
    expect(remove).toMatchObject({ method: 'DELETE', path: '/api/v1/namespaces/shop/pods/web-6c9d7f8b5-abcde' });
    expect(scalePatch).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/shop/deployments/cart/scale',
      body: { spec: { replicas: 5 } },
    });
    expect(audit().map((e) => [e.tool, e.result.status])).toEqual([
      ['rollout_restart', 'done'],
      ['restart_pod', 'done'],
      ['scale_deployment', 'done'],
    ]);
  });

  it('a write outside the bound namespaces or on a missing object fails and is audited', async () => {
    const c = await connect(true);
    const out = await c.call('restart_pod', { pod: 'secret-6c9d7f8b5-zzzzz', namespace: 'kube-system', confirm: true });
    const missing = await c.call('scale_deployment', { deployment: 'nope', replicas: 1, confirm: true });
    const tooMany = await c.call('scale_deployment', { deployment: 'cart', replicas: 500, confirm: true });
    await c.close();
    expect(out.isError).toBe(true);
    expect(kube.requests.some((r) => r.path.includes('kube-system'))).toBe(false);
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/deployment shop\/nope not found/);
    expect(tooMany.isError).toBe(true);
    expect(audit().map((e) => e.result.status)).toEqual(['refused', 'failed']);
  });
});

describe('k8s write confirmation through MCP elicitation', () => {
  it('asks the user; on accept it acts even without confirm', async () => {
    const c = await connect(true, { elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await c.call('scale_deployment', { deployment: 'cart', replicas: 3 });
    await c.close();
    expect(c.elicitations).toHaveLength(1);
    expect(c.elicitations[0]).toMatch(/scale deployment shop\/cart to 3 replica\(s\).*context fake-ctx/);
    expect(r.structured.status).toBe('done');
    expect(writes()).toHaveLength(1);
    expect((kube.deployments[0] as any).spec.replicas).toBe(3);
  });

  it('on decline it changes nothing, even with confirm: true, and records the refusal', async () => {
    const c = await connect(true, { elicit: () => ({ action: 'decline' }) });
    const r = await c.call('rollout_restart', { deployment: 'cart', confirm: true });
    await c.close();
    expect(r.structured.status).toBe('declined');
    expect(writes()).toEqual([]);
    expect(audit()).toEqual([
      expect.objectContaining({ tool: 'rollout_restart', result: expect.objectContaining({ status: 'declined' }) }),
    ]);
  });
});
