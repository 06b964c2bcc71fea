// `incident-pilot doctor`: each configured server's health checks, and what would configure the others.
import type { Command } from 'commander';
import { describeError } from '../core/errors.js';
import { makeStyle, shouldColor, type Style } from '../report/terminal.js';
import { SERVERS } from '../servers/registry.js';
import type { HealthCheck, ServerSpec, SourceOptions } from '../servers/types.js';
import { addSourceFlags, toSourceOptions, type SourceFlags } from './options.js';
import type { TextSink } from './progress.js';

export interface ServerHealth {
  server: string;
  configured: boolean;
  backend: string | null;
  checks: HealthCheck[];
}

/** Creates a configured server in-process and runs its checks; a failure to start is a failed check. */
export async function checkServer(spec: ServerSpec, source: SourceOptions): Promise<ServerHealth> {
  if (!spec.isConfigured(source)) return { server: spec.name, configured: false, backend: null, checks: [] };
  try {
    const instance = await spec.create(source);
    try {
      const checks = await instance.checkHealth();
      return { server: spec.name, configured: true, backend: instance.backend, checks };
    } finally {
      await instance.close().catch(() => {});
    }
  } catch (err) {
    return { server: spec.name, configured: true, backend: null, checks: [{ name: 'start', ok: false, detail: describeError(err) }] };
  }
}

export function isHealthy(results: ServerHealth[]): boolean {
  return results.every((r) => !r.configured || r.checks.every((c) => c.ok));
}

export function renderHealth(results: ServerHealth[], specs: readonly ServerSpec[], style: Style = makeStyle(false)): string {
  const out: string[] = [];
  const configured = results.filter((r) => r.configured);
  out.push(style.bold(`Configured servers (${configured.length}):`));
  if (!configured.length) out.push('  (none)');
  for (const r of configured) {
    out.push(`  ${r.server} ${style.dim(`(backend: ${r.backend ?? 'failed to start'})`)}`);
    if (!r.checks.length) out.push(style.dim('    (declares no checks)'));
    for (const c of r.checks) out.push(`    ${c.ok ? style.green('ok  ') : style.red('FAIL')} ${c.name}: ${c.detail}`);
  }
  const others = results.filter((r) => !r.configured);
  if (others.length) {
    out.push('', style.bold(`Not configured (${others.length}):`));
    for (const r of others) {
      const spec = specs.find((s) => s.name === r.server);
      out.push(`  ${r.server}: ${spec?.summary ?? ''}`);
    }
    out.push(style.dim('  Configure one with --data DIR holding its part of the incident bundle (docs/data-formats.md),'));
    out.push(style.dim('  or with its backend flags and environment variables (README, "Real backends").'));
  }
  out.push('', isHealthy(results) ? style.green('All configured checks pass.') : style.red('Some checks failed.'));
  return `${out.join('\n')}\n`;
}

export async function runDoctor(source: SourceOptions, stdout: TextSink & { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  const results: ServerHealth[] = [];
  for (const spec of SERVERS) results.push(await checkServer(spec, source));
  stdout.write(renderHealth(results, SERVERS, makeStyle(shouldColor(stdout, env))));
  return isHealthy(results);
}

export function registerDoctorCommand(program: Command): void {
  addSourceFlags(program.command('doctor').description('check each configured server: its backend and health checks')).action(async (flags: SourceFlags) => {
    const source = toSourceOptions(flags, process.env);
    if (source.dataDir) process.stdout.write(`Data: ${source.dataDir}\n\n`);
    const healthy = await runDoctor(source, process.stdout, process.env);
    process.exitCode = healthy ? 0 : 1;
  });
}
