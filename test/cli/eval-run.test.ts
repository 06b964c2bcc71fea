// `eval` (in process) over the shared scenarios prints the score table and totals (engine-dependent totals).
import { describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { SHARED_SCENARIOS } from '../helpers/paths.js';

describe('eval', () => {
  it('scores every shared scenario and finds all four culprits', async () => {
    const run = await runCli(['eval', SHARED_SCENARIOS]);
    expect(run.code).toBe(0);
    for (const name of ['checkout-db-pool', 'inventory-oom', 'orders-db-timeout', 'search-slow'])
      expect(run.stdout).toMatch(new RegExp(`^${name} `, 'm'));
    const totals = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(totals).toMatch(/^culprit \d\/4 {2}category \d\/4 {2}service \d\/4$/);
    expect(totals.startsWith('culprit 4/4')).toBe(true);
  }, 600_000);

  it('--json gives the totals as data; a missing directory exits 2', async () => {
    const run = await runCli(['eval', `${SHARED_SCENARIOS}/checkout-db-pool`, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { scenarios: unknown[]; totals: { culprit: { total: number } } };
    expect(out.scenarios).toHaveLength(1);
    expect(out.totals.culprit.total).toBe(1);
    const bad = await runCli(['eval', '/nope/scenarios']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/eval \/nope\/scenarios: no such directory/);
  }, 240_000);
});
