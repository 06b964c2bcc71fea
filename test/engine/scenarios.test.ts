// The engine on incidents unlike the public samples: twelve generated bundles, judged after the analysis.
// Scored by eval's own scoreScenario (the same pipeline and judge as `incident-pilot eval`) with the servers in
// process over linked MCP pairs; the eval command itself is run in test/cli/eval-run.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreScenario, type ScenarioScore } from '../../src/cli/eval.js';
import { renderScenario } from '../fixtures/generator/render.js';
import { SCENARIOS } from '../fixtures/generator/spec.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ip-generated-'));
  for (const spec of SCENARIOS) renderScenario(spec, join(root, spec.name));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('engine on generated incidents', () => {
  it('names the culprit (or the no-change verdict), the category and the service', async () => {
    const rows: ScenarioScore[] = [];
    for (const spec of SCENARIOS)
      rows.push(await scoreScenario(join(root, spec.name), { env: {}, stderr: { write: () => true } }));
    expect(rows).toHaveLength(SCENARIOS.length);
    const misses = (k: keyof ScenarioScore['ok']) =>
      JSON.stringify(rows.filter((r) => !r.ok[k]).map((r) => (r.error ? `${r.scenario} (${r.error})` : r.scenario)));
    expect(rows.filter((r) => r.ok.culprit).length, misses('culprit')).toBeGreaterThanOrEqual(11);
    expect(rows.filter((r) => r.ok.category).length, misses('category')).toBeGreaterThanOrEqual(10);
    // Calibration: a wrong answer must not be stated with high confidence.
    for (const r of rows.filter((x) => !x.ok.culprit)) expect(r.got?.confidence ?? 0).toBeLessThan(0.5);
  }, 300_000);
});
