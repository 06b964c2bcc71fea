// Runs the engine in process on a bundle (our servers over in-memory MCP pairs) and judges its hypotheses against
// truth.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSourceOptions } from '../../src/cli/options.js';
import { judgeCulprit } from '../../src/cli/eval.js';
import { startServers } from '../../src/client/start.js';
import { parseAlertmanagerPayload } from '../../src/core/alert.js';
import { investigate } from '../../src/engine/investigate.js';
import type { Hypothesis, Report } from '../../src/report/schema.js';
import type { Truth } from '../fixtures/generator/render.js';

/**
 * What `analyze` hands the engine for a bundle: the first line of incident.txt, else the alert's summary
 * (shared/spec/data-formats.md, Alert). When investigate() learns to take the alert itself, pass it here.
 */
export function incidentTextOf(dir: string): string {
  const file = join(dir, 'incident.txt');
  const typed = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .find((l) => l.trim())
        ?.trim()
    : undefined;
  if (typed) return typed;
  const alert = join(dir, 'alert.json');
  if (existsSync(alert)) return parseAlertmanagerPayload(JSON.parse(readFileSync(alert, 'utf8'))).text;
  return 'unknown incident';
}

/** The bundle's alert.json, as `analyze` reads it. */
function alertOf(dir: string) {
  const file = join(dir, 'alert.json');
  return existsSync(file) ? parseAlertmanagerPayload(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
}

export async function analyzeInProcess(
  dir: string,
  incident = incidentTextOf(dir),
): Promise<{ report: Report; engineMs: number }> {
  const router = await startServers({ source: toSourceOptions({ data: dir }, {}) });
  try {
    const started = performance.now();
    const { report } = await investigate(incident, router, { alert: alertOf(dir) });
    return { report, engineMs: Math.round(performance.now() - started) };
  } finally {
    await router.close();
  }
}

/** `https://Host.example:8443/` and `host.example` are one component. */
function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
}

/**
 * Is this hypothesis the right answer? A change to blame: the deployment or commit (the project's judge).
 * Nothing changed: no change blamed, and the component, dependency or shared cause named as the data spells it
 * (or, for a stale alert, the no-fault verdict).
 */
export function judgeHypothesis(
  h: Pick<Hypothesis, 'category' | 'service' | 'deployment' | 'commit' | 'dependency'>,
  truth: Truth,
): boolean {
  if (truth.deployment || truth.commit) return judgeCulprit(h, truth);
  if (h.deployment || h.commit) return false;
  if (truth.category === 'no_fault') return h.category === 'no_fault';
  const accepted = [truth.service, truth.dependency, ...(truth.aliases ?? [])]
    .filter((n): n is string => !!n)
    .map(normalizeName);
  return [h.service, h.dependency].some((n) => !!n && accepted.includes(normalizeName(n)));
}

export interface Scored {
  name: string;
  first: boolean;
  top3: boolean;
  category: boolean;
  expected: string;
  got: string;
  engineMs: number;
}

const describe = (h: {
  service?: string | null;
  deployment?: string | null;
  commit?: string | null;
  dependency?: string | null;
  category: string;
}) => `${h.deployment ?? h.dependency ?? h.service ?? '-'} (${h.category})`;

export function scoreReport(name: string, report: Report, truth: Truth, engineMs: number): Scored {
  const ranked = report.hypotheses.length ? report.hypotheses : [report.rootCause];
  return {
    name,
    first: judgeHypothesis(report.rootCause, truth),
    top3: ranked.slice(0, 3).some((h) => judgeHypothesis(h, truth)),
    category: report.rootCause.category === truth.category,
    expected: describe({ ...truth, dependency: truth.dependency ?? truth.service }),
    got: describe(report.rootCause),
    engineMs,
  };
}

/** The scoreboard: one row per incident, then the totals. */
export function formatScoreboard(title: string, rows: Scored[]): string {
  const mark = (ok: boolean) => (ok ? 'ok' : '--');
  const header = ['incident', 'first', 'top3', 'category', 'expected', 'got', 'ms'];
  const body = rows.map((r) => [
    r.name,
    mark(r.first),
    mark(r.top3),
    mark(r.category),
    r.expected,
    r.got,
    String(r.engineMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const total = (k: 'first' | 'top3' | 'category') => `${rows.filter((r) => r[k]).length}/${rows.length}`;
  return [
    `${title}`,
    fmt(header),
    ...body.map(fmt),
    `culprit first ${total('first')}  top 3 ${total('top3')}  category ${total('category')}`,
    '',
  ].join('\n');
}
