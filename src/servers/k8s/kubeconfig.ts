// Finds and loads the cluster credentials with @kubernetes/client-node's KubeConfig: --kubeconfig FILE, KUBECONFIG,
// ~/.kube/config or the in-cluster service account. The library runs exec and auth-provider logins (EKS, GKE, AKS).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { PilotError } from '../../core/errors.js';

/** A kubeconfig bound to one context, with what our messages name. */
export interface KubeTarget {
  config: KubeConfig;
  /** Name of the context, or "in-cluster". */
  context: string;
  server: string;
  /** The namespace the context names, if any. */
  namespace: string | null;
  /** Where the credentials came from: the kubeconfig file(s) or "in-cluster". */
  source: string;
}

export interface KubeTargetOptions {
  /** --kubeconfig FILE: wins over KUBECONFIG and ~/.kube/config. */
  file?: string;
  /** --kube-context NAME: default is the kubeconfig's current context. */
  context?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubeconfig files to read, in kubectl's order; empty when none is named and ~/.kube/config does not exist. */
export function findKubeconfigFiles(env: Env, file?: string): string[] {
  if (file) return [file];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter(Boolean);
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/**
 * client-go's `tokenFile` user field (service-account kubeconfigs) is not read by the JS client: hand it to the
 * client's tokenFile provider, which re-reads the file as the token rotates. Relative paths are relative to the
 * kubeconfig.
 */
function adoptTokenFiles(kc: KubeConfig, file: string): void {
  const doc = parseYaml(readFileSync(file, 'utf8')) as {
    users?: Array<{ name?: string; user?: Record<string, unknown> | null }>;
  } | null;
  for (const entry of doc?.users ?? []) {
    const u = entry.user ?? {};
    const tokenFile = u.tokenFile;
    if (typeof tokenFile !== 'string' || !tokenFile || u.token || u.exec || u['auth-provider']) continue;
    const user = kc.users.find((x) => x.name === entry.name);
    if (user)
      Object.assign(user, {
        authProvider: {
          name: 'tokenFile',
          config: { tokenFile: isAbsolute(tokenFile) ? tokenFile : join(dirname(file), tokenFile) },
        },
      });
  }
}

/** Reads the files (merged like kubectl: the first file's current context wins) and binds the context. */
export function loadKubeconfig(files: string[], context?: string): KubeTarget {
  const readable = files.filter((f) => existsSync(f));
  if (!readable.length)
    throw new PilotError('config', `cannot read a kubeconfig at ${files.join(', ') || '~/.kube/config'}`, {
      hint: 'pass --kubeconfig FILE or set KUBECONFIG',
    });
  const load = (file: string) => {
    const one = new KubeConfig();
    one.loadFromFile(file);
    adoptTokenFiles(one, file);
    return one;
  };
  let kc: KubeConfig;
  try {
    kc = load(readable[0]);
    for (const f of readable.slice(1)) kc.mergeConfig(load(f), true);
  } catch (err) {
    throw new PilotError('config', `${readable.join(', ')}: not a usable kubeconfig: ${(err as Error).message}`);
  }
  const wanted = context ?? (kc.getCurrentContext() || undefined);
  const where = readable.join(', ');
  if (!wanted) throw new PilotError('config', `${where} has no current-context`, { hint: 'pass --kube-context NAME' });
  const ctx = kc.getContextObject(wanted);
  if (!ctx)
    throw new PilotError('config', `context "${wanted}" is not in ${where}`, {
      hint: `known contexts: ${
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none'
      }`,
    });
  kc.setCurrentContext(wanted);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new PilotError('config', `context "${wanted}": cluster "${ctx.cluster}" has no server in ${where}`);
  if (!kc.getCurrentUser())
    throw new PilotError('config', `context "${wanted}": user "${ctx.user}" is not in ${where}`);
  return { config: kc, context: wanted, server: cluster.server, namespace: ctx.namespace || null, source: where };
}

/** The pod's service account; built from our env slice (KubeConfig.loadFromCluster reads process.env itself). */
export function loadInCluster(env: Env, saDir = SA_DIR): KubeTarget {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new PilotError('config', 'KUBERNETES_SERVICE_HOST is not set: not running inside a cluster');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let namespace: string | null = null;
  try {
    namespace = readFileSync(join(saDir, 'namespace'), 'utf8').trim() || null;
  } catch {
    namespace = null;
  }
  const caFile = join(saDir, 'ca.crt');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, skipTLSVerify: false, ...(existsSync(caFile) ? { caFile } : {}) }],
    // tokenFile is re-read as the kubelet rotates the projected token.
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile: join(saDir, 'token') } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? { namespace } : {}) }],
    currentContext: 'in-cluster',
  });
  return { config: kc, context: 'in-cluster', server, namespace, source: 'in-cluster' };
}

/**
 * --kubeconfig, then KUBECONFIG; in a pod without either (and without --kube-context) the service account;
 * else ~/.kube/config.
 */
export function loadKubeTarget(env: Env, opts: KubeTargetOptions): KubeTarget {
  const named = !!opts.file || !!env.KUBECONFIG;
  if (!named && !opts.context && env.KUBERNETES_SERVICE_HOST) return loadInCluster(env);
  const files = findKubeconfigFiles(env, opts.file);
  if (!files.length) {
    throw new PilotError(
      'config',
      'no Kubernetes source: no k8s/ folder in the data directory, no --kubeconfig, no KUBECONFIG, no ~/.kube/config, not in a cluster',
      {
        hint: 'pass --data DIR with DIR/k8s/pods.json and events.json, or --kubeconfig FILE (and --kube-context NAME)',
      },
    );
  }
  return loadKubeconfig(files, opts.context);
}
