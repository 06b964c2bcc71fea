// `incident-pilot eval DIR`: analyze every scenario with a truth.json and score the answers (truth read after).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeError, PilotError } from '../core/errors.js';
import type { Hypothesis } from '../report/schema.js';
import { makeStyle, shouldColor } from '../report/terminal.js';
import { runAnalysis, type AnalysisHooks } from './analyze.js';
import { toSourceOptions } from './options.js';
import type { CliIo } from './io.js';

const truthSchema = z.object({
  service: z.string().nullable().optional(),
  culprit_service: z.string().nullable().optional(),
  deployment: z.string().nullable().optional(),
  commit: z.string().nullable().optional(),
  dependency: z.string().nullable().optional(),
  category: z.string(),
});
export type Truth = z.infer<typeof truthSchema>;
type Got = Pick<Hypothesis, 'category' | 'service' | 'deployment' | 'commit' | 'dependency'>;

/** The project's judge of the culprit: the change to blame, or (no change to blame) none and a named cause. */
export function judgeCulprit(got: Got, truth: Truth): boolean {
  if (!truth.commit && !truth.deployment) {
    if (got.commit || got.deployment) return false;
    // A named dependency must be the right one; otherwise the no-change verdict with the right category.
    if (truth.dependency) return got.dependency?.toLowerCase() === truth.dependency.toLowerCase();
    return Boolean(got.dependency) || got.category === truth.category;
  }
  if (got.commit && got.commit.length >= 7 && truth.commit?.toLowerCase().startsWith(got.commit.toLowerCase()))
    return true;
  return Boolean(got.deployment) && got.deployment === truth.deployment;
}

function expectedService(truth: Truth): string | null {
  return truth.service ?? truth.culprit_service ?? null;
}

/** Scenario directories under DIR (and DIR itself) that carry a truth.json, sorted by name. */
export function findScenarios(dir: string): string[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new PilotError('usage', `eval ${dir}: no such directory`);
  const found = existsSync(join(root, 'truth.json')) ? [root] : [];
  for (const name of readdirSync(root).sort()) {
    const sub = join(root, name);
    if (statSync(sub).isDirectory() && existsSync(join(sub, 'truth.json'))) found.push(sub);
  }
  if (!found.length)
    throw new PilotError('usage', `eval ${dir}: no scenario found (a scenario is a directory with a truth.json)`);
  return found;
}

export interface ScenarioScore {
  scenario: string;
  expected: { culprit: string; category: string; service: string | null };
  got: { culprit: string; category: string; service: string | null; confidence: number } | null;
  ok: { culprit: boolean; category: boolean; service: boolean };
  error?: string;
  durationMs: number;
}

function describeCulprit(h: {
  deployment?: string | null;
  commit?: string | null;
  dependency?: string | null;
}): string {
  const parts = [h.deployment, h.commit?.slice(0, 12)].filter(Boolean);
  if (parts.length) return parts.join(' ');
  return h.dependency ? `none (${h.dependency})` : 'none';
}

function readTruth(dir: string): Truth {
  const file = join(dir, 'truth.json');
  try {
    return truthSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new PilotError('bad_input', `${file}: ${describeError(err)}`);
  }
}

