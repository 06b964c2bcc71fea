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

export function k8sCategoryText(f: K8sFinding): { text: string; weight: number } {
  if (/OOM/.test(f.reason)) return { text: 'oomkilled out of memory', weight: 3 };
  if (/Evicted/.test(f.reason)) return { text: `evicted ${f.detail}`, weight: 1.5 };
  return { text: `${f.reason} ${f.detail}`, weight: 0.5 };
}

/** The service a pod belongs to: the longest known service name its name starts with. */
export function serviceOfObject(object: string, known: readonly string[]): string | null {
  const match = [...known].sort((a, b) => b.length - a.length).find((s) => object === s || object.startsWith(`${s}-`));
  return match ?? null;
}
