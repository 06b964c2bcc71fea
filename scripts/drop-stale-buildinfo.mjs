// `npm run build`, before tsc: tsc's incremental build trusts its buildinfo (dist/.tsbuildinfo) and does not emit
// again an output deleted since, so a dist/ removed in part would stay broken. When a module of src/ has no
// dist/ file, the buildinfo goes and tsc builds everything. The root is an argument for the test.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const BUILDINFO = join(ROOT, 'dist', '.tsbuildinfo');

/** The first module under `dir` whose compiled file is missing from dist/, or undefined. */
function missingOutput(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const missing = missingOutput(path);
      if (missing) return missing;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const out = join(ROOT, 'dist', relative(join(ROOT, 'src'), path).replace(/\.ts$/, '.js'));
      if (!existsSync(out)) return out;
    }
  }
  return undefined;
}

if (existsSync(BUILDINFO)) {
  const missing = missingOutput(join(ROOT, 'src'));
  if (missing) {
    rmSync(BUILDINFO);
    process.stderr.write(`build: ${relative(ROOT, missing)} is missing: building all of dist/ again\n`);
  }
}
