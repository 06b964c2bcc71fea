// Pod summaries as `kubectl get pods` and `describe` would show them, with the problems spelled out.
import type { PodOut } from '../../core/contracts/k8s.js';
import { parseTimestamp } from '../../core/time.js';
import type { ContainerState, ContainerStatus, Pod } from './objects.js';

/** `<deployment>-<replicaset hash>-<pod hash>`: how a Deployment's pods are named. */
const DEPLOYMENT_POD_RE = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/;

function describeState(state: ContainerState | undefined): string {
  if (!state) return 'unknown';
  if (state.running) return 'running';
  if (state.waiting) return `waiting: ${state.waiting.reason ?? 'unknown'}`;
  if (state.terminated) return `terminated: ${state.terminated.reason ?? `exit ${state.terminated.exitCode ?? '?'}`}`;
  return 'unknown';
}

/**
 * The owning Deployment (via ReplicaSet naming) or other controller; inferred from the pod name when no
 * ownerReferences.
 */
function findOwner(pod: Pod): PodOut['owner'] {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  if (ref?.kind && ref.name) {
    if (ref.kind === 'ReplicaSet') {
      const m = /^(.+)-[a-z0-9]{6,10}$/.exec(ref.name);
      if (m) return { kind: 'Deployment', name: m[1], inferred: false };
    }
    return { kind: ref.kind, name: ref.name, inferred: false };
  }
  const m = DEPLOYMENT_POD_RE.exec(pod.metadata?.name ?? '');
  return m ? { kind: 'Deployment', name: m[1], inferred: true } : null;
}

function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

function findProblems(pod: Pod, statuses: ContainerStatus[]): string[] {
  const out: string[] = [];
  // A pod being deleted (old ReplicaSet after a rollout) may look broken on its way out: say so first.
  if (pod.metadata?.deletionTimestamp)
    out.push(`terminating (deletion requested at ${pod.metadata.deletionTimestamp})`);
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Running' && phase !== 'Succeeded')
    out.push(`phase ${phase}${pod.status?.reason ? ` (${pod.status.reason})` : ''}`);
  for (const c of statuses) {
    const name = c.name ?? '?';
    if (c.state?.waiting?.reason) out.push(`${name}: ${c.state.waiting.reason}`);
    if (c.state?.terminated && c.state.terminated.reason !== 'Completed')
      out.push(`${name}: terminated ${c.state.terminated.reason ?? ''}`.trim());
    const last = c.lastState?.terminated;
    if (last?.reason)
      out.push(
        `${name}: last terminated ${last.reason} (exit ${last.exitCode ?? '?'}${last.finishedAt ? ` at ${last.finishedAt}` : ''})`,
      );
    if ((c.restartCount ?? 0) > 0) out.push(`${name}: ${c.restartCount} restarts`);
    if (c.ready === false && phase === 'Running') out.push(`${name}: not ready`);
  }
  return out;
}

export function summarizePod(pod: Pod, now: number): PodOut {
  const statuses = pod.status?.containerStatuses ?? [];
  const specs = pod.spec?.containers ?? [];
  const names = specs.length ? specs.map((c) => c.name ?? '?') : statuses.map((c) => c.name ?? '?');
  const created = parseTimestamp(pod.metadata?.creationTimestamp ?? pod.status?.startTime ?? '');
  const containers = names.map((name) => {
    const st = statuses.find((s) => s.name === name);
    const spec = specs.find((s) => s.name === name);
    const last = st?.lastState?.terminated;
    return {
      name,
      ready: st?.ready ?? false,
      restarts: st?.restartCount ?? 0,
      state: describeState(st?.state),
      lastTermination: last
        ? { reason: last.reason ?? null, exitCode: last.exitCode ?? null, finishedAt: last.finishedAt ?? null }
        : null,
      ...(spec?.resources?.limits ? { limits: spec.resources.limits } : {}),
      image: spec?.image ?? st?.image ?? null,
    };
  });
  return {
    name: pod.metadata?.name ?? '?',
    namespace: pod.metadata?.namespace ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: `${containers.filter((c) => c.ready).length}/${containers.length}`,
    restarts: containers.reduce((n, c) => n + c.restarts, 0),
    node: pod.spec?.nodeName ?? null,
    age: Number.isNaN(created) ? null : formatAge(now - created),
    owner: findOwner(pod),
    containers,
    problems: findProblems(pod, statuses),
  };
}
