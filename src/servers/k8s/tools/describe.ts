// describe: one pod, deployment or node summarised, with its conditions and recent events.
import { z } from 'zod';
import { describeOutput } from '../../../core/contracts/k8s.js';
import { defineTool, ToolError } from '../../../mcp/tool.js';
import { describeDeployment, describeNode, describePod, summarizeConditions } from '../describe.js';
import { concernsObject, sortEvents, summarizeEvent } from '../events.js';
import type { K8sDeps } from './deps.js';
import { namespaceArg } from './get-pods.js';
import { objectNameArg } from '../names.js';

const EVENT_LIMIT = 20;

export function createDescribeTool({ backend, scope }: K8sDeps) {
  return defineTool({
    name: 'describe',
    title: 'Describe a pod, deployment or node',
    description:
      'Summarise one object like `kubectl describe`: for a pod its containers (image, limits, requests, state, last termination), node and problems; ' +
      'for a deployment its replicas (desired/ready/updated/available), images, resource limits and rollout annotations; for a node its readiness, ' +
      'pressure conditions, taints and capacity. Always with conditions and the recent events of the object (for a deployment, also of its pods).',
    input: z
      .object({
        kind: z.enum(['pod', 'deployment', 'node']),
        name: objectNameArg('name').describe('the object name, e.g. checkout-6c9d7f8b5-x1y2z'),
        namespace: namespaceArg,
      })
      .strict(),
    output: describeOutput,
    async run(args, ctx) {
      const ns = args.kind === 'node' ? null : scope.resolve(args.namespace);
      const now = await backend.now();
      let summary: Record<string, unknown> | null = null;
      let conditions: ReturnType<typeof summarizeConditions> = [];
      if (args.kind === 'pod') {
        const pod = await backend.getPod(ns as string, args.name, ctx.signal);
        if (pod) {
          summary = describePod(pod, now);
          conditions = summarizeConditions(pod.status?.conditions);
        }
      } else if (args.kind === 'deployment') {
        const d = await backend.getDeployment(ns as string, args.name, ctx.signal);
        if (d) {
          summary = describeDeployment(d);
          conditions = summarizeConditions(d.status?.conditions);
        }
      } else {
        const n = await backend.getNode(args.name, ctx.signal);
        if (n) {
          summary = describeNode(n);
          conditions = summarizeConditions(n.status?.conditions);
        }
      }
      if (!summary) {
        const where = ns ? ` in namespace ${ns}` : '';
        const hint =
          backend.name === 'file'
            ? ` (the data has no ${args.kind === 'pod' ? 'such pod in pods.json' : `${args.kind}s.json entry for it`})`
            : '';
        throw new ToolError(`${args.kind} ${args.name} not found${where}${hint}; list pods with kubectl_get_pods`);
      }
      // Events live in namespaces; a node's events are in every namespace we may read, usually "default".
      const eventNamespaces = ns ? [ns] : scope.namespaces;
      const events = (await Promise.all(eventNamespaces.map((n) => backend.listEvents(n, ctx.signal)))).flat();
      const filter = args.kind === 'deployment' ? args.name : `${args.kind === 'pod' ? 'Pod' : 'Node'}/${args.name}`;
      const mine = sortEvents(events.filter((e) => concernsObject(e, filter)).map(summarizeEvent)).slice(
        0,
        EVENT_LIMIT,
      );
      return { kind: args.kind, name: args.name, namespace: ns, summary, conditions, events: mine };
    },
    render(r) {
      return [
        `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
        JSON.stringify(r.summary, null, 1),
        ...r.conditions.map(
          (c) =>
            `condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
        ),
        ...r.events.map((e) => `${e.type} ${e.reason} ${e.object} x${e.count} ${e.lastTime ?? ''}: ${e.message}`),
      ].join('\n');
    },
  });
}
