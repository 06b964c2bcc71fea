// The engine on PetShop's real incidents (no change of ours to blame): the root-cause component, first and top 3.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PETSHOP_CONVERTER,
  petshopBundles,
  petshopTable,
  scorePetshop,
  tally,
  withHistory,
  type PetshopRow,
} from '../fixtures/petshop.js';

const available = existsSync(PETSHOP_CONVERTER);
let rows: PetshopRow[] = [];

describe.skipIf(!available)('PetShop RCA (converted with ../shared/tools/petshop.py)', () => {
  beforeAll(async () => {
    rows = await scorePetshop(petshopBundles());
    process.stdout.write(`\n${petshopTable(rows)}\n`);
  }, 300_000);

  it('converts and analyzes all 68 faults', () => {
    expect(rows).toHaveLength(68);
  });

  it('names the root-cause component of the 52 faults with history: first >= 0.80, top 3 >= 0.95 (issue goal 0.75 / 0.90)', () => {
    const t = tally(rows.filter(withHistory));
    expect(t.n).toBe(52);
    expect(t.first / t.n).toBeGreaterThanOrEqual(0.8);
    expect(t.top3 / t.n).toBeGreaterThanOrEqual(0.95);
  });

  it('does as well as five points allow on the 16 temporal faults: first >= 0.75, top 3 >= 0.90 (a z-score ranking: 0.06 / 0.56)', () => {
    const t = tally(rows.filter((r) => !withHistory(r)));
    expect(t.n).toBe(16);
    expect(t.first / t.n).toBeGreaterThanOrEqual(0.75);
    expect(t.top3 / t.n).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the test split, which nothing was tuned on, at first >= 0.85', () => {
    const t = tally(rows.filter((r) => withHistory(r) && r.split === 'test'));
    expect(t.first / t.n).toBeGreaterThanOrEqual(0.85);
  });

  it('never blames a change (there is none) and keeps the category sensible', () => {
    const allowed = new Set(['database', 'dependency_failure', 'resource_exhaustion', 'capacity', 'network']);
    for (const r of rows) expect(allowed, `${r.bundle}: ${r.category}`).toContain(r.category);
  });
});
