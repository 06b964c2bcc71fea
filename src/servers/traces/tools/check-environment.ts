// check_traces_environment: which traces backend is in use, whether it answers, and what is missing.
import { z } from 'zod';
import { checkEnvironmentOutput } from '../../../core/contracts/traces.js';
import { defineTool } from '../../../mcp/tool.js';
import type { TracesDeps } from './deps.js';

export function createTracesEnvironmentTool({ backend, source }: TracesDeps) {
  return defineTool({
    name: 'check_traces_environment',
    title: 'Check traces environment',
    description:
      'Say which traces backend this server uses (OTLP files, Tempo or Jaeger), whether it is reachable and accepts our credentials, its version, and which settings are missing. Call it when a traces tool fails or returns nothing.',
    input: z.object({}).strict(),
    output: checkEnvironmentOutput,
    async run() {
      const [info, checks] = await Promise.all([backend.probe(), backend.health()]);
      const env = source.env;
      const missing: string[] = [];
      if (backend.name === 'tempo' && !env.TEMPO_AUTH_USER)
        missing.push('TEMPO_AUTH_USER/TEMPO_AUTH_PASSWORD not set (fine if Tempo needs no auth)');
      if (backend.name === 'tempo' && !env.TEMPO_TENANT)
        missing.push('TEMPO_TENANT not set (needed only for a multi-tenant Tempo)');
      if (backend.name === 'file') missing.push('TEMPO_URL or JAEGER_URL not set: reading OTLP files only');
      if (!info.reachable)
        missing.push(backend.name === 'file' ? 'no readable trace files in traces/' : 'the backend did not answer');
      for (const w of backend.warnings().slice(0, 5))
        checks.push({ name: 'data', ok: false, detail: `${w.where}: ${w.message}` });
      return {
        server: 'traces',
        backend: backend.name,
        reachable: info.reachable,
        authenticated: info.authenticated,
        version: info.version,
        missing,
        checks,
      };
    },
    render(r) {
      return [
        `traces backend: ${r.backend}; reachable: ${r.reachable}; authenticated: ${r.authenticated ?? 'n/a'}; version: ${r.version ?? 'unknown'}`,
        ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        ...r.missing.map((m) => `missing: ${m}`),
      ].join('\n');
    },
  });
}
