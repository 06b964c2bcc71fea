// A fake Kubernetes API server on loopback HTTPS (the official client refuses plain http unless TLS checks are off):
// pods (labelSelector), events, pod log, deployments (GET, strategic-merge PATCH, /scale PATCH), pod DELETE, nodes,
// /version; bearer-token auth; Status objects for errors (and `forbid` paths answered 403); requests recorded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readQuery, sendJson, type FakeServer, type RecordedRequest } from './tempo.js';

/**
 * A self-signed certificate for 127.0.0.1 (100 years), the fake's own CA: kubeconfigs trust it by
 * certificate-authority-data.
 */
const TLS_DIR = new URL('./tls/', import.meta.url);
export const FAKE_KUBE_CA = readFileSync(new URL('fake-kube-api.crt', TLS_DIR), 'utf8');
const FAKE_KUBE_KEY = readFileSync(new URL('fake-kube-api.key', TLS_DIR), 'utf8');

async function listenTls(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer({ cert: FAKE_KUBE_CA, key: FAKE_KUBE_KEY }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type Obj = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };

export interface FakeKubeOptions {
  token: string;
  pods?: Obj[];
  events?: Obj[];
  deployments?: Obj[];
  nodes?: Obj[];
  /** Log text by "namespace/pod". */
  logs?: Record<string, string>;
  /** Paths answered 403 Forbidden with a Status body, as RBAC does. */
  forbid?: string[];
}

export interface FakeKube extends FakeServer {
  pods: Obj[];
  deployments: Obj[];
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

/** Equality-based selectors only (a=b,c!=d): enough for the tests, independent of the code under test. */
function selects(selector: string | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split(/!=|==|=/).map((s) => s.trim());
    return term.includes('!=') ? labels?.[k] !== v : labels?.[k] === v;
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeKubeApi(opts: FakeKubeOptions): Promise<FakeKube> {
  const pods = [...(opts.pods ?? [])];
  const deployments = structuredClone(opts.deployments ?? []);
  const requests: RecordedRequest[] = [];
  const inNs = (ns: string) => (o: Obj) => o.metadata?.namespace === ns;
  const srv = await listenTls(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: readQuery(url), headers: req.headers, body });
    if (req.headers.authorization !== `Bearer ${opts.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const p = url.pathname;
    if (opts.forbid?.includes(p))
      return status(
        res,
        403,
        'Forbidden',
        `${method} ${p} is forbidden: User "fake-user" cannot do this at the cluster scope`,
      );
    if (p === '/version') return sendJson(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.0-fake' });
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p);
    if (m && method === 'GET') {
      const ns = m[1];
      return sendJson(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        items: pods
          .filter(inNs(ns))
          .filter((o) => selects(url.searchParams.get('labelSelector') ?? undefined, o.metadata?.labels)),
      });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/log)?$/.exec(p);
    if (m) {
      const [, ns, name, log] = m;
      const idx = pods.findIndex((o) => inNs(ns)(o) && o.metadata?.name === name);
      if (idx < 0) return status(res, 404, 'NotFound', `pods "${name}" not found`);
      if (log) {
        const lines = (
          opts.logs?.[`${ns}/${name}${url.searchParams.get('previous') === 'true' ? ':previous' : ''}`] ?? ''
        )
          .split('\n')
          .filter(Boolean);
        const tail = Number(url.searchParams.get('tailLines') ?? lines.length);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(lines.slice(-tail).join('\n') + '\n');
        return;
      }
      if (method === 'DELETE') {
        const [gone] = pods.splice(idx, 1);
        return sendJson(res, 200, gone);
      }
      return sendJson(res, 200, pods[idx]);
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/events$/.exec(p);
    if (m)
      return sendJson(res, 200, { kind: 'EventList', apiVersion: 'v1', items: (opts.events ?? []).filter(inNs(m[1])) });
    m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)(\/scale)?$/.exec(p);
    if (m) {
      const [, ns, name, scale] = m;
      const d = deployments.find((o) => inNs(ns)(o) && o.metadata?.name === name) as
        | (Obj & { spec: { replicas?: number; template?: { metadata?: { annotations?: Record<string, string> } } } })
        | undefined;
      if (!d) return status(res, 404, 'NotFound', `deployments.apps "${name}" not found`);
      if (method === 'GET' && !scale) return sendJson(res, 200, d);
      if (method === 'PATCH') {
        const type = req.headers['content-type'] ?? '';
        if (!/^application\/(strategic-merge-patch|merge-patch)\+json/.test(type))
          return status(
            res,
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
          );
        const patch = body as {
          spec?: { replicas?: number; template?: { metadata?: { annotations?: Record<string, string> } } };
        };
        if (scale) {
          d.spec.replicas = patch.spec?.replicas;
          return sendJson(res, 200, {
            kind: 'Scale',
            apiVersion: 'autoscaling/v1',
            metadata: { name, namespace: ns },
            spec: { replicas: d.spec.replicas },
          });
        }
        const ann = patch.spec?.template?.metadata?.annotations;
        if (ann) {
          d.spec.template ??= {};
          d.spec.template.metadata ??= {};
          d.spec.template.metadata.annotations = { ...d.spec.template.metadata.annotations, ...ann };
        }
        return sendJson(res, 200, d);
      }
    }
    m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(p);
    if (m) {
      const n = (opts.nodes ?? []).find((o) => o.metadata?.name === m?.[1]);
      return n ? sendJson(res, 200, n) : status(res, 404, 'NotFound', `nodes "${m[1]}" not found`);
    }
    status(res, 404, 'NotFound', `the server could not find the requested resource (${method} ${p})`);
  });
  return { url: srv.url, requests, close: srv.close, pods, deployments };
}

export interface KubeconfigUser {
  /** A static bearer token. */
  token?: string;
  /** client-go's tokenFile: a file holding the token. */
  tokenFile?: string;
  /** An exec credential plugin: the command and its arguments. */
  exec?: { command: string; args?: string[] };
}

export interface KubeconfigContext {
  name: string;
  namespace?: string;
  user?: KubeconfigUser;
}

/**
 * Writes a kubeconfig whose contexts point at the fake (trusting its CA), each with its own user; the first context is
 * the current one. Returns its path.
 */
export function writeKubeconfigFile(path: string, server: string, contexts: KubeconfigContext[]): string {
  const ca = Buffer.from(FAKE_KUBE_CA).toString('base64');
  const users = contexts.flatMap((c) => {
    const u = c.user ?? {};
    if (u.exec) {
      return [
        `- name: ${c.name}-user`,
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        `      command: ${JSON.stringify(u.exec.command)}`,
        `      args: ${JSON.stringify(u.exec.args ?? [])}`,
        '      interactiveMode: Never',
      ];
    }
    if (u.tokenFile) return [`- name: ${c.name}-user`, '  user:', `    tokenFile: ${JSON.stringify(u.tokenFile)}`];
    return [`- name: ${c.name}-user`, '  user:', `    token: ${u.token ?? ''}`];
  });
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${contexts[0].name}`,
      'clusters:',
      '- name: fake-cluster',
      '  cluster:',
      `    server: ${server}`,
      `    certificate-authority-data: ${ca}`,
      'users:',
      ...users,
      'contexts:',
      ...contexts.flatMap((c) => [
        `- name: ${c.name}`,
        '  context:',
        '    cluster: fake-cluster',
        `    user: ${c.name}-user`,
        ...(c.namespace ? [`    namespace: ${c.namespace}`] : []),
      ]),
      '',
    ].join('\n'),
  );
  return path;
}

/** Writes a kubeconfig whose context points at the fake with a bearer token; returns its path. */
export function writeKubeconfig(
  dir: string,
  server: string,
  token: string,
  context = 'fake-ctx',
  namespace?: string,
): string {
  return writeKubeconfigFile(join(dir, 'kubeconfig'), server, [{ name: context, namespace, user: { token } }]);
}
