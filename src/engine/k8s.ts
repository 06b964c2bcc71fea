// Kubernetes findings (OOMKilled, CrashLoopBackOff, failed probes, evictions) from the pods and events the k8s tools
// return.
import type { GetEventsOutput, GetPodsOutput } from '../core/contracts/k8s.js';
import { CLUSTER_REASONS } from './vocabulary.js';

export interface K8sFinding {
  reason: string;
  object: string;
  detail: string;
}

/** Notable reasons in the pods' containers (last termination, waiting state) and in the events. */
export function findK8sReasons(
  pods: GetPodsOutput | null | undefined,
  events: GetEventsOutput | null | undefined,
): K8sFinding[] {
  const out: K8sFinding[] = [];
  const add = (reason: string | null | undefined, object: string, detail: string) => {
    if (!reason || !CLUSTER_REASONS.notable.test(reason) || out.length >= 50) return;
    if (!out.some((f) => f.reason === reason && f.object === object))
      out.push({ reason, object, detail: detail.slice(0, 160) });
  };
  for (const p of pods?.pods ?? []) {
    for (const c of p.containers) {
      const last = c.lastTermination;
      add(last?.reason, p.name, last?.exitCode != null ? `exit code ${last.exitCode}` : '');
      add(/^waiting: (\S+)/.exec(c.state)?.[1], p.name, c.state);
    }
  }
  for (const e of events?.events ?? []) add(e.reason, e.object.split('/').pop() ?? e.object, e.message);
  return out;
}

/** The service a pod belongs to: the longest known service name its name starts with. */
export function serviceOfObject(object: string, known: readonly string[]): string | null {
  const match = [...known].sort((a, b) => b.length - a.length).find((s) => object === s || object.startsWith(`${s}-`));
  return match ?? null;
}

/** A failure the cluster shows now: a pod that cannot run, or a recent warning about scheduling or nodes. */
export interface K8sFailure {
  reason: string;
  object: string;
  detail: string;
}

/** Events older than this before the end of the data are history, not the present. */
const RECENT_MS = 15 * 60_000;

/** Failures happening now, from kubectl_get_pods and get_events results; terminating pods are left out. */
export function activeK8sFailures(
  pods: GetPodsOutput | null | undefined,
  events: GetEventsOutput | null | undefined,
  end: number,
): K8sFailure[] {
  const out: K8sFailure[] = [];
  const podList = (pods?.pods ?? []).filter((p) => !p.problems.some((x) => x.startsWith('terminating')));
  const healthy = new Set(podList.filter((p) => p.problems.length === 0).map((p) => p.name));
  const terminating = new Set((pods?.pods ?? []).filter((p) => !podList.includes(p)).map((p) => p.name));
  for (const p of podList) {
    for (const c of p.containers) {
      const waiting = /^waiting: (\S+)/.exec(c.state)?.[1];
      if (!waiting || !CLUSTER_REASONS.stuck.test(waiting)) continue;
      const last = c.lastTermination?.reason;
      out.push({
        reason: last === 'OOMKilled' ? 'OOMKilled' : waiting,
        object: p.name,
        detail: last ? `last terminated ${last} (exit ${c.lastTermination?.exitCode ?? '?'})` : waiting,
      });
    }
    if (p.phase === 'Pending') out.push({ reason: 'Pending', object: p.name, detail: p.problems.join('; ') });
    // Unknown: the node stopped reporting the pod (node lost, network partition).
    if (p.phase === 'Unknown') out.push({ reason: 'NodeLost', object: p.name, detail: p.problems.join('; ') });
  }
  for (const e of events?.events ?? []) {
    if (e.type !== 'Warning' || !CLUSTER_REASONS.recentWarning.test(e.reason) || !e.lastTime) continue;
    if (end - Date.parse(e.lastTime) > RECENT_MS) continue;
    const name = e.object.split('/').pop() ?? e.object;
    // A warning about a pod that is on its way out, or that runs fine now, is history.
    if (terminating.has(name) || healthy.has(name)) continue;
    out.push({ reason: e.reason, object: name, detail: e.message.slice(0, 200) });
  }
  return out;
}

/** The newest timestamp in the Kubernetes results: "now" for an incident known only from the cluster. */
export function latestK8sTime(events: GetEventsOutput | null | undefined): number | null {
  const times = (events?.events ?? []).map((e) => Date.parse(e.lastTime ?? '')).filter(Number.isFinite);
  return times.length ? Math.max(...times) : null;
}
