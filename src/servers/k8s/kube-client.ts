// A small Kubernetes REST client over node:http(s). @kubernetes/client-node 2.x does not load on Node 20
// (its bundled undici needs zlib zstd from Node 22), and global fetch cannot take a CA or client cert.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ToolError } from '../../mcp/tool.js';
import type { KubeConnection } from './kubeconfig.js';

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /** Text rather than JSON (pod logs). */
  text?: boolean;
  signal?: AbortSignal;
}

export interface KubeResponse {
  status: number;
  body: string;
}

export interface KubeClient {
  readonly connection: KubeConnection;
  /** JSON (or text) of a 2xx answer; null on 404; a ToolError naming what to fix otherwise. */
  call<T>(req: KubeRequest, what: string): Promise<T | null>;
  raw(req: KubeRequest): Promise<KubeResponse>;
}

const TIMEOUT_MS = 15_000;

function statusMessage(body: string): string {
  try {
    const s = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
    if (s.kind === 'Status' && s.message) return `${s.reason ? `${s.reason}: ` : ''}${s.message}`;
  } catch {
    // not a Status object
  }
  return body.slice(0, 200);
}

export function createKubeClient(conn: KubeConnection): KubeClient {
  const raw = (req: KubeRequest): Promise<KubeResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(conn.server.replace(/\/$/, '') + req.path);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
      const headers: Record<string, string> = { accept: req.text ? 'text/plain, */*' : 'application/json' };
      const auth = conn.authorization();
      if (auth) headers.authorization = auth;
      let payload: string | undefined;
      if (req.body !== undefined) {
        payload = JSON.stringify(req.body);
        headers['content-type'] = req.contentType ?? 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const isHttps = url.protocol === 'https:';
      const send = isHttps ? httpsRequest : httpRequest;
      const r = send(
        url,
        {
          method: req.method,
          headers,
          timeout: TIMEOUT_MS,
          signal: req.signal,
          ...(isHttps ? { ca: conn.ca, cert: conn.cert, key: conn.key, rejectUnauthorized: !conn.insecureSkipTlsVerify } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      r.on('error', reject);
      r.end(payload);
    });

  return {
    connection: conn,
    raw,
    async call<T>(req: KubeRequest, what: string): Promise<T | null> {
      let res: KubeResponse;
      try {
        res = await raw(req);
      } catch (err) {
        throw new ToolError(`cannot reach the Kubernetes API at ${conn.server} (context ${conn.context}) to ${what}: ${(err as Error).message}; check the kubeconfig server and network`);
      }
      if (res.status === 404) return null;
      if (res.status === 401) throw new ToolError(`the Kubernetes API rejected our credentials (HTTP 401) for context ${conn.context}; check the kubeconfig user (KUBECONFIG, --kube-context)`);
      if (res.status === 403) throw new ToolError(`not allowed to ${what} (HTTP 403, context ${conn.context}): ${statusMessage(res.body)}; the user or service account needs RBAC permission for it`);
      if (res.status < 200 || res.status >= 300) throw new ToolError(`Kubernetes API error while trying to ${what} (HTTP ${res.status}): ${statusMessage(res.body)}`);
      if (req.text) return res.body as T;
      try {
        return JSON.parse(res.body) as T;
      } catch {
        throw new ToolError(`the Kubernetes API answered with something that is not JSON while trying to ${what}`);
      }
    },
  };
}
