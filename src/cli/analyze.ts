// `incident-pilot analyze`: start the servers, let an analyst call their tools, print the report.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadServerConfig } from '../client/config.js';
import type { ToolRouter } from '../client/router.js';
import { startServers } from '../client/start.js';
import { PilotError } from '../core/errors.js';
import { parseAlertmanagerPayload, type AlertContext } from '../core/alert.js';
import { hasUsableData } from '../engine/verdict.js';
import type { InvestigateResult } from '../engine/investigate.js';
import { planAnalyst } from '../investigation/plan.js';
import { runInvestigation } from '../investigation/run.js';
import { LLM_CHOICES, type LlmChoice } from '../llm/config.js';
import { renderMarkdown } from '../report/markdown.js';
import { reportSchema, type Report } from '../report/schema.js';
import { renderTerminal, shouldColor } from '../report/terminal.js';
import type { SourceOptions } from '../servers/types.js';
import { addSourceFlags, toSourceOptions, type SourceFlags } from './options.js';
import { checkTimeFlags } from './time-flags.js';
import { displayServerName, Progress, type TextSink } from './progress.js';
import type { CliIo } from './io.js';

export { LLM_CHOICES, type LlmChoice } from '../llm/config.js';
export type OutputFormat = 'terminal' | 'json' | 'markdown';

export interface AnalyzeOptions {
  incident: string;
  source: SourceOptions;
  since?: string;
  until?: string;
  format: OutputFormat;
  explain: boolean;
  configFile?: string;
  servers?: string[];
  llm: LlmChoice;
  model?: string;
  redact: boolean;
  transcriptFile?: string;
  htmlFile?: string;
  /** The alert that started the investigation (--alert FILE, or DIR/alert.json). */
  alert?: AlertContext;
  /** Each of our servers in its own subprocess (--isolate-servers); default: in this process. */
  isolateServers?: boolean;
}

export interface AnalysisHooks {
  stdout: TextSink & { isTTY?: boolean };
  stderr: TextSink & { isTTY?: boolean };
  /** The configuration read at start-up (environment over .env): it picks the model, if any. */
  env: Readonly<Record<string, string | undefined>>;
  /** Writes the HTML report (--html); default: the HTML renderer to the file. */
  writeHtml?: (report: Report, path: string) => Promise<void>;
  /** Sees the router as soon as it exists, so a signal handler can stop the servers. */
  onRouter?: (router: ToolRouter | undefined) => void;
  /** No progress at all (eval runs many analyses). */
  quiet?: boolean;
}

/** The incident text: the argument, else the first line of DIR/incident.txt, else the alert's summary. */
export function resolveIncident(text: string | undefined, dataDir: string | undefined, alert?: AlertContext): string {
  if (text?.trim()) return text.trim();
  const file = dataDir ? join(dataDir, 'incident.txt') : undefined;
  if (file && existsSync(file)) {
    const first = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .find((l) => l.trim());
    if (first) return first.trim();
  }
  if (alert) return alert.text;
  throw new PilotError('usage', 'no incident given', {
    hint: 'pass it as an argument: incident-pilot analyze "500 errors on checkout API", put it in DIR/incident.txt, or give the alert with --alert FILE',
  });
}

/**
 * The alert: --alert FILE, else DIR/alert.json when the bundle has one. An unreadable alert names its file:
 * with --alert it stops the run (exit 2); a bundle's own alert.json that cannot be read is a warning only.
 */
