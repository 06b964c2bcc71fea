// scripts/parallel.mjs, which `npm test` runs as `parallel.mjs lint build`: both scripts run, each one's output is
// printed, and the run fails naming the script that failed.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO, scratchDir } from '../helpers/paths.js';

const PARALLEL = join(REPO, 'scripts', 'parallel.mjs');

async function runParallel(scripts: Record<string, string>, names: string[]) {
  const dir = scratchDir('parallel-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', scripts }));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PARALLEL, ...names], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('scripts/parallel.mjs', () => {
  it('runs the scripts at the same time, and passes when all pass', async () => {
    // Each script marks that it started and prints only once it sees the other's mark: run one after the other,
    // the first would give up after 5 s and fail.
    const waitFor = (mine: string, other: string, out: string) =>
      `touch ${mine}; i=0; while [ ! -f ${other} ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; ` +
      `test -f ${other} && echo ${out}`;
    const run = await runParallel(
      {
        one: waitFor('one.started', 'two.started', 'first-out'),
        two: waitFor('two.started', 'one.started', 'second-out'),
      },
      ['one', 'two'],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('first-out');
    expect(run.stdout).toContain('second-out');
  });

  it('fails naming the script that failed, and still prints the other', async () => {
    const run = await runParallel({ ok: 'echo fine', bad: 'echo broke; exit 3' }, ['ok', 'bad']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('fine');
    expect(run.stdout).toContain('broke');
    expect(run.stderr).toContain('npm run bad failed (exit 3)');
    expect(run.stderr).not.toContain('npm run ok failed');
  });

  it('says how to use it when given no script', async () => {
    const run = await runParallel({}, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: node scripts/parallel.mjs SCRIPT...');
  });
});
