// check_<server>_environment for the logs, metrics and git servers: which backend, reachable, authenticated, version,
// what is missing.
import { z } from 'zod';
import { checkEnvironmentOutput } from '../core/contracts/traces.js';
import { defineTool } from '../mcp/tool.js';
import type { HealthCheck } from './types.js';

export interface ProbeResult {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

/** A backend as check_environment sees it; live backends add probe(). */
export interface CheckableBackend {
  readonly name: string;
  health(): Promise<HealthCheck[]>;
  warnings(): Array<{ where: string; message: string }>;
  probe?(): Promise<ProbeResult>;
}

export interface EnvironmentDeps {
  server: 'logs' | 'metrics' | 'git';
  backend: CheckableBackend;
  /** Settings or data absent from this configuration, each with what it would enable. */
  missing: string[];
}

export function createCheckEnvironmentTool({ server, backend, missing }: EnvironmentDeps) {
  return defineTool({
    // One name per server: the client's router refuses a tool name offered by two servers.
    name: `check_${server}_environment`,
    title: `Check ${server} environment`,
    description:
      `Say which ${server} backend this server uses (files or a live service), whether it is reachable and accepts our credentials, ` +
      `its version, and which settings are missing. Call it when a ${server} tool fails or returns nothing.`,
    input: z.strictObject({}),
    output: checkEnvironmentOutput,
    annotations: { readOnlyHint: true },
    async run() {
      const checks = await backend.health();
      const probe = backend.probe ? await backend.probe() : null;
      for (const w of backend.warnings().slice(0, 5))
        checks.push({ name: 'data', ok: false, detail: `${w.where}: ${w.message}` });
      const reachable = probe ? probe.reachable : checks.every((c) => c.ok) || checks.some((c) => c.ok);
      const notes = [...missing];
      if (probe && !probe.reachable) notes.push(`the ${backend.name} backend did not answer: ${probe.detail}`);
      return {
        server,
        backend: backend.name,
        reachable,
        authenticated: probe?.authenticated ?? null,
        version: probe?.version ?? null,
        missing: notes,
        checks,
      };
    },
    render(r) {
      return [
        `${r.server} backend: ${r.backend}; reachable: ${r.reachable}; authenticated: ${r.authenticated ?? 'n/a'}; version: ${r.version ?? 'unknown'}`,
        ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        ...r.missing.map((m) => `missing: ${m}`),
      ].join('\n');
    },
  });
}
