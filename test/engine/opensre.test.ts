// The engine on another project's Kubernetes incidents (OpenSRE synthetic EKS), converted to our formats.
// Each is analyzed as `analyze INCIDENT --data DIR --json` does it (runAnalysis, from the CLI's own options), with
// the servers in process: the subprocess path has its end-to-end tests in test/e2e.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalysis, toAnalyzeOptions } from '../../src/cli/analyze.js';
import { CATEGORY_MAP, convertOpensre } from '../fixtures/opensre.js';
import { sharedPath } from '../helpers/paths.js';

const SRC = sharedPath('datasets', 'opensre-synthetic', 'eks');

const QUIET = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, quiet: true };
const root = mkdtempSync(join(tmpdir(), 'ip-opensre-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!existsSync(SRC))('OpenSRE synthetic EKS incidents', () => {
  it('tells healthy clusters from failing ones and names the category', async () => {
    const rows: Array<{ name: string; expected: string; got: string; ok: boolean }> = [];
    for (const name of readdirSync(SRC).sort()) {
      const out = join(root, name);
      const { category, incident } = convertOpensre(join(SRC, name), out);
      const { report } = await runAnalysis(
        toAnalyzeOptions(incident, { data: out, json: true, llm: 'none', redact: true }, {}),
        QUIET,
      );
      const got = report.rootCause.category;
      rows.push({ name, expected: category, got, ok: (CATEGORY_MAP[category] ?? []).includes(got) });
    }
    const right = rows.filter((r) => r.ok).length;
    process.stdout.write(
      `OpenSRE EKS: ${right}/${rows.length} right\n${rows.map((r) => `  ${r.ok ? 'ok' : 'XX'} ${r.name}: expected ${r.expected}, got ${r.got}`).join('\n')}\n`,
    );
    // A healthy cluster, and one with a scary alert about an old pod on its way out, are no failure.
    for (const healthy of ['000-healthy', '010-red-herring-old-rollout'])
      expect(rows.find((r) => r.name === healthy)?.got).toBe('no_fault');
    expect(right).toBeGreaterThanOrEqual(MIN_RIGHT);
  }, 240_000);
});

/** What the engine reached when this test was written; it must not regress. */
const MIN_RIGHT = 13;
