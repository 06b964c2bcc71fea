// The write tools (restart_pod, rollout_restart, scale_deployment): present only with allowWrites.
import { z } from 'zod';
import { writeOutcomeOutput, type WriteOutcomeOutput } from '../../../core/contracts/k8s.js';
import { defineTool, type ToolAnnotations } from '../../../mcp/tool.js';
import type { K8sDeps } from './deps.js';
import { namespaceArg } from './get-pods.js';
import { runWrite } from './write-flow.js';
import { objectNameArg } from '../names.js';

const WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};
const confirmArg = z
  .boolean()
  .optional()
  .describe(
    'true to act without an interactive confirmation (when the client cannot ask the user); without it you get the plan only',
  );
const CONFIRM_NOTE =
  ' Asks the user to confirm first; when the client cannot ask, it changes nothing and returns the plan unless confirm is true. Every attempt is written to the audit log.';

function renderOutcome(r: WriteOutcomeOutput): string {
  return `[${r.status}] ${r.message}\naudit log: ${r.auditLog}`;
}

export function createWriteTools(deps: K8sDeps) {
  const { backend } = deps;
  const restartPod = defineTool({
    name: 'restart_pod',
    title: 'Restart a pod (delete it)',
    description:
      'Delete one pod so that its controller (Deployment, StatefulSet...) starts a fresh one. A pod with no controller is NOT recreated.' +
      CONFIRM_NOTE,
    input: z.object({ pod: objectNameArg('pod'), namespace: namespaceArg, confirm: confirmArg }).strict(),
    output: writeOutcomeOutput,
    annotations: WRITE,
    run: (args, ctx) =>
      runWrite(
        deps,
        {
          tool: 'restart_pod',
          args,
          action: 'restart pod',
          kind: 'Pod',
          name: args.pod,
          describePlan: (ns) => `delete pod ${ns}/${args.pod}; its controller creates a replacement`,
          perform: (ns) => backend.deletePod(ns, args.pod),
        },
        ctx,
      ),
    render: renderOutcome,
  });
  const rolloutRestart = defineTool({
    name: 'rollout_restart',
    title: 'Rollout restart a deployment',
    description:
      'Restart every pod of a Deployment with a rolling update, as `kubectl rollout restart deployment/NAME` does (sets the kubectl.kubernetes.io/restartedAt pod-template annotation).' +
      CONFIRM_NOTE,
    input: z.object({ deployment: objectNameArg('deployment'), namespace: namespaceArg, confirm: confirmArg }).strict(),
    output: writeOutcomeOutput,
    annotations: WRITE,
    run: (args, ctx) =>
      runWrite(
        deps,
        {
          tool: 'rollout_restart',
          args,
          action: 'rollout restart',
          kind: 'Deployment',
          name: args.deployment,
          describePlan: (ns) =>
            `rolling restart of deployment ${ns}/${args.deployment}: every pod is replaced, a few at a time`,
          perform: (ns) => backend.restartDeployment(ns, args.deployment, new Date().toISOString()),
        },
        ctx,
      ),
    render: renderOutcome,
  });
  const scale = defineTool({
    name: 'scale_deployment',
    title: 'Scale a deployment',
    description:
      'Set the replica count of a Deployment (0..100), as `kubectl scale deployment/NAME --replicas=N` does. 0 stops the service entirely.' +
      CONFIRM_NOTE,
    input: z
      .object({
        deployment: objectNameArg('deployment'),
        replicas: z.number().int().min(0).max(100),
        namespace: namespaceArg,
        confirm: confirmArg,
      })
      .strict(),
    output: writeOutcomeOutput,
    annotations: WRITE,
    run: (args, ctx) =>
      runWrite(
        deps,
        {
          tool: 'scale_deployment',
          args,
          action: 'scale deployment',
          kind: 'Deployment',
          name: args.deployment,
          describePlan: (ns) =>
            `scale deployment ${ns}/${args.deployment} to ${args.replicas} replica(s)${args.replicas === 0 ? ' (stops the service)' : ''}`,
          perform: (ns) => backend.scaleDeployment(ns, args.deployment, args.replicas),
        },
        ctx,
      ),
    render: renderOutcome,
  });
  return [restartPod, rolloutRestart, scale];
}
