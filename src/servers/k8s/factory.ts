// Chooses the k8s backend from configuration and binds it to its context and namespaces.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimeArg } from '../../core/time.js';
import type { SourceOptions } from '../types.js';
import type { K8sBackend } from './backend.js';
import { createFileK8sBackend } from './backends/file.js';
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

/** --kubeconfig FILE. */
export function kubeconfigOf(opts: SourceOptions): string | undefined {
  const v = opts.extra?.kubeconfig;
  return typeof v === 'string' && v ? v : undefined;
}

export async function createK8sSetup(opts: SourceOptions): Promise<K8sSetup> {
  const requested = parseNamespaceList(opts.extra?.namespace);
  const context = kubeContextOf(opts);
  if (!context && !kubeconfigOf(opts) && hasK8sFiles(opts.dataDir)) {
    const until = opts.until ? parseTimeArg(opts.until, Date.now(), '--until') : undefined;
    const backend = createFileK8sBackend(opts.dataDir as string, until);
    const namespaces = requested.length ? requested : await backend.namespacesInData();
    return { backend, scope: createNamespaceScope(namespaces, null), warnings: () => backend.warnings() };
  }
  // Loaded only for a live cluster: the client is large, and the file backend never needs it.
  const [{ loadKubeTarget }, { createKubeApi }, { createLiveK8sBackend }] = await Promise.all([
    import('./kubeconfig.js'),
    import('./kube-api.js'),
    import('./backends/live.js'),
  ]);
  const target = loadKubeTarget(opts.env, { file: kubeconfigOf(opts), context });
  const backend = createLiveK8sBackend(createKubeApi(target));
  const namespaces = requested.length ? requested : [target.namespace ?? 'default'];
  return { backend, scope: createNamespaceScope(namespaces, target.context), warnings: () => [] };
}
