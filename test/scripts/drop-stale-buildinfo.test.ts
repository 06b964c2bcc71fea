// scripts/drop-stale-buildinfo.mjs, run before tsc by `npm run build`: tsc's buildinfo goes when a module's dist/
// file is missing (tsc would not emit it again), and stays when dist/ is whole.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, scratchDir } from '../helpers/paths.js';

const SCRIPT = join(REPO, 'scripts', 'drop-stale-buildinfo.mjs');

/** A project with src/a.ts and src/b/c.ts, the given dist/ files and a buildinfo; the script's stderr. */
function runOn(distFiles: string[]): { root: string; stderr: string } {
  const root = scratchDir('buildinfo-');
  for (const f of [
    'src/a.ts',
    'src/b/c.ts',
    'src/b/types.d.ts',
    ...distFiles.map((d) => `dist/${d}`),
    'dist/.tsbuildinfo',
  ]) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return { root, stderr: run.stderr };
}

describe('scripts/drop-stale-buildinfo.mjs', () => {
  it('runs before tsc in npm run build', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { build: string } };
    expect(scripts.build).toMatch(/^node scripts\/drop-stale-buildinfo\.mjs && tsc /);
  });

  it('keeps the buildinfo when every module has its dist/ file', () => {
    const { root, stderr } = runOn(['a.js', 'b/c.js']);
    expect(existsSync(join(root, 'dist/.tsbuildinfo'))).toBe(true);
    expect(stderr).toBe('');
  });

  it('removes it when a module lost its dist/ file, so tsc builds all again', () => {
    const { root, stderr } = runOn(['a.js']);
    expect(existsSync(join(root, 'dist/.tsbuildinfo'))).toBe(false);
    expect(stderr).toBe('build: dist/b/c.js is missing: building all of dist/ again\n');
  });
});
