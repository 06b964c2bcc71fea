// Writes the synthetic incidents of test/fixtures/generator into a directory: `npx tsx scripts/generate-scenarios.ts
// OUT`.
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { renderScenario } from '../test/fixtures/generator/render.js';
import { SCENARIOS } from '../test/fixtures/generator/spec.js';

const out = resolve(process.argv[2] ?? 'test-output/scenarios');
for (const spec of SCENARIOS) {
  const dir = join(out, spec.name);
  rmSync(dir, { recursive: true, force: true });
  renderScenario(spec, dir);
  process.stdout.write(`${dir}\n`);
}
