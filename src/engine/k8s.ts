// Kubernetes findings (OOMKilled, CrashLoopBackOff, failed probes, evictions) from whatever shape the k8s tools return.

export interface K8sFinding {
  reason: string;
  object: string;
  detail: string;
}

const REASONS = /^(OOMKilled|OOMKilling|CrashLoopBackOff|BackOff|Unhealthy|Evicted|FailedScheduling|Error|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|FailedMount|NodeNotReady|Killing)$/;

/** Walks a tool result and collects objects that carry a notable reason. */
export function findK8sReasons(value: unknown, out: K8sFinding[] = [], context = ''): K8sFinding[] {
  if (Array.isArray(value)) {
    for (const v of value) findK8sReasons(v, out, context);
    return out;
  }
  if (!value || typeof value !== 'object') return out;
  const obj = value as Record<string, unknown>;
  const name = [obj.pod, obj.name, obj.object, obj.involvedObject && (obj.involvedObject as Record<string, unknown>).name].find((v) => typeof v === 'string') as string | undefined;
  const here = name ?? context;
  const reason = typeof obj.reason === 'string' ? obj.reason : undefined;
  if (reason && REASONS.test(reason) && out.length < 50) {
    const detail = typeof obj.message === 'string' ? obj.message : typeof obj.exitCode === 'number' ? `exit code ${obj.exitCode}` : '';
    if (!out.some((f) => f.reason === reason && f.object === here)) out.push({ reason, object: here, detail: detail.slice(0, 160) });
  }
  for (const v of Object.values(obj)) if (v && typeof v === 'object') findK8sReasons(v, out, here);
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

const STUCK = /CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainer(?:Config)?Error|RunContainerError/;
const RECENT_WARNINGS = /FailedScheduling|FailedCreate|NodeNotReady|Unhealthy|Evicted|FailedMount|FailedAttachVolume/;
/** Events older than this before the end of the data are history, not the present. */
const RECENT_MS = 15 * 60_000;

interface PodLike {
  name: string;
  phase: string;
  problems: string[];
  containers: Array<{ state: string; lastTermination: { reason: string | null; exitCode: number | null } | null }>;
}
interface EventLike {
  type: string;
  reason: string;
  object: string;
  lastTime: string | null;
  message: string;
}

/** Failures happening now, from kubectl_get_pods and get_events results; terminating pods are left out. */
export function activeK8sFailures(pods: unknown, events: unknown, end: number): K8sFailure[] {
  const out: K8sFailure[] = [];
  const podList = ((pods as { pods?: PodLike[] } | undefined)?.pods ?? []).filter((p) => !p.problems.some((x) => x.startsWith('terminating')));
  const healthy = new Set(podList.filter((p) => p.problems.length === 0).map((p) => p.name));
  const terminating = new Set(((pods as { pods?: PodLike[] } | undefined)?.pods ?? []).filter((p) => !podList.includes(p)).map((p) => p.name));
  for (const p of podList) {
    for (const c of p.containers) {
      const waiting = /^waiting: (\S+)/.exec(c.state)?.[1];
      if (!waiting || !STUCK.test(waiting)) continue;
      const last = c.lastTermination?.reason;
      out.push({ reason: last === 'OOMKilled' ? 'OOMKilled' : waiting, object: p.name, detail: last ? `last terminated ${last} (exit ${c.lastTermination?.exitCode ?? '?'})` : waiting });
    }
    if (p.phase === 'Pending') out.push({ reason: 'Pending', object: p.name, detail: p.problems.join('; ') });
    // Unknown: the node stopped reporting the pod (node lost, network partition).
    if (p.phase === 'Unknown') out.push({ reason: 'NodeLost', object: p.name, detail: p.problems.join('; ') });
  }
  for (const e of (events as { events?: EventLike[] } | undefined)?.events ?? []) {
    if (e.type !== 'Warning' || !RECENT_WARNINGS.test(e.reason) || !e.lastTime) continue;
    if (end - Date.parse(e.lastTime) > RECENT_MS) continue;
    const name = e.object.split('/').pop() ?? e.object;
    // A warning about a pod that is on its way out, or that runs fine now, is history.
    if (terminating.has(name) || healthy.has(name)) continue;
    out.push({ reason: e.reason, object: name, detail: e.message.slice(0, 200) });
  }
  return out;
}

/** The newest timestamp in the Kubernetes results: "now" for an incident known only from the cluster. */
export function latestK8sTime(events: unknown): number | null {
  const times = ((events as { events?: EventLike[] } | undefined)?.events ?? []).map((e) => Date.parse(e.lastTime ?? '')).filter(Number.isFinite);
  return times.length ? Math.max(...times) : null;
}