export function resolveAlert(
  file: string | undefined,
  dataDir: string | undefined,
  warn: (m: string) => void = () => {},
): AlertContext | undefined {
  const path = file ?? (dataDir && existsSync(join(dataDir, 'alert.json')) ? join(dataDir, 'alert.json') : undefined);
  if (!path) return undefined;
  try {
    return parseAlertmanagerPayload(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    const message = `${file ? `--alert ${file}` : path}: ${(err as Error).message}`;
    if (file)
      throw new PilotError('usage', message, {
        hint: 'give the JSON body Alertmanager POSTs to a webhook receiver (version 4), see docs/data-formats.md',
      });
    warn(`${message}; the alert is ignored`);
    return undefined;
  }
}

/** Checks the contract before printing it: a broken report is an internal failure, named. */
export function validateReport(report: Report): string[] {
  const parsed = reportSchema.safeParse(report);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

export function renderReport(report: Report, format: OutputFormat, color: boolean): string {
  // One compact line: the report is read by programs (and passed around in shell variables), not by people.
  if (format === 'json') return `${JSON.stringify(report)}\n`;
  if (format === 'markdown') return renderMarkdown(report);
  return renderTerminal(report, { color });
}

export interface AnalysisOutcome {
  report: Report;
  result: InvestigateResult;
  /** Problems found in the report by the schema (empty when it meets the contract). */
  invalid: string[];
}

/** The whole flow, without printing the report: progress goes to hooks.stderr. */
export async function runAnalysis(options: AnalyzeOptions, hooks: AnalysisHooks): Promise<AnalysisOutcome> {
  const progress = new Progress(hooks.stderr, shouldColor(hooks.stderr, hooks.env), hooks.quiet);
  // Before any server starts: a model asked for (or found by auto) that cannot work stops here, naming the setting.
  const plan = planAnalyst(options.llm, hooks.env, options.model);
  const external = options.configFile ? await loadServerConfig(options.configFile) : [];

  progress.banner('INCIDENT PILOT: MULTI-SERVER MCP INCIDENT ANALYZER', options.incident);
  if (options.source.dataDir) progress.line(`Data: ${options.source.dataDir}`);
  let serverNames: string[] = [];
  const router = await startServers({
    source: options.source,
    servers: options.servers,
    external,
    isolate: options.isolateServers,
    onNote: (m) => progress.note(m),
    onStarting: (servers) => {
      const names = servers.map((s) => s.name);
      serverNames = names;
      progress.step(1, `Starting ${names.length} MCP server${names.length === 1 ? '' : 's'}...`);
      for (const s of servers) progress.item(`${displayServerName(s.name)} (${s.via})`);
      if (!names.length)
        progress.warn('no server is configured: point --data at an incident bundle, or see `incident-pilot doctor`');
      progress.step(2, 'Initializing MCP sessions...');
    },
  });
  hooks.onRouter?.(router);
  try {
    progress.step(3, 'Getting tools from all servers...');
    for (const s of router.servers)
      progress.item(`${displayServerName(s.name)}: ${s.tools.length} tool${s.tools.length === 1 ? '' : 's'}`);
    progress.step(4, 'Available tools:');
    for (const t of router.tools()) progress.item(`${t.name} (${displayServerName(t.server)})`);
    progress.step(5, `${plan.label} analyzing with MCP tools...`);
    router.onEvent((e) => progress.onRouterEvent(e));
    const result = await runInvestigation(router, {
      incident: options.incident,
      plan,
      since: options.since,
      until: options.until,
      explain: options.explain,
      alert: options.alert,
      onStep: (m) => progress.note(m),
      redact: options.redact,
      transcriptFile: options.transcriptFile,
    });
    const { report } = result;
    progress.complete(report.toolCalls, serverNames);
    if (options.explain) printExplanations(progress, result);
    if (options.htmlFile) {
      await (hooks.writeHtml ?? writeHtmlFile)(report, options.htmlFile);
      progress.line(`HTML report written to ${options.htmlFile}`);
    }
    return { report, result, invalid: validateReport(report) };
  } finally {
    hooks.onRouter?.(undefined);
    await router.close();
  }
}

/** The --html file: the renderer is loaded only when asked for. */
async function writeHtmlFile(report: Report, path: string): Promise<void> {
  const [{ renderHtml }, { writeFile }] = await Promise.all([
    import('../web/html-report.js'),
    import('node:fs/promises'),
  ]);
  try {
    await writeFile(path, renderHtml(report));
  } catch (err) {
    throw new PilotError('usage', `--html ${path}: cannot write: ${(err as Error).message}`);
  }
}

function printExplanations(progress: Progress, result: InvestigateResult): void {
  if (result.components?.length) {
    progress.line('Components, as ranked (metrics-first localization):');
    for (const c of result.components.slice(0, 8)) {
      progress.item(
        `${c.component}: ${Number(c.score.toFixed(3))}${c.anomalous ? '' : ' (did not change)'}${c.explainedBy ? ` -> explained by ${c.explainedBy}` : ''}${c.callers.length ? `, callers changed: ${c.callers.length}` : ''}, coverage ${c.coverage}`,
      );
      for (const n of c.notes) progress.note(`    ${n}`);
    }
  }
  if (result.gates?.length) {
    progress.line('Verdict:');
    for (const g of result.gates) progress.note(`    ${g}`);
  }
  progress.line('Suspects, as scored:');
  for (const s of result.explanations) {
    const parts = Object.entries(s.parts)
      .map(([k, v]) => `${k}=${Number(v.toFixed(3))}`)
      .join(' ');
    progress.item(`${s.label}: ${Number(s.score.toFixed(3))} (${parts})`);
    for (const n of s.notes) progress.note(`    ${n}`);
  }
  progress.line('');
}

interface AnalyzeFlags extends SourceFlags {
  alert?: string;
  since?: string;
  json?: boolean;
  markdown?: boolean;
  explain?: boolean;
  config?: string;
  servers?: string;
  llm: string;
  model?: string;
  redact: boolean;
  transcript?: string;
  html?: string;
  isolateServers?: boolean;
}

export function toAnalyzeOptions(
  incidentArg: string | undefined,
  flags: AnalyzeFlags,
  env: NodeJS.ProcessEnv,
  stderr: TextSink = process.stderr,
): AnalyzeOptions {
  if (flags.json && flags.markdown) throw new PilotError('usage', '--json and --markdown cannot be used together');
  if (!(LLM_CHOICES as readonly string[]).includes(flags.llm)) {
    throw new PilotError('usage', `--llm ${flags.llm}: unknown provider`, {
      hint: `choose one of: ${LLM_CHOICES.join(', ')}`,
    });
  }
  if (flags.html && !existsSync(dirname(resolve(flags.html))))
    throw new PilotError('usage', `--html ${flags.html}: no such directory: ${dirname(flags.html)}`);
  if (flags.transcript && !existsSync(dirname(resolve(flags.transcript))))
    throw new PilotError('usage', `--transcript ${flags.transcript}: no such directory: ${dirname(flags.transcript)}`);
  // Before anything starts: a time the servers cannot read would otherwise fail every tool call quietly.
  const times = checkTimeFlags({ since: flags.since, until: flags.until });
  const source = toSourceOptions({ ...flags, until: times.until }, env, true);
  const servers = flags.servers
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (flags.servers !== undefined && !servers?.length)
    throw new PilotError('usage', '--servers: give at least one server name');
  if (flags.alert && !existsSync(resolve(flags.alert)))
    throw new PilotError('usage', `--alert ${flags.alert}: no such file`);
  const alert = resolveAlert(flags.alert, source.dataDir, (m) => stderr.write(`incident-pilot: warning: ${m}\n`));
  return {
    incident: resolveIncident(incidentArg, source.dataDir, alert),
    alert,
    source,
    since: times.since,
    // Our servers take --until as their "now" (source.until); handing a relative one (2h) to the tools as well
    // would count it twice. A fixed time is the same either way, and reaches external servers too.
    until: times.untilIsAbsolute ? times.until : undefined,
    format: flags.json ? 'json' : flags.markdown ? 'markdown' : 'terminal',
    explain: flags.explain ?? false,
    configFile: flags.config,
    servers,
    llm: flags.llm as LlmChoice,
    model: flags.model,
    redact: flags.redact,
    transcriptFile: flags.transcript,
    htmlFile: flags.html,
    isolateServers: flags.isolateServers ?? false,
  };
}

/** Stops the servers on Ctrl-C / SIGTERM before exiting, so no server process outlives us. */
export function stopOnSignals(getRouter: () => ToolRouter | undefined, stderr: TextSink): () => void {
  const handler = (signal: NodeJS.Signals) => {
    stderr.write(`\nincident-pilot: ${signal}, stopping servers...\n`);
    const router = getRouter();
    const code = signal === 'SIGINT' ? 130 : 143;
    // Without a router yet, exiting closes the servers' stdin, which stops them.
    const closing = router ? router.close() : Promise.resolve();
    const bound = new Promise((r) => setTimeout(r, 5_000).unref());
    void Promise.race([closing, bound]).finally(() => process.exit(code));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Hooks given by main: the configuration read at start-up, or a loader of it (run only when analyze runs). */
export type ExtraHooks = Partial<AnalysisHooks> | (() => Promise<Partial<AnalysisHooks>>);

export function registerAnalyzeCommand(program: Command, io: CliIo, extraHooks: ExtraHooks = {}): void {
  addSourceFlags(
    program
      .command('analyze')
      .argument(
        '[incident]',
        'what is going wrong, as the on-call engineer would say it (default: the first line of DIR/incident.txt)',
      )
      .description(
        'find the root cause of an incident: start the MCP servers, analyze through their tools, print the report',
      ),
  )
    .option(
      '--since <time>',
      'start of the window: ISO 8601 (Z or an offset) or a duration back from --until, e.g. 3h (default: 6h before --until, clipped to the data)',
    )
    .option('--json', 'print only the report as one JSON object on stdout')
    .option('--markdown', 'print the report as Markdown on stdout')
    .option('--explain', 'show how each suspect was scored (on stderr)')
    .option('--config <file>', 'add external MCP servers (YAML or JSON, Claude Desktop "mcpServers" shape)')
    .option(
      '--servers <names>',
      'start only these servers (comma list, e.g. logs,git; default: every configured server)',
    )
    .option(
      '--llm <provider>',
      `analyst: ${LLM_CHOICES.join(' | ')} (auto: an LLM when one is configured, else the engine)`,
      'auto',
    )
    .option('--model <name>', 'model for the LLM analyst (default: OLLAMA_MODEL, OPENAI_MODEL or ANTHROPIC_MODEL)')
    .option('--no-redact', 'send log text to the LLM unredacted')
    .option('--transcript <file>', 'write the LLM conversation to this file (JSON lines, credentials masked)')
    .option('--html <file>', 'also write the report as a self-contained HTML file')
    .option(
      '--isolate-servers',
      'start each of our servers as its own subprocess over stdio, as other MCP clients do (slower to start; a server that crashes cannot stop the analysis)',
    )
    .option(
      '--alert <file>',
      "the alert that started it: an Alertmanager webhook payload (JSON); its startsAt anchors the onset, its labels name the symptom's component, its summary is the incident text when none is given (default: DIR/alert.json)",
    )
    .action(async (incidentArg: string | undefined, flags: AnalyzeFlags) => {
      const options = toAnalyzeOptions(incidentArg, flags, io.env, io.stderr);
      let router: ToolRouter | undefined;
      const dispose = stopOnSignals(() => router, io.stderr);
      try {
        const extra = typeof extraHooks === 'function' ? await extraHooks() : extraHooks;
        const hooks: AnalysisHooks = {
          stdout: io.stdout,
          stderr: io.stderr,
          env: io.env,
          ...extra,
          onRouter: (r) => (router = r),
        };
        const { report, invalid } = await runAnalysis(options, hooks);
        io.stdout.write(renderReport(report, options.format, shouldColor(io.stdout, io.env)));
        // Unreadable input is exit 2 (docs/report.md): the report above says what could not be read. Sources
        // left out on purpose (--servers git) are not unreadable: the report says there was nothing to analyse.
        if (
          !hasUsableData(report.sources) &&
          Object.values(report.sources).some((s) => s === 'no_data' || s === 'error')
        ) {
          io.stderr.write(
            `incident-pilot: no data to analyse: ${(report.warnings ?? []).slice(0, 3).join('; ') || 'no source that can show a failure gave anything to read'}\n`,
          );
          io.setExitCode(2);
        }
        if (invalid.length) {
          io.stderr.write(`incident-pilot: the report does not meet the contract: ${invalid.join('; ')}\n`);
          io.setExitCode(1);
        }
      } finally {
        dispose();
      }
    });
}
