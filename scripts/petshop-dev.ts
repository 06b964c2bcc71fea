// Dev loop: the engine on converted PetShop bundles, in process. Usage: npx tsx scripts/petshop-dev.ts DIR [filter]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServers } from '../src/client/start.js';
import { investigate } from '../src/engine/investigate.js';
import { parseAlertmanagerPayload } from '../src/core/alert.js';

const [dir, filter] = process.argv.slice(2);
const rows: Array<{ name: string; top1: boolean; top3: boolean; ms: number }> = [];
for (const name of readdirSync(dir).sort()) {
  if (filter && !name.includes(filter)) continue;
  const b = join(dir, name);
  const truth = JSON.parse(readFileSync(join(b, 'truth.json'), 'utf8'));
  const incident = readFileSync(join(b, 'incident.txt'), 'utf8').trim();
  const alert = existsSync(join(b, 'alert.json'))
    ? parseAlertmanagerPayload(JSON.parse(readFileSync(join(b, 'alert.json'), 'utf8')))
    : undefined;
  const router = await startServers({ source: { dataDir: b, env: {} } });
  const t0 = performance.now();
  const { report, explanations, components } = await investigate(incident, router, { alert });
  const ms = performance.now() - t0;
  await router.close();
  const want = String(truth.service).toLowerCase();
  const got = report.hypotheses.map((h) => (h.service ?? '').toLowerCase());
  const top1 = got[0] === want;
  const top3 = got.slice(0, 3).includes(want);
  rows.push({ name, top1, top3, ms });
  console.log(
    `${top1 ? 'OK ' : top3 ? '.3 ' : 'XX '} ${name.padEnd(36)} want ${want.padEnd(44)} got ${got.slice(0, 3).join(' | ')}  (${ms.toFixed(0)} ms)`,
  );
  if (process.env.EXPLAIN) {
    console.log('   onset', report.onset, 'kind?', report.rootCause.category);
    for (const c of (components ?? []).slice(0, 6))
      console.log(
        `   ${c.score.toFixed(3)} ${c.component} ${c.anomalous ? 'A' : '-'} ${c.explainedBy ? 'expl by ' + c.explainedBy : ''} | ${c.notes.join(' | ')}`,
      );
    void explanations;
  }
}
const groups = new Map<string, typeof rows>();
for (const r of rows) {
  const g = r.name.replace(/-(train|test)-issue_\d+$/, '');
  groups.set(g, [...(groups.get(g) ?? []), r]);
  groups.set('ALL', [...(groups.get('ALL') ?? []), r]);
}
for (const [g, rs] of groups)
  console.log(
    `${g.padEnd(20)} top1 ${rs.filter((r) => r.top1).length}/${rs.length}  top3 ${rs.filter((r) => r.top3).length}/${rs.length}  max ${Math.max(...rs.map((r) => r.ms)).toFixed(0)} ms`,
  );
