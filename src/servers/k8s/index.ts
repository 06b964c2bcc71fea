// The k8s server: pods, events, pod logs and describe from kubectl output files or a live cluster; opt-in audited
// writes.
import { createAuditLog, resolveAuditLogPath } from '../../core/audit.js';
import type { ServerSpec } from '../types.js';
import { createK8sSetup, hasK8sFiles, kubeconfigOf, kubeContextOf } from './factory.js';
import { createK8sTools } from './tools.js';

export const k8sServer: ServerSpec = {
  name: 'k8s',
  aliases: ['kubernetes', 'kubectl'],
  summary:
    'Kubernetes pods, events, pod logs and describe (kubectl JSON files or a live cluster); restart/scale only with --allow-writes',
  flags: [
    {
      option: '--kube-context <name>',
      key: 'kubeContext',
      description: "Kubernetes context to bind the k8s server to (default: the kubeconfig's current context)",
    },
    {
      option: '--kubeconfig <file>',
      key: 'kubeconfig',
      description:
        'kubeconfig for the k8s server (default: KUBECONFIG, else ~/.kube/config, else in-cluster); exec and auth-provider logins (EKS, GKE, AKS) run as kubectl runs them',
      isPath: true,
    },
    {
      option: '--namespace <ns>',
      key: 'namespace',
      description: 'Kubernetes namespace to bind the k8s server to (repeatable as a comma list)',
    },
  ],
  isConfigured: (opts) =>
    hasK8sFiles(opts.dataDir) || !!kubeContextOf(opts) || !!kubeconfigOf(opts) || !!opts.env.KUBERNETES_SERVICE_HOST,
  async create(opts) {
    const { backend, scope, warnings } = await createK8sSetup(opts);
    const audit = createAuditLog(resolveAuditLogPath(opts.env));
    return {
      tools: createK8sTools({ backend, scope, source: opts, audit }, warnings),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
