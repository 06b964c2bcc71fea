// Every tool of every server, called over stdio by an SDK-1.x client (@modelcontextprotocol/sdk, which most MCP clients
// in use run): each call answers with structured content that the client's validator accepts (a schema it cannot read
// gives -32602, "Structured content does not match"). Then each server through the MCP Inspector's CLI, which runs the
// same SDK 1.x client: the call whose arguments take the most parsing from --tool-arg.
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, writeKubeconfig, type FakeKube } from '../fakes/kube-api.js';
import { startLokiFake } from '../fakes/loki.js';
import { startLoopback, type FakeReply, type Loopback } from '../fakes/loopback.js';
import { loadLogEntries } from '../fakes/scenario-data.js';
import { K8S_POD, makeFullBundle, TRACE_ID, type FullBundle } from './full-bundle.js';
import { BIN, REPO } from './helpers.js';

type Args = Record<string, unknown>;
type Results = Map<string, Record<string, unknown>>;

/** Valid arguments per tool; a function when they come from an earlier result. A new tool must be added here. */
const ARGS: Record<string, Args | ((r: Results) => Args)> = {
  read_logs: { limit: 5 },
  search_logs: { pattern: 'error', limit: 5 },
  log_patterns: { limit: 5 },
  check_logs_environment: {},
  query_logs: { query: '{service_name=~".+"}', since: '2025-03-06T00:00:00Z', until: '2025-03-07T00:00:00Z', limit: 5 },
  get_recent_commits: { limit: 5 },
  get_deployments: { limit: 5 },
  search_commits: { query: 'cache' },
  get_commit: (r) => ({ sha: (r.get('get_recent_commits')?.commits as Array<{ sha: string }>)[0].sha }),
  check_git_environment: {},
  get_metrics: { name: 'http_error_ratio', include_points: true },
  get_anomalies: {},
  get_error_rates: {},
  get_service_graph: {},
  get_service_health: {},
  check_metrics_environment: {},
  query_prometheus: {
    query: 'http_error_ratio',
    start: '2025-03-06T10:00:00Z',
    end: '2025-03-06T11:00:00Z',
    step: '5m',
  },
  search_traces: {},
  get_trace_details: { trace_id: TRACE_ID },
  get_service_metrics: {},
  correlate_logs_and_traces: { trace_id: TRACE_ID },
  check_traces_environment: {},
  kubectl_get_pods: {},
  get_events: {},
  get_pod_logs: { pod: K8S_POD },
  describe: { kind: 'pod', name: K8S_POD },
  check_k8s_environment: {},
};
/** The live k8s server (fake API server) answers for other names, and its write tools plan without confirm: true. */
const LIVE_K8S_ARGS: Record<string, Args> = {
  get_pod_logs: { pod: 'cart-6c9d7f8b5-x1y2z' },
  describe: { kind: 'deployment', name: 'cart' },
  restart_pod: { pod: 'cart-6c9d7f8b5-x1y2z' },
  rollout_restart: { deployment: 'cart' },
  scale_deployment: { deployment: 'cart', replicas: 3 },
};

interface Target {
  label: string;
  args: string[];
  env: Record<string, string>;
  /** Only these tools are called here (the others were called in another configuration); all when absent. */
  only?: string[];
  argsFor?: Record<string, Args>;
}

function promFake(): Promise<Loopback> {
  const t0 = Date.parse('2025-03-06T10:00:00Z') / 1000;
  const series = {
    metric: { __name__: 'http_error_ratio', service: 'inventory-service' },
    values: [0, 1, 2].map((i) => [t0 + 300 * i, String(0.01 * (i + 1))]),
  };
  return startLoopback((req): FakeReply => {
    const ok = (data: unknown) => ({ json: { status: 'success', data } });
    if (req.path === '/api/v1/status/buildinfo') return ok({ version: '2.53.0' });
    if (req.path === '/api/v1/query_range') return ok({ resultType: 'matrix', result: [series] });
    if (req.path === '/api/v1/query')
      return ok({ resultType: 'vector', result: [{ metric: series.metric, value: series.values[2] }] });
    if (req.path === '/api/v1/label/__name__/values') return ok(['http_error_ratio']);
    if (req.path === '/api/v1/series') return ok([series.metric]);
    if (req.path === '/api/v1/metadata') return ok({});
    return { status: 404, json: { status: 'error', errorType: 'not_found', error: req.path } };
  });
}

