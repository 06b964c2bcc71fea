// Object summaries for `describe`: spec essentials, status and conditions.
import type { DescribeOutput } from '../../core/contracts/k8s.js';
import type { Condition, Deployment, KubeNode, Pod } from './objects.js';
import { summarizePod } from './pods.js';

export function summarizeConditions(conds: Condition[] | undefined): DescribeOutput['conditions'] {
  return (conds ?? []).map((c) => ({
    type: c.type ?? '?',
    status: c.status ?? '?',
    reason: c.reason ?? null,
    message: c.message ?? null,
    lastTransition: c.lastTransitionTime ?? null,
  }));
}

export function describePod(pod: Pod, now: number): Record<string, unknown> {
  const s = summarizePod(pod, now);
  return {
    phase: s.phase,
    reason: pod.status?.reason ?? null,
    ready: s.ready,
    restarts: s.restarts,
    node: s.node,
    podIP: pod.status?.podIP ?? null,
    owner: s.owner,
    labels: pod.metadata?.labels ?? {},
    containers: s.containers.map((c) => ({
      ...c,
      requests: pod.spec?.containers?.find((x) => x.name === c.name)?.resources?.requests ?? {},
    })),
    problems: s.problems,
  };
}

export function describeDeployment(d: Deployment): Record<string, unknown> {
  const containers = d.spec?.template?.spec?.containers ?? [];
  return {
    replicas: {
      desired: d.spec?.replicas ?? null,
      current: d.status?.replicas ?? 0,
      ready: d.status?.readyReplicas ?? 0,
      updated: d.status?.updatedReplicas ?? 0,
      available: d.status?.availableReplicas ?? 0,
      unavailable: d.status?.unavailableReplicas ?? 0,
    },
    strategy: d.spec?.strategy?.type ?? null,
    selector: d.spec?.selector?.matchLabels ?? {},
    containers: containers.map((c) => ({
      name: c.name ?? '?',
      image: c.image ?? null,
      limits: c.resources?.limits ?? {},
      requests: c.resources?.requests ?? {},
    })),
    templateAnnotations: d.spec?.template?.metadata?.annotations ?? {},
    revision: d.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? null,
  };
}

export function describeNode(n: KubeNode): Record<string, unknown> {
  const pressure = (n.status?.conditions ?? [])
    .filter((c) => c.type !== 'Ready' && c.status === 'True')
    .map((c) => c.type);
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  return {
    ready,
    pressure,
    unschedulable: n.spec?.unschedulable ?? false,
    taints: n.spec?.taints ?? [],
    capacity: n.status?.capacity ?? {},
    allocatable: n.status?.allocatable ?? {},
    kubelet: n.status?.nodeInfo?.kubeletVersion ?? null,
    labels: n.metadata?.labels ?? {},
  };
}
