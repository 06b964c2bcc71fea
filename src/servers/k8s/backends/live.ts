// Kubernetes objects from a live API server through @kubernetes/client-node (kubeconfig context or in-cluster).
import { PatchStrategy } from '@kubernetes/client-node';
import { ToolError } from '../../../mcp/tool.js';
import type { K8sBackend } from '../backend.js';
import { apiStatusOf, causeOf, type KubeApi } from '../kube-api.js';
import type { Deployment, KubeEvent, KubeList, KubeNode, Pod } from '../objects.js';

export function createLiveK8sBackend(api: KubeApi): K8sBackend {
  const { core, apps, version, options: opts, call } = api;
  const { context, server } = api.target;
  const notFound = (what: string): never => {
    throw new ToolError(`${what} not found (context ${context}); list what exists with kubectl_get_pods or get_events`);
  };
  return {
    name: 'live',
    context,
    writable: true,
    now: async () => Date.now(),
    async listPods(namespace, labelSelector, signal) {
      const list = await call<KubeList<Pod>>(`list pods in ${namespace}`, () =>
        core.listNamespacedPod({ namespace, labelSelector: labelSelector || undefined }, opts(signal)),
      );
      return list?.items ?? [];
    },
    async listEvents(namespace, signal) {
      const list = await call<KubeList<KubeEvent>>(`list events in ${namespace}`, () =>
        core.listNamespacedEvent({ namespace }, opts(signal)),
      );
      return list?.items ?? [];
    },
    async podLog(namespace, name, o, signal) {
      const text = await call<string>(`read the log of pod ${namespace}/${name}`, () =>
        core.readNamespacedPodLog(
          { namespace, name, container: o.container, tailLines: o.tailLines, previous: o.previous || undefined },
          opts(signal),
        ),
      );
      if (text === null) return null;
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return lines;
    },
    getPod: (namespace, name, signal) =>
      call<Pod>(`get pod ${namespace}/${name}`, () => core.readNamespacedPod({ namespace, name }, opts(signal))),
    getDeployment: (namespace, name, signal) =>
      call<Deployment>(`get deployment ${namespace}/${name}`, () =>
        apps.readNamespacedDeployment({ namespace, name }, opts(signal)),
      ),
    getNode: (name, signal) => call<KubeNode>(`get node ${name}`, () => core.readNode({ name }, opts(signal))),
    async deletePod(namespace, name) {
      const r = await call(`delete pod ${namespace}/${name}`, () =>
        core.deleteNamespacedPod({ namespace, name }, opts()),
      );
      if (r === null) notFound(`pod ${namespace}/${name}`);
    },
    async restartDeployment(namespace, name, at) {
      const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
      const r = await call(`restart deployment ${namespace}/${name}`, () =>
        apps.patchNamespacedDeployment({ namespace, name, body }, opts(undefined, PatchStrategy.StrategicMergePatch)),
      );
      if (r === null) notFound(`deployment ${namespace}/${name}`);
    },
    async scaleDeployment(namespace, name, replicas) {
      const r = await call(`scale deployment ${namespace}/${name}`, () =>
        apps.patchNamespacedDeploymentScale(
          { namespace, name, body: { spec: { replicas } } },
          opts(undefined, PatchStrategy.MergePatch),
        ),
      );
      if (r === null) notFound(`deployment ${namespace}/${name}`);
    },
    async health() {
      try {
        const v = await version.getCode(undefined, opts());
        return [
          {
            name: 'kubernetes api',
            ok: true,
            detail: `${server} (context ${context}) answered HTTP 200${v.gitVersion ? `, version ${v.gitVersion}` : ''}`,
          },
        ];
      } catch (err) {
        const status = apiStatusOf(err);
        if (status?.code === 401 || status?.code === 403)
          return [
            {
              name: 'kubernetes api',
              ok: false,
              detail: `HTTP ${status.code} from ${server}: check the kubeconfig user of context ${context}`,
            },
          ];
        if (status)
          return [
            {
              name: 'kubernetes api',
              ok: false,
              detail: `${server} (context ${context}) answered HTTP ${status.code}`,
            },
          ];
        return [
          { name: 'kubernetes api', ok: false, detail: `cannot reach ${server} (context ${context}): ${causeOf(err)}` },
        ];
      }
    },
    async close() {},
  };
}
