// Reads a kubeconfig (or the in-cluster service account) into what a request needs: server, credentials, TLS.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PilotError } from '../../core/errors.js';

export interface KubeConnection {
  server: string;
  /** Name of the context, or "in-cluster". */
  context: string;
  /** The namespace the context names, if any. */
  namespace: string | null;
  /** Returns the Authorization header value (service account tokens rotate, so it is read per request). */
  authorization: () => string | null;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTlsVerify: boolean;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

interface Named<T> {
  name?: string;
  [k: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}
type Rec = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** `*-data` (base64) or a file path relative to the kubeconfig. */
function readMaterial(obj: Rec, field: string, baseDir: string): Buffer | undefined {
  const data = str(obj[`${field}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const path = str(obj[field]);
  if (path) return readFileSync(isAbsolute(path) ? path : join(baseDir, path));
  return undefined;
}

export function loadInCluster(env: Readonly<Record<string, string | undefined>>, saDir = SA_DIR): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new PilotError('config', 'KUBERNETES_SERVICE_HOST is not set: not running inside a cluster');
  let namespace: string | null = null;
  try {
    namespace = readFileSync(join(saDir, 'namespace'), 'utf8').trim() || null;
  } catch {
    namespace = null;
  }
  let ca: Buffer | undefined;
  try {
    ca = readFileSync(join(saDir, 'ca.crt'));
  } catch {
    ca = undefined;
  }
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    context: 'in-cluster',
    namespace,
    authorization: () => {
      try {
        return `Bearer ${readFileSync(join(saDir, 'token'), 'utf8').trim()}`;
      } catch {
        return null;
      }
    },
    ca,
    insecureSkipTlsVerify: false,
  };
}

/** KUBECONFIG (first existing file of the list) or ~/.kube/config; the given context or the current one. */
export function loadKubeconfig(env: Readonly<Record<string, string | undefined>>, contextName?: string): KubeConnection {
  const candidates = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(env.HOME ?? homedir(), '.kube', 'config')];
  let text: string | undefined;
  let file = candidates[0];
  for (const c of candidates) {
    try {
      text = readFileSync(c, 'utf8');
      file = c;
      break;
    } catch {
      // next
    }
  }
  if (text === undefined) throw new PilotError('config', `cannot read a kubeconfig at ${candidates.join(', ')}`, { hint: 'set KUBECONFIG to your kubeconfig file' });
  let doc: Rec;
  try {
    doc = (parseYaml(text) ?? {}) as Rec;
  } catch (err) {
    throw new PilotError('config', `${file}: not YAML: ${(err as Error).message}`);
  }
  const list = (k: string) => (Array.isArray(doc[k]) ? (doc[k] as Named<Rec>[]) : []);
  const wanted = contextName ?? str(doc['current-context']);
  if (!wanted) throw new PilotError('config', `${file} has no current-context`, { hint: 'pass --kube-context NAME' });
  const ctx = list('contexts').find((c) => c.name === wanted)?.context;
  if (!ctx) throw new PilotError('config', `context "${wanted}" is not in ${file}`, { hint: `known contexts: ${list('contexts').map((c) => c.name).join(', ') || 'none'}` });
  const cluster = list('clusters').find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster || !str(cluster.server)) throw new PilotError('config', `context "${wanted}": cluster "${String(ctx.cluster)}" has no server in ${file}`);
  const user = list('users').find((u) => u.name === ctx.user)?.user ?? {};
  if (user.exec || user['auth-provider']) {
    throw new PilotError('config', `context "${wanted}": user "${String(ctx.user)}" uses an exec/auth-provider plugin, which incident-pilot does not run`, {
      hint: 'use a kubeconfig user with a token (or client certificate), e.g. a service account token',
    });
  }
  const baseDir = dirname(file);
  const token = str(user.token);
  const tokenFile = str(user.tokenFile);
  const basic = str(user.username) ? `Basic ${Buffer.from(`${str(user.username)}:${str(user.password) ?? ''}`).toString('base64')}` : null;
  return {
    server: str(cluster.server) as string,
    context: wanted,
    namespace: str(ctx.namespace) ?? null,
    authorization: () => {
      if (token) return `Bearer ${token}`;
      if (tokenFile) return `Bearer ${readFileSync(isAbsolute(tokenFile) ? tokenFile : join(baseDir, tokenFile), 'utf8').trim()}`;
      return basic;
    },
    ca: readMaterial(cluster, 'certificate-authority', baseDir),
    cert: readMaterial(user, 'client-certificate', baseDir),
    key: readMaterial(user, 'client-key', baseDir),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}
