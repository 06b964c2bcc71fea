// Runs `incident-pilot serve` from the built dist/ with the same error handling as the CLI entry,
// so the tests do not depend on the line that registers the command in src/cli/main.ts.
import { Command, CommanderError } from 'commander';

const { registerServeCommand } = await import('../../dist/cli/serve.js');
const { describeError, EXIT_CODES, isPilotError } = await import('../../dist/core/errors.js');

const program = new Command('incident-pilot').exitOverride();
registerServeCommand(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  process.stderr.write(`incident-pilot: ${describeError(err)}\n`);
  process.exit(isPilotError(err) ? EXIT_CODES[err.code] : 1);
}
