// `incident-pilot serve`: the shared HTTP service (MCP gateway, investigations API, health and metrics).
import type { Command } from 'commander';
import { configuredServers } from '../client/start.js';
import { describeError } from '../core/errors.js';
import { planAnalystOrEngine } from '../investigation/plan.js';
import { loadLlmEnv, type Env } from '../llm/config.js';
import { hashToken } from '../service/auth.js';
import { loadServiceConfig, type ServeFlags } from '../service/config.js';
import { startService, type StartServiceOptions } from '../service/service.js';
import { addSourceFlags, toSourceOptions, type SourceFlags } from './options.js';

/** What an investigation started with llm "auto" will use here, for the web app's analyst choice. */
export function describeAutoAnalyst(env: Env): string {
  const plan = planAnalystOrEngine('auto', env);
  if (plan.kind === 'llm') return `llm:${plan.config.kind}/${plan.config.model}`;
  // A provider is set but cannot work (e.g. OPENAI_BASE_URL without a model): runs fall back to the engine.
  return plan.failure ? `engine (the LLM is misconfigured: ${describeError(plan.failure.error)})` : 'engine';
}

/** What `serve` starts the service with, from its flags and environment; `notice` is for stderr. */
export function serviceOptions(
  flags: SourceFlags & ServeFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { options: StartServiceOptions; notice?: string } {
  const config = loadServiceConfig(flags, env, hashToken);
  // Like analyze, a first run with nothing configured serves the bundled sample incident, and says so.
  const configured = configuredServers(toSourceOptions(flags, env, false));
  const source = toSourceOptions(flags, env, configured.length === 0);
  const llmEnv = loadLlmEnv(cwd, env);
  const ui = { sample: !configured.length, autoAnalyst: describeAutoAnalyst(llmEnv) };
  return {
    options: { config, source, llmEnv, ui },
    notice: configured.length
      ? undefined
      : `incident-pilot serve: no data or backend configured; serving the bundled sample incident (${source.dataDir})`,
  };
}

export function registerServeCommand(program: Command): void {
  addSourceFlags(
    program
      .command('serve')
      .description(
        'run the HTTP service: MCP at /mcp (and /mcp/<server>, /sse), investigations at /api/investigations, /health, /ready, /metrics',
      )
      .option(
        '--host <address>',
        'address to listen on (without INCIDENT_PILOT_TOKENS or a JWT setting, loopback only)',
        '127.0.0.1',
      )
      .option('--port <n>', 'port to listen on (0 picks a free one)', '10002')
      .option(
        '--db <file>',
        'SQLite database file (ignored when DATABASE_URL is set; default: $XDG_STATE_HOME/incident-pilot/incident-pilot.db, else ~/.local/state/incident-pilot/)',
      ),
  ).action(async (flags: SourceFlags & ServeFlags) => {
    const { options, notice } = serviceOptions(flags, process.env, process.cwd());
    if (notice) process.stderr.write(`${notice}\n`);
    const service = await startService(options);
    // The one line a supervisor or a test waits for; logs are JSON on stderr.
    process.stdout.write(`incident-pilot serve listening on ${service.url}\n`);
    const stop = (signal: string) => {
      void service.shutdown(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
