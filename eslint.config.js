// Lint = the layer check: which folder of src/ may import which. Imports must point down the table below;
// `npm test` and CI run it first, and test/architecture/layers.test.ts shows it refusing a planted import.
// No style rules here: formatting is the formatter's job.
import tsParser from '@typescript-eslint/parser';

/**
 * The layers of src/ and what each may import besides itself (read bottom-up). Shared algorithms live in
 * analysis/ so that servers and engine both use them without one importing the other; the client sees the
 * servers only through their registry; the report schema knows nothing of its renderers (web/ renders HTML).
 */
export const LAYERS = {
  core: [],
  analysis: ['core'],
  mcp: ['core'],
  report: ['core'],
  servers: ['core', 'analysis', 'mcp'],
  engine: ['core', 'analysis', 'report'],
  llm: ['core', 'analysis', 'engine', 'report'],
  // The one investigation pipeline (engine, then maybe the LLM, then the report) that the CLI and the service run.
  investigation: ['core', 'analysis', 'engine', 'llm', 'report'],
  client: ['core', 'mcp', 'servers'],
  web: ['core', 'report'],
  service: ['core', 'analysis', 'mcp', 'servers', 'client', 'engine', 'llm', 'investigation', 'report', 'web'],
  cli: ['core', 'analysis', 'mcp', 'servers', 'client', 'engine', 'llm', 'investigation', 'report', 'web', 'service'],
};

/** Deepest folder nesting under a layer that the generated globs cover (src/servers/logs/backends/x.ts is 3). */
const MAX_DEPTH = 6;

/**
 * Our imports are relative, so "src/engine" is spelled `../engine/` from one folder down, `../../engine/` from two.
 * One block per layer and depth turns the table into exact patterns for the core rules: no resolver to configure.
 */
function layerBlocks() {
  const blocks = [];
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    const forbidden = Object.keys(LAYERS).filter((l) => l !== layer && !allowed.includes(l));
    if (!forbidden.length) continue;
    const message = `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'nothing outside itself'} (the layer table in eslint.config.js); move shared code down a layer instead`;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const up = '\\.\\./'.repeat(depth);
      const regex = `^${up}(?:${forbidden.join('|')})(?:/|\\.js$)`;
      blocks.push({
        files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
        rules: {
          'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
          // import('...') too; esquery regex literals cannot hold a slash, hence \x2F.
          'no-restricted-syntax': [
            'error',
            { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message },
          ],
        },
      });
    }
  }
  return blocks;
}

export default [
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  ...layerBlocks(),
];
