// `prepare` runs on every first `npx incident-pilot` (npx links the package into its cache): with dist/ up to date
// it must not rebuild, or a first npx spends half a minute building and may be cut off half-way.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const built = (() => {
  try {
    return statSync(join(ROOT, 'dist/bundle/main.js')).mtimeMs > statSync(join(ROOT, 'package.json')).mtimeMs;
  } catch {
    return false;
  }
})();

describe('prepare', () => {
  it.skipIf(!built)(
    'does nothing when dist/ is newer than its sources (needs a build: npm test runs one first)',
    () => {
      const out = execFileSync(process.execPath, [join(ROOT, 'scripts/prepare.mjs')], { cwd: ROOT, encoding: 'utf8' });
      expect(out).not.toContain('build');
    },
  );
});
