// Kubernetes objects from a live API server (kubeconfig context or in-cluster service account).
import { ToolError } from '../../../mcp/tool.js';
import type { K8sBackend } from '../backend.js';
import type { KubeClient } from '../kube-client.js';
import type { Deployment, KubeEvent, KubeList, KubeNode, Pod } from '../objects.js';

const enc = encodeURIComponent;

export function createLiveK8sBackend(client: KubeClient): K8sBackend {
  const conn = client.connection;
  const notFound = (what: string): never => {
    throw new ToolError(`${what} not found (context ${conn.context}); list what exists with kubectl_get_pods or get_events`);
  };
  return {
    name: 'live',
    context: conn.context,
    writable: true,
    now: async () => Date.now(),
    async listPods(ns, labelSelector, signal) {
      const list = await client.call<KubeList<Pod>>({ method: 'GET', path: `/api/v1/namespaces/${enc(ns)}/pods`, query: { labelSelector: labelSelector || undefined }, signal }, `list pods in ${ns}`);
      return list?.items ?? [];
    },
    async listEvents(ns, signal) {
      const list = await client.call<KubeList<KubeEvent>>({ method: 'GET', path: `/api/v1/namespaces/${enc(ns)}/events`, signal }, `list events in ${ns}`);
      return list?.items ?? [];
    },
    async podLog(ns, pod, opts, signal) {
      const text = await client.call<string>(
        {
          method: 'GET',
          path: `/api/v1/namespaces/${enc(ns)}/pods/${enc(pod)}/log`,
          query: { container: opts.container, tailLines: String(opts.tailLines), previous: opts.previous ? 'true' : undefined },
          text: true,
          signal,
        },
        `read the log of pod ${ns}/${pod}`,
      );
      if (text === null) return null;
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return lines;
    },
    getPod: (ns, name, signal) => client.call<Pod>({ method: 'GET', path: `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}`, signal }, `get pod ${ns}/${name}`),
    getDeployment: (ns, name, signal) => client.call<Deployment>({ method: 'GET', path: `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`, signal }, `get deployment ${ns}/${name}`),
    getNode: (name, signal) => client.call<KubeNode>({ method: 'GET', path: `/api/v1/nodes/${enc(name)}`, signal }, `get node ${name}`),
    async deletePod(ns, name) {
      const r = await client.call({ method: 'DELETE', path: `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}` }, `delete pod ${ns}/${name}`);
      if (r === null) notFound(`pod ${ns}/${name}`);
    },
    async restartDeployment(ns, name, at) {
      const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
      const r = await client.call(
        { method: 'PATCH', path: `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`, body: patch, contentType: 'application/strategic-merge-patch+json' },
        `restart deployment ${ns}/${name}`,
      );
      if (r === null) notFound(`deployment ${ns}/${name}`);
    },
    async scaleDeployment(ns, name, replicas) {
      const r = await client.call(
        { method: 'PATCH', path: `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}/scale`, body: { spec: { replicas } }, contentType: 'application/merge-patch+json' },
        `scale deployment ${ns}/${name}`,
      );
      if (r === null) notFound(`deployment ${ns}/${name}`);
    },
    async health() {
      try {
        const res = await client.raw({ method: 'GET', path: '/version' });
        if (res.status === 401 || res.status === 403) return [{ name: 'kubernetes api', ok: false, detail: `HTTP ${res.status} from ${conn.server}: check the kubeconfig user of context ${conn.context}` }];
        let version = '';
        try {
          version = (JSON.parse(res.body) as { gitVersion?: string }).gitVersion ?? '';
        } catch {
          version = '';
        }
        return [{ name: 'kubernetes api', ok: res.status === 200, detail: `${conn.server} (context ${conn.context}) answered HTTP ${res.status}${version ? `, version ${version}` : ''}` }];
      } catch (err) {
        return [{ name: 'kubernetes api', ok: false, detail: `cannot reach ${conn.server} (context ${conn.context}): ${(err as Error).message}` }];
      }
    },
    async close() {},
  };
}
