// `prepare` (run by `npm install`, and by `npx incident-pilot` each time it links this package into its cache):
// build only when dist/ is missing or older than what it is built from. A first `npx` must not spend half a
// minute rebuilding what `npm install` just built; a run killed in that time leaves npx's cache broken for good.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUTPUT = join(ROOT, 'dist/bundle/main.js');
const INPUTS = ['src', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function builtAt() {
  try {
    return statSync(OUTPUT).mtimeMs;
  } catch {
    return -Infinity;
  }
}

const stale = builtAt() < Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p))));
if (stale) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
