// The layer check: ESLint with the project's own config refuses an import that points up the layer table, and
// the real tree has none. `npm test` runs the same lint first, so a violation fails the build too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the config is plain JavaScript, without type declarations
import { LAYERS } from '../../eslint.config.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });
const layers = LAYERS as Record<string, string[]>;

/** The rule ids and messages ESLint reports for `code` as if it were the file at `filePath`. */
async function lint(code: string, filePath: string): Promise<Array<{ ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

describe('layer check', () => {
  it('refuses a server importing the engine, at any depth, statically, dynamically or by re-export', async () => {
    const planted = [
      ["import { rankSuspects } from '../engine/suspects.js';", 'src/servers/planted.ts'],
      ["import type { Report } from '../../../report/schema.js';", 'src/servers/logs/backends/planted.ts'],
      ["export { startServers } from '../../client/start.js';", 'src/servers/logs/planted.ts'],
      ["export const m = await import('../../engine/investigate.js');", 'src/servers/traces/planted.ts'],
    ];
    for (const [code, file] of planted) {
      const messages = await lint(code, file);
      expect(messages, `${file}: ${code}`).toHaveLength(1);
      expect(messages[0].message).toMatch(/src\/servers may import only core, analysis, mcp/);
    }
  });

  it('refuses the cycles that were broken: client -> cli, client -> report, report -> web, analysis -> engine', async () => {
    expect(await lint("import { x } from '../cli/options.js';", 'src/client/planted.ts')).toHaveLength(1);
    expect(await lint("import type { Report } from '../report/schema.js';", 'src/client/planted.ts')).toHaveLength(1);
    expect(await lint("import { renderHtml } from '../web/html-report.js';", 'src/report/planted.ts')).toHaveLength(1);
    expect(await lint("import { x } from '../engine/verdict.js';", 'src/analysis/planted.ts')).toHaveLength(1);
    expect(await lint("import { x } from '../servers/registry.js';", 'src/core/planted.ts')).toHaveLength(1);
  });

  it('lets imports point down the table and within a layer', async () => {
    expect(
      await lint(
        "import { median } from '../../analysis/stats.js';\nimport { x } from '../metrics/stats.js';",
        'src/servers/logs/planted.ts',
      ),
    ).toEqual([]);
    expect(await lint("import { SERVERS } from '../servers/registry.js';", 'src/client/planted.ts')).toEqual([]);
    expect(await lint("import { renderHtml } from '../web/html-report.js';", 'src/cli/planted.ts')).toEqual([]);
    // A folder named like a layer inside another layer is not that layer.
    expect(await lint("import { x } from '../client/api.js';", 'src/web/view/planted.ts')).toEqual([]);
  });

  it('names every folder of src/ in the layer table', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    // A new folder must take its place in the table, or its imports would go unchecked.
    for (const f of folders) expect(layers, `src/${f} is not in the layer table of eslint.config.js`).toHaveProperty(f);
    expect(folders.length).toBeGreaterThanOrEqual(10);
    for (const [layer, allowed] of Object.entries(layers))
      for (const a of allowed) expect(layers, `${layer} -> ${a}`).toHaveProperty(a);
  });

  it('finds the real tree clean, and npm test runs the check', async () => {
    // The cache npm run lint leaves (same location) makes this a quick re-check after it.
    const cached = new ESLint({ cwd: ROOT, cache: true, cacheLocation: join(ROOT, 'node_modules/.cache/eslint/') });
    const results = await cached.lintFiles(['src']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // npm test runs lint (the check, first thing) beside the build, and the tests only when both pass.
    expect(pkg.scripts.test).toMatch(/^node scripts\/parallel\.mjs lint build && vitest run$/);
    expect(pkg.scripts.lint).toMatch(/^eslint .* src && /);
  }, 120_000);
});
