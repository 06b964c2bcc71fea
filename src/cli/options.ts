// Source options shared by every command that starts servers: parsed once from flags and env.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PilotError } from '../core/errors.js';
import { readServerFlags, SERVER_FLAGS } from '../servers/registry.js';
import type { SourceOptions } from '../servers/types.js';
import { checkTimeFlags } from './time-flags.js';

/** The sample incident shipped inside the package, so a newcomer's first command works. */
export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../samples/checkout-db-pool', import.meta.url));

export interface SourceFlags {
  data?: string;
  until?: string;
  allowWrites?: boolean;
  /** Each server's own flags (SERVER_FLAGS in the registry), by commander's camelCase key. */
  [serverFlag: string]: unknown;
}

export function addSourceFlags(cmd: Command): Command {
  cmd
    .option(
      '--data <dir>',
      'incident bundle directory (logs/, metrics/, repo/ or repo.bundle or commits.json, deployments.json, traces/, k8s/); default for analyze, server and serve: the bundled sample when nothing else is configured',
    )
    .option(
      '--until <time>',
      'treat this time as "now": ISO 8601 (Z or an offset), epoch seconds, or a duration back from the end of the data (default: the end of the data; live backends: now)',
    );
  for (const flag of SERVER_FLAGS) cmd.option(flag.option, flag.description);
  return cmd.option(
    '--allow-writes',
    'expose write tools (k8s restarts and scaling), each confirmed and audited',
    false,
  );
}

function resolveDataDir(dir: string | undefined, fallbackToSample: boolean): string | undefined {
  if (!dir) return fallbackToSample ? SAMPLE_DATA_DIR : undefined;
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new PilotError('usage', `--data ${dir}: no such directory`, {
      hint: 'point --data at an incident bundle (see docs/data-formats.md)',
    });
  }
  return abs;
}

export function toSourceOptions(flags: SourceFlags, env: NodeJS.ProcessEnv, fallbackToSample = false): SourceOptions {
  // A --until the servers cannot read would fail each of their tool calls; refuse it here, naming the flag.
  if (flags.until !== undefined) checkTimeFlags({ until: flags.until });
  const extra = readServerFlags(flags);
  const liveSource = SERVER_FLAGS.some((f) => f.replacesSample && extra[f.key]);
  return Object.freeze({
    dataDir: resolveDataDir(flags.data, fallbackToSample && !liveSource),
    env: Object.freeze({ ...env }),
    until: flags.until,
    allowWrites: flags.allowWrites ?? false,
    extra: Object.freeze(extra),
  });
}
