// `npm run build`, second step: the CLI as a few ES module files (dist/bundle/), so each process (the CLI and every
// server subprocess it spawns) loads a handful of files instead of hundreds. tsc's dist/ stays: the web bundle
// reads the compiled browser modules from it.
// Code splitting keeps the commands lazy: `server logs` never loads the service, the LLM SDKs or the HTML writer.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));

/**
 * The dependencies on the start-up path of `analyze` and `server`, bundled in. The others (service, LLM SDKs,
 * SaaS clients, re2js for regex searches) stay ordinary imports from node_modules: loaded only when used, and some
 * read their own files.
 */
const BUNDLED = new Set([
  '@modelcontextprotocol/client',
  '@modelcontextprotocol/server',
  '@modelcontextprotocol/node',
  'commander',
  'dotenv',
  'yaml',
  'zod',
]);

const started = performance.now();
// Chunk names change with their content: clear the old ones.
rmSync(new URL('dist/bundle', ROOT), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', ROOT).pathname,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)),
  // Bundled CommonJS (yaml) calls require() for Node built-ins; an ES module has none of its own.
  banner: {
    js: "import { createRequire as __ipCreateRequire } from 'node:module'; const require = __ipCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  // Maps point at the sources (src/, node_modules/) rather than carrying them: the package stays small.
  sourcesContent: false,
  logLevel: 'warning',
});
// Node decodes a module's source as Latin-1 when it is all ASCII and as UTF-16 otherwise, which costs about 30 ms
// a start over these files. esbuild escapes non-ASCII in strings but not in comments or regex literals; a \u escape
// means the same character in both (and in identifiers), so every one left is escaped here.
const bundleDir = new URL('dist/bundle/', ROOT);
for (const name of readdirSync(bundleDir)) {
  if (!name.endsWith('.js')) continue;
  const file = new URL(name, bundleDir);
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
process.stdout.write(`bundle: dist/bundle/ in ${Math.round(performance.now() - started)} ms\n`);
