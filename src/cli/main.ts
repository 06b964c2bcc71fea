// Entry point: argument parsing only; each command lives in its own file, loaded only when it runs.
import { Command, CommanderError } from 'commander';
import { describeError, EXIT_CODES, isPilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { addHelpTexts } from './help.js';

type Register = (program: Command) => Promise<void>;

/**
 * The commands, each imported on demand: a server subprocess or `patterns` need not load the
 * service, the LLM providers or the other commands, which keeps start-up short.
 */
const COMMANDS: Record<string, Register> = {
  analyze: async (p) => (await import('./analyze.js')).registerAnalyzeCommand(p, loadAnalyzeHooks),
  server: async (p) => (await import('./server.js')).registerServerCommand(p),
  eval: async (p) => (await import('./eval.js')).registerEvalCommand(p),
  doctor: async (p) => (await import('./doctor.js')).registerDoctorCommand(p),
  patterns: async (p) => (await import('./patterns.js')).registerPatternsCommand(p),
  serve: async (p) => (await import('./serve.js')).registerServeCommand(p),
};

/** The value of `--llm` in the arguments (`--llm x` or `--llm=x`), if given. */
function llmFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--llm' || a.startsWith('--llm='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice('--llm='.length) : argv[i + 1];
}

/**
 * The LLM analysts and the HTML writer for `analyze`, loaded when it runs. The AI SDK is not small: its analysts
 * are loaded only when one could be picked (an --llm provider named, or a provider configured for --llm auto);
 * otherwise the engine answers and selectAnalyst never looks at them. The HTML writer loads when it writes.
 */
async function loadAnalyzeHooks() {
  const [{ loadLlmEnv, PROVIDER_ENV }, { PilotError }] = await Promise.all([import('../llm/config.js'), import('../core/errors.js')]);
  const env = loadLlmEnv(process.cwd(), process.env);
  const flag = llmFlag(process.argv);
  const configured = Object.values(PROVIDER_ENV).some((vars) => vars.some((v) => env[v]?.trim()));
  const mayUseLlm = (flag !== undefined && flag !== 'none' && flag !== 'auto') || (flag !== 'none' && configured);
  let llmAnalysts;
  if (mayUseLlm) {
    const { createLlmAnalyst } = await import('../llm/cli-analyst.js');
    const deps = { env, cwd: process.cwd() };
    llmAnalysts = { ollama: createLlmAnalyst('ollama', deps), openai: createLlmAnalyst('openai', deps), anthropic: createLlmAnalyst('anthropic', deps) };
  }
  return {
    env,
    llmAnalysts,
    writeHtml: async (report: import('../report/schema.js').Report, path: string) => {
      const [{ renderHtml }, { writeFile }] = await Promise.all([import('../report/html.js'), import('node:fs/promises')]);
      try {
        await writeFile(path, renderHtml(report));
      } catch (err) {
        throw new PilotError('usage', `--html ${path}: cannot write: ${(err as Error).message}`);
      }
    },
  };
}

/** The program with the named commands, or all of them (for help, or a name we do not know). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('incident-pilot')
    .description('Find the root cause of a production incident from logs, metrics, deployments and commits, over MCP.')
    .version(PACKAGE_VERSION)
    .exitOverride();
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) await COMMANDS[name](program);
  addHelpTexts(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const first = argv[2];
    const program = await buildProgram(first && !first.startsWith('-') ? first : undefined);
    await program.parseAsync(argv);
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
