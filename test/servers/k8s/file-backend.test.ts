// The k8s tools over MCP on kubectl JSON files: the shared inventory-oom scenario and small files made here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sServer } from '../../../src/servers/k8s/index.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { scenario } from '../../helpers/paths.js';

const SCENARIO = scenario('inventory-oom');
let tc: ToolClient;

beforeAll(async () => {
  const inst = await k8sServer.create({ dataDir: SCENARIO, env: {} });
  expect(inst.backend).toBe('file');
  tc = await connectTools('k8s', inst.tools);
});
afterAll(() => tc.close());

describe('k8s server on kubectl JSON files', () => {
  it('is configured by a k8s/ folder and offers read tools only', async () => {
    expect(k8sServer.isConfigured({ dataDir: SCENARIO, env: {} })).toBe(true);
    expect(k8sServer.isConfigured({ dataDir: scenario('search-slow'), env: {} })).toBe(false);
    expect(k8sServer.isConfigured({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } })).toBe(true);
    const tools = (await tc.client.listTools()).tools;
    expect(tools.map((t) => t.name).sort()).toEqual([
      'check_k8s_environment',
      'describe',
      'get_events',
      'get_pod_logs',
      'kubectl_get_pods',
    ]);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('offers no tool name that the traces server also offers (the client routes by name)', async () => {
    const { tracesServer } = await import('../../../src/servers/traces/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'ip-both-'));
    mkdirSync(join(dir, 'traces'));
    const traceNames = (await tracesServer.create({ dataDir: dir, env: {} })).tools.map((t) => t.name);
    const k8sNames = (await k8sServer.create({ dataDir: SCENARIO, env: {}, allowWrites: true })).tools.map(
      (t) => t.name,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(traceNames.filter((n) => k8sNames.includes(n))).toEqual([]);
  });

  it('kubectl_get_pods shows OOMKilled last terminations, restarts and the owning deployment', async () => {
    const r = await tc.call('kubectl_get_pods', {});
    expect(r.isError).toBe(false);
    const s = r.structured as any;
    // With no --namespace, the namespace of the data is the default.
    expect(s.namespace).toBe('production');
    expect(s.total).toBe(3);
    for (const p of s.pods) {
      expect(p.containers[0].lastTermination).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
      expect(p.owner).toEqual({ kind: 'Deployment', name: 'inventory-service', inferred: true });
    }
    const crashing = s.pods[0];
    expect(crashing.ready).toBe('0/1');
    expect(crashing.containers[0].state).toBe('waiting: CrashLoopBackOff');
    expect(crashing.problems.join(' ')).toMatch(/CrashLoopBackOff/);
    expect(r.text).toMatch(/OOMKilled/);
  });

  it('get_events on the scenario lists its Warning events newest first, with counts by reason', async () => {
    const r = await tc.call('get_events', { limit: 500 });
    const events = (r.structured as any).events as Array<{ type: string; reason: string; lastTime: string }>;
    expect(events.length).toBe(34);
    expect(events.every((e) => e.type === 'Warning')).toBe(true);
    expect(events.map((e) => e.lastTime)).toEqual([...events.map((e) => e.lastTime)].sort().reverse());
    expect((r.structured as any).byReason.map((b: any) => b.reason).sort()).toEqual(['BackOff', 'OOMKilling']);
  });

  it('get_events puts Warning events before newer Normal ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-k8s-ev-'));
    mkdirSync(join(dir, 'k8s'));
    const ev = (type: string, reason: string, at: string) => ({
      type,
      reason,
      message: reason,
      involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'default' },
      metadata: { namespace: 'default' },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 2,
    });
    writeFileSync(
      join(dir, 'k8s', 'events.json'),
      JSON.stringify({
        kind: 'EventList',
        items: [
          ev('Normal', 'Pulled', '2025-01-01T10:05:00Z'),
          ev('Warning', 'Unhealthy', '2025-01-01T10:01:00Z'),
          ev('Normal', 'Started', '2025-01-01T10:06:00Z'),
          ev('Warning', 'BackOff', '2025-01-01T10:02:00Z'),
        ],
      }),
    );
    writeFileSync(join(dir, 'k8s', 'pods.json'), JSON.stringify({ kind: 'PodList', items: [] }));
    const c = await connectTools('k8s', (await k8sServer.create({ dataDir: dir, env: {} })).tools);
    const r = await c.call('get_events', {});
    await c.close();
    rmSync(dir, { recursive: true, force: true });
    expect(((r.structured as any).events as Array<{ reason: string }>).map((e) => e.reason)).toEqual([
      'BackOff',
      'Unhealthy',
      'Started',
      'Pulled',
    ]);
    expect((r.structured as any).byReason[0]).toMatchObject({ type: 'Warning', occurrences: 2 });
  });

  it('get_events narrows to one object and a since window', async () => {
    const pod = 'inventory-service-7d9f8c3c-jhjzg';
    const r = await tc.call('get_events', { involved_object: pod });
    const events = (r.structured as any).events as Array<{ object: string }>;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.object === `Pod/${pod}`)).toBe(true);
    const recent = await tc.call('get_events', { since: '2025-03-10T22:50:00Z', limit: 500 });
    expect(
      ((recent.structured as any).events as Array<{ lastTime: string }>).every(
        (e) => e.lastTime >= '2025-03-10T22:50:00Z',
      ),
    ).toBe(true);
    expect((recent.structured as any).total).toBeLessThan(
      (await tc.call('get_events', { limit: 500 })).structured.total as number,
    );
  });

  it('refuses a namespace outside the bound set', async () => {
    const r = await tc.call('kubectl_get_pods', { namespace: 'kube-system' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/namespace "kube-system" is outside this server's scope.*production/);
  });

  it('describe summarises a pod with its events; get_pod_logs says when there is no log file', async () => {
    const d = await tc.call('describe', { kind: 'pod', name: 'inventory-service-7d9f8c3c-jhjzg' });
    expect((d.structured as any).summary.containers[0].limits).toEqual({ memory: '1Gi', cpu: '1' });
    expect((d.structured as any).events.length).toBeGreaterThan(0);
    const logs = await tc.call('get_pod_logs', { pod: 'inventory-service-7d9f8c3c-jhjzg' });
    expect(logs.isError).toBe(true);
    expect(logs.text).toMatch(/no log file/);
  });
});

