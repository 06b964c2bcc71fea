// `incident-pilot doctor`: each configured server's health checks, and what would configure the others.
import type { Command } from 'commander';
import { describeError } from '../core/errors.js';
import { makeStyle, shouldColor, type Style } from '../report/terminal.js';
import { SERVERS } from '../servers/registry.js';
import type { HealthCheck, ServerSpec, SourceOptions } from '../servers/types.js';
import { addSourceFlags, SAMPLE_DATA_DIR, toSourceOptions, type SourceFlags } from './options.js';
import type { TextSink } from './progress.js';
import type { CliIo } from './io.js';

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
    return {
      server: spec.name,
      configured: true,
      backend: null,
      checks: [{ name: 'start', ok: false, detail: describeError(err) }],
    };
  }
}

export function isHealthy(results: ServerHealth[]): boolean {
  return results.every((r) => !r.configured || r.checks.every((c) => c.ok));
}

/**
 * What makes each server configured, in words, so doctor can say what it looked for. It mirrors each server's
 * isConfigured (src/servers/<name>/index.ts); a server missing here shows its summary instead.
 */
export const CONFIGURED_BY: Readonly<Record<string, string>> = {
  logs: 'DIR/logs, LOKI_URL, ELASTICSEARCH_URL',
  git: 'DIR/repo, DIR/repo.bundle, DIR/commits.json, DIR/deployments.json, GITHUB_TOKEN with --github or GITHUB_REPOSITORY',
  metrics: 'DIR/metrics, PROMETHEUS_URL, DD_API_KEY',
  traces: 'DIR/traces, TEMPO_URL, JAEGER_URL',
  k8s: 'DIR/k8s, --kubeconfig, KUBECONFIG, --kube-context, KUBERNETES_SERVICE_HOST (in-cluster)',
};

export interface DoctorContext {
  /** The --data directory, when one was given. */
  dataDir?: string;
  /** The bundled sample, which analyze, server and serve fall back to when nothing is configured. */
  sampleDir?: string;
}

export function renderHealth(
  results: ServerHealth[],
  specs: readonly ServerSpec[],
  style: Style = makeStyle(false),
  context: DoctorContext = {},
): string {
  const out: string[] = [];
  out.push(`Data: ${context.dataDir ?? 'none given (--data DIR)'}`, '');
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
    out.push('', style.bold(`Not configured (${others.length}), found none of:`));
    for (const r of others) {
      const spec = specs.find((s) => s.name === r.server);
      out.push(`  ${r.server}: ${CONFIGURED_BY[r.server] ?? spec?.summary ?? ''}`);
    }
    out.push(
      style.dim('  Configure one with --data DIR holding its part of the incident bundle (docs/data-formats.md),'),
    );
    out.push(style.dim('  or with its backend flags and environment variables (README, "Real backends").'));
  }
  out.push('');
  if (!configured.length) {
    // Nothing passed, because nothing was checked: say that, not "all checks pass".
    out.push(style.yellow('No server is configured, so no backend was checked.'));
    if (context.sampleDir) {
      out.push(
        `analyze, server and serve would use the bundled sample incident; to check it: incident-pilot doctor --data ${context.sampleDir}`,
      );
    }
  } else {
    const checks = configured.reduce((n, r) => n + r.checks.length, 0);
    const failed = configured.reduce((n, r) => n + r.checks.filter((c) => !c.ok).length, 0);
    out.push(
      isHealthy(results)
        ? style.green(
            `All configured checks pass (${checks} check${checks === 1 ? '' : 's'} on ${configured.length} server${configured.length === 1 ? '' : 's'}).`,
          )
        : style.red(`Some checks failed (${failed} of ${checks}).`),
    );
  }
  return `${out.join('\n')}\n`;
}

async function runDoctor(
  source: SourceOptions,
  stdout: TextSink & { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  const results: ServerHealth[] = [];
  for (const spec of SERVERS) results.push(await checkServer(spec, source));
  stdout.write(
    renderHealth(results, SERVERS, makeStyle(shouldColor(stdout, env)), {
      dataDir: source.dataDir,
      sampleDir: SAMPLE_DATA_DIR,
    }),
  );
  return isHealthy(results);
}

export function registerDoctorCommand(program: Command, io: CliIo): void {
  addSourceFlags(
    program.command('doctor').description('check each configured server: its backend and health checks'),
  ).action(async (flags: SourceFlags) => {
    const source = toSourceOptions(flags, io.env);
    const healthy = await runDoctor(source, io.stdout, io.env);
    io.setExitCode(healthy ? 0 : 1);
  });
}
