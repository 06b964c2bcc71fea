// The engine on incidents unlike the public samples: twelve generated bundles, judged after the analysis.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScenario } from '../fixtures/generator/render.js';
import { SCENARIOS } from '../fixtures/generator/spec.js';

const BIN = join(import.meta.dirname, '../../bin/incident-pilot.js');
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ip-generated-'));
  for (const spec of SCENARIOS) renderScenario(spec, join(root, spec.name));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('engine on generated incidents', () => {
  it('names the culprit (or the no-change verdict), the category and the service', () => {
    const out = execFileSync(process.execPath, [BIN, 'eval', root, '--json'], { encoding: 'utf8', timeout: 280_000, maxBuffer: 16 << 20 });
    type Row = { scenario: string; ok: { culprit: boolean; category: boolean; service: boolean }; got: { confidence: number } | null };
    const rows = (JSON.parse(out) as { scenarios: Row[] }).scenarios;
    expect(rows).toHaveLength(SCENARIOS.length);
    const misses = (k: keyof Row['ok']) => JSON.stringify(rows.filter((r) => !r.ok[k]).map((r) => r.scenario));
    expect(rows.filter((r) => r.ok.culprit).length, misses('culprit')).toBeGreaterThanOrEqual(11);
    expect(rows.filter((r) => r.ok.category).length, misses('category')).toBeGreaterThanOrEqual(10);
    // Calibration: a wrong answer must not be stated with high confidence.
    for (const r of rows.filter((x) => !x.ok.culprit)) expect(r.got?.confidence ?? 0).toBeLessThan(0.5);
  }, 300_000);
});
