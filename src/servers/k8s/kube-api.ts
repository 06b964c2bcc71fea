// The official client's APIs for one bound context, and the one place its failures become tool errors.
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  Observable,
  PatchStrategy,
  VersionApi,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { ToolError } from '../../mcp/tool.js';
import type { KubeTarget } from './kubeconfig.js';

const TIMEOUT_MS = 15_000;

export interface KubeApi {
  readonly target: KubeTarget;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly version: VersionApi;
  /** Per-call options: the caller's abort signal plus our timeout, and a patch content type if any. */
  options(signal?: AbortSignal, patch?: PatchStrategy): ConfigurationOptions;
  /** The call's result as plain JSON; null on 404; a ToolError naming what to fix otherwise. */
  call<T>(what: string, run: () => Promise<unknown>): Promise<T | null>;
}

/** "Reason: message" of a Kubernetes Status body (string or parsed), else the start of the body. */
export function statusMessage(body: unknown): string {
  let s: unknown = body;
  if (typeof body === 'string') {
    try {
      s = JSON.parse(body);
    } catch {
      return body.slice(0, 200);
    }
  }
  const st = s as { kind?: string; message?: string; reason?: string } | null;
  if (st && typeof st === 'object' && st.message) return `${st.reason ? `${st.reason}: ` : ''}${st.message}`;
  return JSON.stringify(s ?? '').slice(0, 200);
}

/**
 * Kubernetes writes RFC 3339 seconds; the client hands back Date objects, so put them back the way kubectl shows them.
 */
function toTimestamp(d: Date): string | null {
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.000Z$/, 'Z');
}

/** The client's model objects as the API's JSON (the models keep the wire names; only dates differ). */
export function toWireJson<T>(value: unknown): T {
  if (typeof value === 'string' || value === null || value === undefined) return value as T;
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = this[key];
      return raw instanceof Date ? toTimestamp(raw) : v;
    }),
  ) as T;
}

/** The ApiException's status and body, for callers that judge statuses themselves (health). */
export function apiStatusOf(err: unknown): { code: number; body: unknown } | null {
  return err instanceof ApiException ? { code: err.code, body: err.body } : null;
}

/** The reason under undici's "fetch failed" (ECONNREFUSED, a TLS error), or the error's own message. */
export function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS} ms`;
  return e?.cause?.message ?? e?.cause?.code ?? e?.message ?? String(err);
}

function middleware(signal: AbortSignal, patch?: PatchStrategy) {
  return {
    pre(ctx: RequestContext) {
      ctx.setSignal(signal);
      if (patch) ctx.setHeaderParam('Content-Type', patch);
      return new Observable(Promise.resolve(ctx));
    },
    post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
  };
}

export function createKubeApi(target: KubeTarget): KubeApi {
  const { config, context, server } = target;
  return {
    target,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    version: config.makeApiClient(VersionApi),
    options(signal, patch) {
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      return {
        middleware: [middleware(signal ? AbortSignal.any([signal, timeout]) : timeout, patch)],
        middlewareMergeStrategy: 'append',
      };
    },
    async call<T>(what: string, run: () => Promise<unknown>): Promise<T | null> {
      let result: unknown;
      try {
        result = await run();
      } catch (err) {
        if (!(err instanceof ApiException)) {
          throw new ToolError(
            `cannot reach the Kubernetes API at ${server} (context ${context}) to ${what}: ${causeOf(err)}; check the kubeconfig server, the network and any exec or auth-provider login`,
          );
        }
        const code = err.code;
        if (code === 404) return null;
        if (code === 401)
          throw new ToolError(
            `the Kubernetes API rejected our credentials (HTTP 401) for context ${context}; check the kubeconfig user (--kubeconfig, KUBECONFIG, --kube-context)`,
          );
        if (code === 403)
          throw new ToolError(
            `not allowed to ${what} (HTTP 403, context ${context}): ${statusMessage(err.body)}; the user or service account needs RBAC permission for it`,
          );
        throw new ToolError(
          `Kubernetes API error while trying to ${what} (HTTP ${code}, context ${context}): ${statusMessage(err.body)}`,
        );
      }
      return toWireJson<T>(result);
    },
  };
}
