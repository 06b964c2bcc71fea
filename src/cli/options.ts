// Source options shared by every command that starts servers: parsed once from flags and env.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PilotError } from '../core/errors.js';
import type { SourceOptions } from '../servers/types.js';
import { checkTimeFlags } from './time-flags.js';

/** The sample incident shipped inside the package, so a newcomer's first command works. */
export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../samples/checkout-db-pool', import.meta.url));

export interface SourceFlags {
  data?: string;
  until?: string;
  github?: string;
  kubeContext?: string;
  kubeconfig?: string;
  namespace?: string;
  allowWrites?: boolean;
}

export function addSourceFlags(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'incident bundle directory (logs/, metrics/, repo/ or repo.bundle or commits.json, deployments.json, traces/, k8s/); default for analyze, server and serve: the bundled sample when nothing else is configured')
    .option('--until <time>', 'treat this time as "now": ISO 8601 (Z or an offset), epoch seconds, or a duration back from the end of the data (default: the end of the data; live backends: now)')
    .option('--github <owner/repo>', 'read commits and deployments from GitHub (needs GITHUB_TOKEN)')
    .option('--kube-context <name>', 'Kubernetes context to bind the k8s server to (default: the kubeconfig\'s current context)')
    .option('--kubeconfig <file>', 'kubeconfig for the k8s server (default: KUBECONFIG, else ~/.kube/config, else in-cluster); exec and auth-provider logins (EKS, GKE, AKS) run as kubectl runs them')
    .option('--namespace <ns>', 'Kubernetes namespace to bind the k8s server to (repeatable as a comma list)')
    .option('--allow-writes', 'expose write tools (k8s restarts and scaling), each confirmed and audited', false);
}

export function resolveDataDir(dir: string | undefined, fallbackToSample: boolean): string | undefined {
  if (!dir) return fallbackToSample ? SAMPLE_DATA_DIR : undefined;
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new PilotError('usage', `--data ${dir}: no such directory`, { hint: 'point --data at an incident bundle (see docs/data-formats.md)' });
  }
  return abs;
}

export function toSourceOptions(flags: SourceFlags, env: NodeJS.ProcessEnv, fallbackToSample = false): SourceOptions {
  // A --until the servers cannot read would fail each of their tool calls; refuse it here, naming the flag.
  if (flags.until !== undefined) checkTimeFlags({ until: flags.until });
  return Object.freeze({
    dataDir: resolveDataDir(flags.data, fallbackToSample && !flags.github),
    env: Object.freeze({ ...env }),
    until: flags.until,
    allowWrites: flags.allowWrites ?? false,
    extra: Object.freeze({ github: flags.github, kubeContext: flags.kubeContext, kubeconfig: flags.kubeconfig && resolve(flags.kubeconfig), namespace: flags.namespace }),
  });
}

/** Turns source options back into CLI arguments, for starting a server subprocess. */
export function toServerArgs(opts: SourceOptions): string[] {
  const args: string[] = [];
  if (opts.dataDir) args.push('--data', opts.dataDir);
  if (opts.until) args.push('--until', opts.until);
  if (opts.allowWrites) args.push('--allow-writes');
  const extra = opts.extra ?? {};
  if (typeof extra.github === 'string') args.push('--github', extra.github);
  if (typeof extra.kubeContext === 'string') args.push('--kube-context', extra.kubeContext);
  if (typeof extra.kubeconfig === 'string') args.push('--kubeconfig', extra.kubeconfig);
  if (typeof extra.namespace === 'string') args.push('--namespace', extra.namespace);
  return args;
}
