// Dev loop: every regression set in process (generated, public scenarios, OpenSRE EKS, PetShop), one table each.
// npx tsx scripts/score-dev.ts [gen|scen|opensre|petshop ...]   (PetShop bundles from PETSHOP_DIR, default /tmp/ps)
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeInProcess, formatScoreboard, scoreReport } from '../test/engine/generated-harness.js';
import { renderScenario } from '../test/fixtures/generator/render.js';
import { ALL_SCENARIOS } from '../test/fixtures/generator/index.js';
import { CATEGORY_MAP, convertOpensre } from '../test/fixtures/opensre.js';

const want = new Set(process.argv.slice(2));
const on = (k: string) => !want.size || want.has(k);
const root = mkdtempSync(join(tmpdir(), 'ip-score-'));

if (on('gen')) {
  const rows = [];
  for (const spec of ALL_SCENARIOS) {
    const dir = join(root, spec.name);
    const truth = renderScenario(spec, dir);
    const { report, engineMs } = await analyzeInProcess(dir);
    rows.push(scoreReport(spec.name, report, truth, engineMs));
  }
  console.log(formatScoreboard('generated', rows));
}
if (on('scen')) {
  const rows = [];
  const base = join(import.meta.dirname, '../../shared/scenarios');
  for (const name of readdirSync(base).filter((n) => existsSync(join(base, n, 'truth.json')))) {
    const { report, engineMs } = await analyzeInProcess(join(base, name));
    rows.push(scoreReport(name, report, JSON.parse(readFileSync(join(base, name, 'truth.json'), 'utf8')), engineMs));
  }
  console.log(formatScoreboard('public scenarios', rows));
}
if (on('opensre')) {
  const src = join(import.meta.dirname, '../../shared/datasets/opensre-synthetic/eks');
  let right = 0;
  const lines: string[] = [];
  for (const name of readdirSync(src).sort()) {
    const out = join(root, `os-${name}`);
    const { category, incident } = convertOpensre(join(src, name), out);
    const { report } = await analyzeInProcess(out, incident);
    const ok = (CATEGORY_MAP[category] ?? []).includes(report.rootCause.category);
    if (ok) right++;
    lines.push(
      `  ${ok ? 'ok' : 'XX'} ${name}: expected ${category}, got ${report.rootCause.category} (${report.rootCause.summary.slice(0, 90)})`,
    );
  }
  console.log(`OpenSRE EKS ${right}/${lines.length}\n${lines.join('\n')}`);
}
if (on('petshop')) {
  const dir = process.env.PETSHOP_DIR ?? '/tmp/ps';
  const groups = new Map<string, { n: number; top1: number; top3: number }>();
  for (const name of readdirSync(dir).sort()) {
    const { report } = await analyzeInProcess(join(dir, name));
    const t = String(JSON.parse(readFileSync(join(dir, name, 'truth.json'), 'utf8')).service).toLowerCase();
    const got = report.hypotheses.map((h) => (h.service ?? '').toLowerCase());
    const g = `${name.startsWith('temporal') ? 'temporal' : 'low+high'} ${name.includes('-train-') ? 'train' : 'test'}`;
    const r = groups.get(g) ?? { n: 0, top1: 0, top3: 0 };
    r.n++;
    if (got[0] === t) r.top1++;
    if (got.slice(0, 3).includes(t)) r.top3++;
    groups.set(g, r);
  }
  for (const [g, r] of groups) console.log(`PetShop ${g}: first ${r.top1}/${r.n}  top3 ${r.top3}/${r.n}`);
}
