// Chooses the k8s backend from configuration and binds it to its context and namespaces.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import { parseTimeArg } from '../../core/time.js';
import type { SourceOptions } from '../types.js';
import type { K8sBackend } from './backend.js';
import { createFileK8sBackend } from './backends/file.js';
import { createLiveK8sBackend } from './backends/live.js';
import { createKubeClient } from './kube-client.js';
import { loadInCluster, loadKubeconfig } from './kubeconfig.js';
import { createNamespaceScope, parseNamespaceList, type NamespaceScope } from './scope.js';

export interface K8sSetup {
  backend: K8sBackend;
  scope: NamespaceScope;
  /** Data problems of the file backend, if any. */
  warnings: () => Array<{ where: string; message: string }>;
}

export function hasK8sFiles(dataDir: string | undefined): boolean {
  return !!dataDir && existsSync(join(dataDir, 'k8s'));
}

export function kubeContextOf(opts: SourceOptions): string | undefined {
  const v = opts.extra?.kubeContext;
  return typeof v === 'string' && v ? v : undefined;
}

export async function createK8sSetup(opts: SourceOptions): Promise<K8sSetup> {
  const requested = parseNamespaceList(opts.extra?.namespace);
  const context = kubeContextOf(opts);
  if (!context && hasK8sFiles(opts.dataDir)) {
    const until = opts.until ? parseTimeArg(opts.until, Date.now(), '--until') : undefined;
    const backend = createFileK8sBackend(opts.dataDir as string, until);
    const namespaces = requested.length ? requested : await backend.namespacesInData();
    return { backend, scope: createNamespaceScope(namespaces, null), warnings: () => backend.warnings() };
  }
  let conn;
  if (context || !opts.env.KUBERNETES_SERVICE_HOST) {
    if (!context && !opts.env.KUBECONFIG) {
      throw new PilotError('config', 'no Kubernetes source: no k8s/ folder in the data directory, no --kube-context, no KUBECONFIG, not in a cluster', {
        hint: 'pass --data DIR with DIR/k8s/pods.json and events.json, or --kube-context NAME (with KUBECONFIG or ~/.kube/config)',
      });
    }
    conn = loadKubeconfig(opts.env, context);
  } else {
    conn = loadInCluster(opts.env);
  }
  const backend = createLiveK8sBackend(createKubeClient(conn));
  const namespaces = requested.length ? requested : [conn.namespace ?? 'default'];
  return { backend, scope: createNamespaceScope(namespaces, conn.context), warnings: () => [] };
}