function kubeFake(): Promise<FakeKube> {
  const pod = {
    metadata: {
      name: 'cart-6c9d7f8b5-x1y2z',
      namespace: 'shop',
      labels: { app: 'cart' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'cart-6c9d7f8b5', controller: true }],
    },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: 'cart', image: 'cart:1.2', resources: { limits: { memory: '256Mi' } } }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'cart', ready: true, restartCount: 0, state: { running: { startedAt: '2025-05-01T09:00:00Z' } } },
      ],
    },
  };
  return startFakeKubeApi({
    token: 'fake-token',
    pods: [pod],
    events: [
      {
        type: 'Warning',
        reason: 'OOMKilling',
        message: 'oom',
        involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace: 'shop' },
        metadata: { namespace: 'shop', name: 'e1' },
        firstTimestamp: '2025-05-01T10:00:00Z',
        lastTimestamp: '2025-05-01T10:00:00Z',
        count: 1,
      },
    ],
    deployments: [
      {
        metadata: { name: 'cart', namespace: 'shop' },
        spec: {
          replicas: 2,
          template: { metadata: { annotations: {} }, spec: { containers: [{ name: 'cart', image: 'cart:1.2' }] } },
        },
        status: { replicas: 2, readyReplicas: 2 },
      },
    ],
    logs: { 'shop/cart-6c9d7f8b5-x1y2z': 'starting\nready\n' },
  });
}

let bundle: FullBundle;
let prom: Loopback;
let loki: Loopback;
let kube: FakeKube;
let targets: Target[];
/** Each target's tool names, as the SDK 1.x client listed them (the Inspector test reuses them). */
const listedBy = new Map<string, string[]>();

beforeAll(async () => {
  bundle = makeFullBundle();
  prom = await promFake();
  loki = await startLokiFake(await loadLogEntries(bundle.data));
  kube = await kubeFake();
  const scratch = mkdtempSync(join(tmpdir(), 'ip-sdk1-'));
  const data = ['--data', bundle.data];
  targets = [
    { label: 'logs', args: ['logs', ...data], env: {} },
    { label: 'git', args: ['git', ...data], env: {} },
    { label: 'metrics', args: ['metrics', ...data], env: {} },
    { label: 'traces', args: ['traces', ...data], env: {} },
    { label: 'k8s', args: ['k8s', ...data], env: {} },
    { label: 'metrics (Prometheus)', args: ['metrics'], env: { PROMETHEUS_URL: prom.url }, only: ['query_prometheus'] },
    { label: 'logs (Loki)', args: ['logs'], env: { LOKI_URL: loki.url }, only: ['query_logs'] },
    {
      label: 'k8s (live, writes on)',
      args: ['k8s', '--kube-context', 'fake-ctx', '--namespace', 'shop', '--allow-writes'],
      env: {
        KUBECONFIG: writeKubeconfig(scratch, kube.url, 'fake-token'),
        INCIDENT_PILOT_AUDIT_LOG: join(scratch, 'audit.jsonl'),
      },
      argsFor: LIVE_K8S_ARGS,
    },
  ];
});
afterAll(async () => {
  await Promise.all([prom?.close(), loki?.close(), kube?.close()]);
  if (bundle) rmSync(bundle.root, { recursive: true, force: true });
});

