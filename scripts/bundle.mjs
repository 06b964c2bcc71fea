// `npm run build`, second step: the CLI as a few ES module files (dist/bundle/), so each process (the CLI and every
// server subprocess it spawns) loads a handful of files instead of hundreds. tsc's dist/ stays: the web bundle
// reads the compiled browser modules from it.
// Code splitting keeps the commands lazy: `server logs` never loads the service, the LLM SDKs or the HTML writer.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));

/**
 * Bundled in: the dependencies on the start-up path of `analyze` and `server`, and the Datadog client, whose package
 * is 133 MB in 28,000 files (three times the rest of an install) for the two v1 endpoints we use, about 3.6 MB
 * bundled and loaded only for a Datadog backend; it is a devDependency, so installs do not fetch it. The others
 * (service, LLM SDKs, other clients, re2js for regex searches) stay ordinary imports from node_modules: loaded only
 * when used, and some read their own files.
 */
const BUNDLED = new Set([
  '@datadog/datadog-api-client',
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
const result = await build({
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
  metafile: true,
});
const used = usedPackages(result.metafile);
// A devDependency is not installed with the package: one that src imports must be bundled, on purpose.
const unlisted = Object.keys(pkg.devDependencies).filter((d) => used.has(`node_modules/${d}`) && !BUNDLED.has(d));
if (unlisted.length)
  throw new Error(`bundle: src imports devDependencies ${unlisted.join(', ')}: list them in BUNDLED`);
writeNotices(used);
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

/** The packages whose code is in the bundle, as their paths (node_modules/a, node_modules/a/node_modules/b). */
function usedPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    // The innermost node_modules names the package (a nested copy keeps its own licence).
    const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) names.add(m[0].slice(0, -1));
  }
  return names;
}

/** Their licences and notices travel with their code (MIT, ISC and Apache-2.0 all ask for it). */
function writeNotices(paths) {
  const parts = [];
  for (const path of [...paths].sort()) {
    const dir = new URL(`${path}/`, ROOT);
    const files = readdirSync(dir).filter((f) => /^(licen[cs]e|notice)/i.test(f));
    const { name, version, license, author } = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
    // A few packages ship no licence file: their package.json names the licence and its holder.
    if (!files.length) parts.push(`${name}@${version}: ${license}, ${author?.name ?? author ?? 'its authors'}\n`);
    for (const f of files.sort())
      parts.push(`${name}@${version}: ${f}\n\n${readFileSync(new URL(f, dir), 'utf8').trim()}\n`);
  }
  writeFileSync(new URL('dist/bundle/THIRD-PARTY-NOTICES.txt', ROOT), parts.join(`\n${'-'.repeat(78)}\n\n`));
}

process.stdout.write(`bundle: dist/bundle/ in ${Math.round(performance.now() - started)} ms\n`);
