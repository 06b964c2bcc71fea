// What a traces backend's probe says when the server could not be reached or refused our credentials.
import { redactUrl } from '../../../core/http.js';
import type { BackendInfo } from '../backend.js';

/** The answer for an unreachable server or a 401/403, or null when the probe got through and the backend reads on. */
export function probeFailure(
  r: { status: number | null; problem: string | null },
  url: string,
  refused: string,
): BackendInfo | null {
  if (r.status === null)
    return {
      reachable: false,
      authenticated: null,
      version: null,
      detail: `cannot reach ${redactUrl(url)}: ${r.problem}`,
    };
  if (r.status === 401 || r.status === 403)
    return { reachable: true, authenticated: false, version: null, detail: `HTTP ${r.status}${refused}` };
  return null;
}
