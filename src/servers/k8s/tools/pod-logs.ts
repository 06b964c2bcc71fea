// get_pod_logs: the last lines of one pod's container log (or of its previous, crashed instance).
import { z } from 'zod';
import { podLogsOutput } from '../../../core/contracts/k8s.js';
import { defineTool, ToolError } from '../../../mcp/tool.js';
import type { K8sDeps } from './deps.js';
import { namespaceArg } from './get-pods.js';
import { objectNameArg, containerNameArg } from '../names.js';

export function createPodLogsTool({ backend, scope }: K8sDeps) {
  return defineTool({
    name: 'get_pod_logs',
    title: 'Pod logs',
    description:
      "Read the last lines of a pod's container log, like `kubectl logs --tail`. Set previous: true to read the instance that crashed before the current one " +
      '(what it printed before an OOMKill or a crash). Get pod names from kubectl_get_pods. For searching across services use the logs server instead.',
    input: z
      .object({
        pod: objectNameArg('pod').describe('pod name from kubectl_get_pods'),
        namespace: namespaceArg,
        container: containerNameArg().optional().describe('needed when the pod has several containers'),
        tail_lines: z.number().int().min(1).max(2000).default(200),
        previous: z.boolean().default(false),
      })
      .strict(),
    output: podLogsOutput,
    async run(args, ctx) {
      const ns = scope.resolve(args.namespace);
      const lines = await backend.podLog(
        ns,
        args.pod,
        { container: args.container, tailLines: args.tail_lines, previous: args.previous },
        ctx.signal,
      );
      if (lines === null) {
        throw new ToolError(
          backend.name === 'file'
            ? `no log file for pod ${args.pod} in k8s/logs/ (expected ${args.pod}${args.previous ? '.previous' : ''}.log); search the service's logs with the logs server instead`
            : `pod ${ns}/${args.pod} not found${args.previous ? ' or it has no previous instance' : ''}; list pods with kubectl_get_pods`,
        );
      }
      return {
        namespace: ns,
        pod: args.pod,
        container: args.container ?? null,
        previous: args.previous,
        lines,
        returned: lines.length,
        ...(lines.length ? {} : { note: 'the log is empty' }),
      };
    },
    render(r) {
      return [
        `${r.returned} line(s) of ${r.namespace}/${r.pod}${r.container ? `/${r.container}` : ''}${r.previous ? ' (previous instance)' : ''}`,
        ...r.lines,
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n');
    },
  });
}
