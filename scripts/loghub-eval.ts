// Grouping accuracy (GA) of the template miner on the LogHub-2k benchmark, one default configuration for all systems.
// Usage: npx tsx scripts/loghub-eval.ts [DATASET_DIR]
// GA (LogPAI definition): a message is correct when its predicted cluster holds exactly the messages of its true group.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTemplateMiner, type TemplateMinerOptions } from '../src/analysis/templates.js';

export const DEFAULT_LOGHUB_DIR = '/work/shared/datasets/loghub';

export interface SystemResult {
  system: string;
  messages: number;
  groups: number;
  templates: number;
  accuracy: number;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The Content and EventId columns of `<System>_2k.log_structured.csv`. */
export function readStructured(file: string): { contents: string[]; events: string[] } {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows[0] ?? [];
  const contentCol = header.indexOf('Content');
  const eventCol = header.indexOf('EventId');
  if (contentCol < 0 || eventCol < 0) throw new Error(`${file}: header lacks Content or EventId`);
  const contents: string[] = [];
  const events: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length <= Math.max(contentCol, eventCol)) continue;
    contents.push(row[contentCol]);
    events.push(row[eventCol]);
  }
  return { contents, events };
}

/** Share of messages whose predicted cluster equals their ground-truth group exactly. */
export function computeGroupingAccuracy(predicted: readonly (string | number)[], truth: readonly string[]): number {
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const clusters = new Map<string | number, { size: number; truth: string | null }>();
  predicted.forEach((p, i) => {
    const c = clusters.get(p);
    if (!c) clusters.set(p, { size: 1, truth: truth[i] });
    else {
      c.size++;
      if (c.truth !== truth[i]) c.truth = null;
    }
  });
  let correct = 0;
  for (const c of clusters.values()) if (c.truth !== null && truthSize.get(c.truth) === c.size) correct += c.size;
  return truth.length === 0 ? 1 : correct / truth.length;
}

export function listSystems(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, `${name}_2k.log_structured.csv`)))
    .sort();
}

export function evaluateSystem(dir: string, system: string, options: Partial<TemplateMinerOptions> = {}): SystemResult {
  const { contents, events } = readStructured(join(dir, system, `${system}_2k.log_structured.csv`));
  const miner = createTemplateMiner(options);
  const ids = contents.map((c) => miner.add(c));
  const predicted = ids.map((id) => miner.resolve(id));
  return {
    system,
    messages: contents.length,
    groups: new Set(events).size,
    templates: miner.clusters().length,
    accuracy: computeGroupingAccuracy(predicted, events),
  };
}

export function evaluateLoghub(
  dir = DEFAULT_LOGHUB_DIR,
  options: Partial<TemplateMinerOptions> = {},
): { results: SystemResult[]; average: number } {
  const results = listSystems(dir).map((s) => evaluateSystem(dir, s, options));
  const average = results.reduce((sum, r) => sum + r.accuracy, 0) / Math.max(1, results.length);
  return { results, average };
}

export function formatTable(results: readonly SystemResult[], average: number): string {
  const lines = ['| System | Messages | True groups | Templates | GA |', '|---|---:|---:|---:|---:|'];
  for (const r of results)
    lines.push(`| ${r.system} | ${r.messages} | ${r.groups} | ${r.templates} | ${r.accuracy.toFixed(3)} |`);
  lines.push(`| **Average** | | | | **${average.toFixed(3)}** |`);
  return lines.join('\n');
}

function runFromCli(): void {
  const dir = resolve(process.argv[2] ?? DEFAULT_LOGHUB_DIR);
  if (!existsSync(dir)) {
    process.stderr.write(`loghub-eval: dataset directory not found: ${dir}\n`);
    process.exitCode = 2;
    return;
  }
  const { results, average } = evaluateLoghub(dir);
  process.stdout.write(`${formatTable(results, average)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) runFromCli();
