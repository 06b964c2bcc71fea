// Kubernetes objects from `kubectl get ... -o json` files in <dataDir>/k8s; read-only by nature.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataWarning } from '../../../core/types.js';
import { parseTimestamp } from '../../../core/time.js';
import { ToolError } from '../../../mcp/tool.js';
import { readFileInside } from '../../confine.js';
import type { K8sBackend } from '../backend.js';
import { eventTimes } from '../events.js';
import { parseLabelSelector } from '../label-selector.js';
import type { Deployment, KubeEvent, KubeList, KubeNode, Pod } from '../objects.js';

interface Loaded {
  pods: Pod[];
  events: KubeEvent[];
  deployments: Deployment[];
  nodes: KubeNode[];
  latest: number;
}

export interface FileK8sBackend extends K8sBackend {
  /** Namespaces seen in the files, most pods first. */
  namespacesInData(): Promise<string[]>;
  warnings(): DataWarning[];
}

export function createFileK8sBackend(dataDir: string, until?: number): FileK8sBackend {
  const dir = join(dataDir, 'k8s');
  const warnings: DataWarning[] = [];
  let loading: Promise<Loaded> | undefined;

  /** A List (`items`) or a bare array; absent optional files are not a problem. */
  const readList = async <T>(file: string, required: boolean): Promise<T[]> => {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch {
      if (required) warnings.push({ where: `k8s/${file}`, message: 'missing' });
      return [];
    }
    try {
      const doc = JSON.parse(text) as KubeList<T> | T[];
      if (Array.isArray(doc)) return doc;
      if (Array.isArray(doc.items)) return doc.items;
      warnings.push({
        where: `k8s/${file}`,
        message: 'no items array: expected `kubectl get ... -o json` output (a List)',
      });
    } catch (err) {
      warnings.push({ where: `k8s/${file}`, message: `not JSON: ${(err as Error).message}` });
    }
    return [];
  };

  const load = (): Promise<Loaded> =>
    (loading ??= (async () => {
      const [pods, events, deployments, nodes] = await Promise.all([
        readList<Pod>('pods.json', true),
        readList<KubeEvent>('events.json', true),
        readList<Deployment>('deployments.json', false),
        readList<KubeNode>('nodes.json', false),
      ]);
      let latest = 0;
      const see = (t: string | undefined | null) => {
        const ms = parseTimestamp(t ?? '');
        if (!Number.isNaN(ms) && ms > latest) latest = ms;
      };
      for (const e of events) see(eventTimes(e).last);
      for (const p of pods) {
        for (const c of p.status?.containerStatuses ?? []) {
          see(c.state?.running?.startedAt);
          see(c.lastState?.terminated?.finishedAt);
        }
      }
      return { pods, events, deployments, nodes, latest: latest || Date.now() };
    })());

  const inNamespace = (ns: string) => (o: { metadata?: { namespace?: string } }) =>
    (o.metadata?.namespace ?? 'default') === ns;
  const refuse = async (): Promise<never> => {
    throw new ToolError(
      'this k8s server reads kubectl output files (--data DIR/k8s): there is no cluster to change. Start it with --kube-context and --allow-writes to act on a live cluster.',
    );
  };

  return {
    name: 'file',
    context: null,
    writable: false,
    async now() {
      return until ?? (await load()).latest;
    },
    async listPods(ns, labelSelector) {
      const match = labelSelector ? parseLabelSelector(labelSelector) : () => true;
      return (await load()).pods.filter(inNamespace(ns)).filter((p) => match(p.metadata?.labels));
    },
    async listEvents(ns) {
      return (await load()).events.filter(
        (e) => (e.metadata?.namespace ?? e.involvedObject?.namespace ?? e.regarding?.namespace ?? 'default') === ns,
      );
    },
    async podLog(_ns, pod, opts) {
      const candidates = [
        ...(opts.container ? [`${pod}.${opts.container}${opts.previous ? '.previous' : ''}.log`] : []),
        `${pod}${opts.previous ? '.previous' : ''}.log`,
      ];
      for (const name of candidates) {
        // The names come from tool arguments: the file must be a plain name whose real path stays inside --data.
        const text = await readFileInside(
          dataDir,
          join(dir, 'logs'),
          name,
          opts.container ? 'pod or container' : 'pod',
        );
        if (text === null) continue;
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        return lines.slice(-opts.tailLines);
      }
      return null;
    },
    async getPod(ns, name) {
      return (await load()).pods.find((p) => inNamespace(ns)(p) && p.metadata?.name === name) ?? null;
    },
    async getDeployment(ns, name) {
      return (await load()).deployments.find((d) => inNamespace(ns)(d) && d.metadata?.name === name) ?? null;
    },
    async getNode(name) {
      return (await load()).nodes.find((n) => n.metadata?.name === name) ?? null;
    },
    deletePod: refuse,
    restartDeployment: refuse,
    scaleDeployment: refuse,
    async namespacesInData() {
      const counts = new Map<string, number>();
      for (const p of (await load()).pods) {
        const ns = p.metadata?.namespace ?? 'default';
        counts.set(ns, (counts.get(ns) ?? 0) + 1);
      }
      for (const e of (await load()).events) {
        const ns = e.metadata?.namespace ?? e.involvedObject?.namespace;
        if (ns && !counts.has(ns)) counts.set(ns, 0);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([ns]) => ns);
    },
    warnings: () => [...warnings],
    async health() {
      const l = await load();
      return [
        {
          name: 'k8s files',
          ok: l.pods.length + l.events.length > 0,
          detail: `${l.pods.length} pods, ${l.events.length} events, ${l.deployments.length} deployments, ${l.nodes.length} nodes in ${dir}${warnings.length ? `; problems: ${warnings.map((w) => `${w.where} ${w.message}`).join('; ')}` : ''}`,
        },
      ];
    },
    async close() {},
  };
}
