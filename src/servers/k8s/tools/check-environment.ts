// check_k8s_environment: which cluster source, reachable or not, bound context and namespaces, writes on or off.
import { z } from 'zod';
import { k8sEnvironmentOutput } from '../../../core/contracts/k8s.js';
import { defineTool } from '../../../mcp/tool.js';
import type { K8sDeps } from './deps.js';

export function createK8sEnvironmentTool(
  { backend, scope, source }: K8sDeps,
  warnings: () => Array<{ where: string; message: string }>,
) {
  return defineTool({
    name: 'check_k8s_environment',
    title: 'Check Kubernetes environment',
    description:
      'Say where Kubernetes data comes from (kubectl output files or a live cluster), whether the API answers and accepts our credentials, the bound context and namespaces (the only ones the other tools accept), and whether write tools are enabled. Call it first, or when a k8s tool fails.',
    input: z.object({}).strict(),
    output: k8sEnvironmentOutput,
    async run() {
      const checks = await backend.health();
      for (const w of warnings().slice(0, 5))
        checks.push({ name: 'data', ok: false, detail: `${w.where}: ${w.message}` });
      const api = checks[0];
      const version = /version (\S+)/.exec(api?.detail ?? '')?.[1] ?? null;
      const authFailed = checks.some((c) => /HTTP 40[13]/.test(c.detail));
      const missing: string[] = [];
      if (backend.name === 'file') missing.push('no --kube-context: reading kubectl output files, not a live cluster');
      if (!source.allowWrites)
        missing.push(
          'writes disabled (start with --allow-writes to get restart_pod, rollout_restart, scale_deployment)',
        );
      if (api && !api.ok)
        missing.push(
          backend.name === 'file' ? 'no pods or events in k8s/' : 'the Kubernetes API did not answer as expected',
        );
      return {
        server: 'k8s',
        backend: backend.name,
        reachable: backend.name === 'file' ? !!api?.ok : !!api && !/cannot reach/.test(api.detail),
        authenticated: backend.name === 'file' ? null : !authFailed,
        version,
        missing,
        checks,
        context: backend.context,
        namespaces: [...scope.namespaces],
        writesEnabled: !!source.allowWrites && backend.writable,
      };
    },
    render(r) {
      return [
        `k8s backend: ${r.backend}${r.context ? ` (context ${r.context})` : ''}; namespaces: ${r.namespaces.join(', ')}; writes: ${r.writesEnabled ? 'enabled' : 'disabled'}`,
        ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        ...r.missing.map((m) => `missing: ${m}`),
      ].join('\n');
    },
  });
}