export async function scoreScenario(dir: string, hooks: Pick<AnalysisHooks, 'env' | 'stderr'>): Promise<ScenarioScore> {
  const started = performance.now();
  const incidentFile = join(dir, 'incident.txt');
  const incident = existsSync(incidentFile)
    ? (
        readFileSync(incidentFile, 'utf8')
          .split(/\r?\n/)
          .find((l) => l.trim()) ?? ''
      ).trim()
    : '';
  let got: ScenarioScore['got'] = null;
  let gotHypothesis: Got | null = null;
  let error: string | undefined;
  try {
    const { report } = await runAnalysis(
      {
        incident: incident || 'unknown incident',
        source: toSourceOptions({ data: dir }, hooks.env as NodeJS.ProcessEnv),
        format: 'json',
        explain: false,
        llm: 'none',
        redact: true,
      },
      { stdout: { write: () => true }, stderr: hooks.stderr, env: hooks.env, quiet: true },
    );
    gotHypothesis = report.rootCause;
    got = {
      culprit: describeCulprit(report.rootCause),
      category: report.rootCause.category,
      service: report.rootCause.service,
      confidence: report.rootCause.confidence,
    };
  } catch (err) {
    error = describeError(err);
  }
  // Only now, after the analysis, is the answer read.
  const truth = readTruth(dir);
  const service = expectedService(truth);
  return {
    scenario: basename(dir),
    expected: { culprit: describeCulprit(truth), category: truth.category, service },
    got,
    ok: {
      culprit: gotHypothesis ? judgeCulprit(gotHypothesis, truth) : false,
      category: gotHypothesis?.category === truth.category,
      service: Boolean(gotHypothesis) && gotHypothesis?.service === service,
    },
    error,
    durationMs: Math.round(performance.now() - started),
  };
}

function summarizeScores(
  scores: ScenarioScore[],
): Record<'culprit' | 'category' | 'service', { ok: number; total: number }> {
  const count = (k: keyof ScenarioScore['ok']) => ({ ok: scores.filter((s) => s.ok[k]).length, total: scores.length });
  return { culprit: count('culprit'), category: count('category'), service: count('service') };
}

export function formatTotals(scores: ScenarioScore[]): string {
  const t = summarizeScores(scores);
  return `culprit ${t.culprit.ok}/${t.culprit.total}  category ${t.category.ok}/${t.category.total}  service ${t.service.ok}/${t.service.total}`;
}

export function renderScoreTable(scores: ScenarioScore[], color = false): string {
  const s = makeStyle(color);
  const mark = (ok: boolean) => (ok ? s.green('ok') : s.red('XX'));
  const header = [
    'scenario',
    'culprit expected',
    'culprit got',
    '',
    'category expected',
    'category got',
    '',
    'service expected',
    'service got',
    '',
    'conf',
  ];
  const rows = scores.map((r) => [
    r.scenario,
    r.expected.culprit,
    r.got?.culprit ?? 'error',
    mark(r.ok.culprit),
    r.expected.category,
    r.got?.category ?? '-',
    mark(r.ok.category),
    r.expected.service ?? '-',
    r.got?.service ?? '-',
    mark(r.ok.service),
    r.got ? r.got.confidence.toFixed(2) : '-',
  ]);
  // Pad by visible width: colour codes take no room on screen.
  const visible = (t: string) => t.replace(/\u001b\[\d+m/g, '').length;
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i]))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - visible(c)))
      .join('  ')
      .trimEnd();
  const lines = [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  for (const r of scores) if (r.error) lines.push(s.red(`${r.scenario}: analysis failed: ${r.error}`));
  lines.push('', formatTotals(scores));
  return `${lines.join('\n')}\n`;
}

export function registerEvalCommand(program: Command, io: CliIo): void {
  program
    .command('eval')
    .argument('<dir>', 'a scenario directory, or a directory of them (each with a truth.json)')
    .option('--json', 'print the scores as one JSON object')
    .description(
      'analyze every scenario under DIR with the engine and score culprit, category and service against truth.json',
    )
    .action(async (dir: string, flags: { json?: boolean }) => {
      const scenarios = findScenarios(dir);
      const scores: ScenarioScore[] = [];
      for (const [i, scenario] of scenarios.entries()) {
        io.stderr.write(`[${i + 1}/${scenarios.length}] ${basename(scenario)}...\n`);
        scores.push(await scoreScenario(scenario, { env: io.env, stderr: io.stderr }));
      }
      if (flags.json)
        io.stdout.write(`${JSON.stringify({ scenarios: scores, totals: summarizeScores(scores) }, null, 2)}\n`);
      else io.stdout.write(renderScoreTable(scores, shouldColor(io.stdout, io.env)));
    });
}
