// kubectl_get_pods: pods with readiness, restarts, last termination (OOMKilled...) and owner.
import { z } from 'zod';
import { getPodsOutput } from '../../../core/contracts/k8s.js';
import { defineTool } from '../../../mcp/tool.js';
import { summarizePod } from '../pods.js';
import type { K8sDeps } from './deps.js';

export const namespaceArg = z
  .string()
  .min(1)
  .optional()
  .describe("namespace; default: this server's first namespace (see check_k8s_environment)");

export function createGetPodsTool({ backend, scope }: K8sDeps) {
  return defineTool({
    name: 'kubectl_get_pods',
    title: 'List pods',
    description:
      "List the pods of a namespace like `kubectl get pods`, with what matters in an incident: phase, ready x/y, restarts, node, age, each container's state and LAST TERMINATION " +
      '(reason such as OOMKilled or Error, exit code, time) and the owning Deployment. Pods with problems come first, each with a problems list. ' +
      'Follow with get_events (why it happened) and get_pod_logs or describe for one pod.',
    input: z
      .object({
        namespace: namespaceArg,
        label_selector: z.string().optional().describe('e.g. app=checkout or tier in (web,api)'),
      })
      .strict(),
    output: getPodsOutput,
    async run(args, ctx) {
      const ns = scope.resolve(args.namespace);
      const [pods, now] = await Promise.all([backend.listPods(ns, args.label_selector, ctx.signal), backend.now()]);
      const out = pods
        .map((p) => summarizePod(p, now))
        .sort(
          (a, b) => b.problems.length - a.problems.length || b.restarts - a.restarts || a.name.localeCompare(b.name),
        );
      return {
        namespace: ns,
        labelSelector: args.label_selector ?? null,
        pods: out,
        total: out.length,
        unhealthy: out.filter((p) => p.problems.length > 0).length,
        ...(out.length
          ? {}
          : {
              note: `no pods in namespace ${ns}${args.label_selector ? ` matching ${args.label_selector}` : ''}; bound namespaces: ${scope.namespaces.join(', ')}`,
            }),
      };
    },
    render(r) {
      const head = `${r.total} pod(s) in ${r.namespace}${r.labelSelector ? ` (${r.labelSelector})` : ''}, ${r.unhealthy} with problems`;
      const rows = r.pods.map(
        (p) =>
          `${p.name}  ${p.phase}  ready ${p.ready}  restarts ${p.restarts}  ${p.node ?? '-'}  ${p.age ?? '-'}${p.owner ? `  ${p.owner.kind}/${p.owner.name}` : ''}${p.problems.length ? `\n    ${p.problems.join('; ')}` : ''}`,
      );
      return [head, ...rows, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}