/** Runs at most `n` tasks at once. */
function createPool(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function argsOf(tool: string, target: Target, results: Results): Args {
  const a = target.argsFor?.[tool] ?? ARGS[tool];
  if (a === undefined)
    throw new Error(`no arguments for tool ${tool}: add valid ones to ARGS in ${import.meta.filename}`);
  return typeof a === 'function' ? a(results) : a;
}

describe('every tool through the SDK 1.x client, over stdio', () => {
  it('answers with structured content the 1.x client validates', async () => {
    const called = new Set<string>();
    const listed = new Set<string>();
    const failures: string[] = [];
    for (const target of targets) {
      const client = new ClientV1({ name: 'sdk1-test', version: '0.0.0' });
      await client.connect(
        new StdioV1({
          command: process.execPath,
          args: [BIN, 'server', ...target.args],
          env: { ...(process.env as Record<string, string>), ...target.env },
          stderr: 'ignore',
        }),
      );
      try {
        const { tools } = await client.listTools();
        listedBy.set(
          target.label,
          tools.map((t) => t.name),
        );
        const results: Results = new Map();
        for (const tool of tools) {
          listed.add(tool.name);
          if (target.only && !target.only.includes(tool.name)) continue;
          // File-backed k8s lists write tools only with --allow-writes (not given here); the live target calls them.
          try {
            const res = await client.callTool(
              { name: tool.name, arguments: argsOf(tool.name, target, results) },
              undefined,
              { timeout: 120_000 },
            );
            if (res.isError)
              failures.push(`${target.label}.${tool.name}: tool error ${JSON.stringify(res.content).slice(0, 300)}`);
            else if (!res.structuredContent || typeof res.structuredContent !== 'object')
              failures.push(`${target.label}.${tool.name}: no structured content`);
            else {
              results.set(tool.name, res.structuredContent as Record<string, unknown>);
              called.add(tool.name);
            }
          } catch (err) {
            failures.push(`${target.label}.${tool.name}: ${(err as Error).message.slice(0, 300)}`);
          }
        }
      } finally {
        await client.close();
      }
    }
    expect(failures).toEqual([]);
    expect([...listed].filter((t) => !called.has(t))).toEqual([]);
    expect(called.size).toBeGreaterThanOrEqual(28);
  }, 600_000);
});

describe('every tool through the MCP Inspector CLI (SDK 1.x)', () => {
  // The Inspector's CLI itself (what `mcp-inspector --cli` runs after moving -e pairs into the environment), started
  // directly: one process fewer for each of the ~40 calls.
  const INSPECTOR_CLI = join(REPO, 'node_modules', '@modelcontextprotocol', 'inspector', 'cli', 'build', 'index.js');

  async function inspect(target: Target, method: string, extra: string[] = []): Promise<Record<string, unknown>> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [INSPECTOR_CLI, process.execPath, BIN, 'server', ...target.args, '--method', method, ...extra],
      {
        cwd: REPO,
        env: { ...process.env, ...target.env },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  function toToolArgs(args: Args): string[] {
    return Object.entries(args).flatMap(([k, v]) => [
      '--tool-arg',
      `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
    ]);
  }

  /** The tool among `names` given the most arguments: the Inspector parses each from a --tool-arg string. */
  function mostArguments(target: Target, names: string[]): string | undefined {
    const count = (name: string) => {
      const a = target.argsFor?.[name] ?? ARGS[name];
      return typeof a === 'object' ? Object.keys(a).length : -1;
    };
    return [...names].sort((a, b) => count(b) - count(a))[0];
  }

  // Listing through the Inspector is e2e/inspector.test.ts's; here each server is started by the Inspector for a call.
  // One target per server: the other backends of a server answer the same client the same way, and the SDK 1.x test
  // above calls every tool of every target.
  it('calls one tool of each server, with structured content', async () => {
    const failures: string[] = [];
    let calls = 0;
    const perServer = targets.filter((t, i) => targets.findIndex((o) => o.args[0] === t.args[0]) === i);
    // Each Inspector run starts a server: four at a time.
    const pool = createPool(4);
    await Promise.all(
      perServer.map(async (target) => {
        // The names the SDK 1.x client listed above; listed through the Inspector when that test did not run.
        const tools =
          listedBy.get(target.label) ??
          ((await pool(() => inspect(target, 'tools/list'))).tools as Array<{ name: string }>).map((t) => t.name);
        const wanted = tools.filter(
          (name) => !(target.only && !target.only.includes(name)) && !(target.argsFor && !target.argsFor[name]),
        );
        expect(tools.length, target.label).toBeGreaterThan(0);
        const results: Results = new Map();
        const call = async (name: string) => {
          calls++;
          try {
            const res = await pool(() =>
              inspect(target, 'tools/call', ['--tool-name', name, ...toToolArgs(argsOf(name, target, results))]),
            );
            if (res.isError || !res.structuredContent)
              failures.push(`${target.label}.${name}: ${JSON.stringify(res).slice(0, 300)}`);
            else results.set(name, res.structuredContent as Record<string, unknown>);
          } catch (err) {
            failures.push(
              `${target.label}.${name}: ${String((err as { stdout?: string; message: string }).stdout || (err as Error).message).slice(0, 400)}`,
            );
          }
        };
        const chosen = mostArguments(target, wanted);
        if (chosen) await call(chosen);
      }),
    );
    expect(failures).toEqual([]);
    expect(calls).toBe(perServer.length);
    expect(perServer.map((t) => t.args[0])).toEqual(['logs', 'git', 'metrics', 'traces', 'k8s']);
  }, 900_000);
});
