// Entry point: argument parsing only; each command lives in its own file.
import { Command, CommanderError } from 'commander';
import { describeError, EXIT_CODES, isPilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { registerServerCommand } from './server.js';

export function buildProgram(): Command {
  const program = new Command('incident-pilot')
    .description('Find the root cause of a production incident from logs, metrics, deployments and commits, over MCP.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerServerCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`incident-pilot: ${describeError(err)}\n`);
    if (process.env.INCIDENT_PILOT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = isPilotError(err) ? EXIT_CODES[err.code] : 1;
  }
}

await main(process.argv);
