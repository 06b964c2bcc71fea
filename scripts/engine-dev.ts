// Dev loop: the engine on one bundle in process, with its component ranking and suspects. npx tsx scripts/engine-dev.ts
// DIR
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServers } from '../src/client/start.js';
import { investigate } from '../src/engine/investigate.js';
import { parseAlertmanagerPayload } from '../src/core/alert.js';

for (const b of process.argv.slice(2)) {
  const file = join(b, 'incident.txt');
  const alert = existsSync(join(b, 'alert.json'))
    ? parseAlertmanagerPayload(JSON.parse(readFileSync(join(b, 'alert.json'), 'utf8')))
    : undefined;
  const incident = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n')[0] : (alert?.text ?? 'unknown');
  const router = await startServers({ source: { dataDir: b, env: {} } });
  const { report, explanations, components } = await investigate(incident, router, { alert, explain: true });
  await router.close();
  const truth = JSON.parse(readFileSync(join(b, 'truth.json'), 'utf8'));
  console.log(
    `== ${b}\n   incident: ${incident}\n   truth: ${truth.service} ${truth.deployment ?? ''} ${truth.category} dep=${truth.dependency ?? ''}`,
  );
  console.log(`   onset ${report.onset} sources ${JSON.stringify(report.sources)}`);
  for (const h of report.hypotheses)
    console.log(
      `   H ${h.confidence.toFixed(2)} [${h.category}] svc=${h.service} dep=${h.dependency} d=${h.deployment} :: ${h.summary.slice(0, 150)}`,
    );
  for (const c of (components ?? []).slice(0, 5))
    console.log(
      `   C ${c.score.toFixed(3)} ${c.component} ${c.anomalous ? 'A' : '-'} ${c.explainedBy ? 'expl by ' + c.explainedBy : ''} | ${c.notes.join(' | ').slice(0, 200)}`,
    );
  for (const e of explanations.slice(0, 4))
    console.log(`   S ${e.score} ${e.label} ${JSON.stringify(e.parts)} | ${e.notes.join('; ').slice(0, 160)}`);
  for (const w of report.warnings ?? []) console.log(`   W ${w}`);
}