describe('k8s file backend with files made here', () => {
  let dir: string;
  let auditPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ip-k8s-'));
    auditPath = join(dir, 'audit', 'audit.jsonl');
    mkdirSync(join(dir, 'k8s', 'logs'), { recursive: true });
    const pod = (name: string, app: string, ns = 'shop') => ({
      metadata: {
        name,
        namespace: ns,
        labels: { app },
        creationTimestamp: '2025-01-01T00:00:00Z',
        ownerReferences: [{ kind: 'ReplicaSet', name: `${app}-5d8f9c7b6`, controller: true }],
      },
      spec: { nodeName: 'node-1', containers: [{ name: app }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: app, ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } },
        ],
      },
    });
    writeFileSync(
      join(dir, 'k8s', 'pods.json'),
      JSON.stringify({
        kind: 'PodList',
        items: [pod('cart-5d8f9c7b6-aaaaa', 'cart'), pod('web-5d8f9c7b6-bbbbb', 'web'), pod('other-1', 'other', 'ops')],
      }),
    );
    writeFileSync(join(dir, 'k8s', 'events.json'), '{ this is not json');
    writeFileSync(
      join(dir, 'k8s', 'logs', 'cart-5d8f9c7b6-aaaaa.log'),
      Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('filters by label selector, reads pod logs, reports a broken events file, honours --namespace', async () => {
    const inst = await k8sServer.create({ dataDir: dir, env: {}, extra: { namespace: 'shop' } });
    const c = await connectTools('k8s', inst.tools);
    const pods = await c.call('kubectl_get_pods', { label_selector: 'app in (cart,api)' });
    const logs = await c.call('get_pod_logs', { pod: 'cart-5d8f9c7b6-aaaaa', tail_lines: 3 });
    const env = await c.call('check_k8s_environment', {});
    const ops = await c.call('kubectl_get_pods', { namespace: 'ops' });
    await c.close();
    expect((pods.structured as any).pods.map((p: any) => [p.name, p.owner.name, p.owner.inferred])).toEqual([
      ['cart-5d8f9c7b6-aaaaa', 'cart', false],
    ]);
    expect((logs.structured as any).lines).toEqual(['line 8', 'line 9', 'line 10']);
    expect(JSON.stringify(env.structured.checks)).toMatch(/events\.json: not JSON/);
    expect(env.structured).toMatchObject({ namespaces: ['shop'], writesEnabled: false });
    expect(ops.isError).toBe(true);
  });

  it('with --allow-writes on files, write tools refuse with a clear message and the attempt is audited', async () => {
    const inst = await k8sServer.create({
      dataDir: dir,
      env: { INCIDENT_PILOT_AUDIT_LOG: auditPath },
      allowWrites: true,
    });
    const c = await connectTools('k8s', inst.tools);
    const r = await c.call('restart_pod', { pod: 'cart-5d8f9c7b6-aaaaa', namespace: 'shop', confirm: true });
    await c.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no cluster to change/);
    const lines = readFileSync(auditPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({
      caller: 'stdio',
      server: 'k8s',
      tool: 'restart_pod',
      result: { status: 'refused' },
    });
  });
});
