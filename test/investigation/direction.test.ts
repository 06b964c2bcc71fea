// The one pipeline sits below both front ends: the CLI and the service both run it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function importsOf(dir: string): Array<{ file: string; spec: string }> {
  const out: Array<{ file: string; spec: string }> = [];
  for (const entry of readdirSync(join(SRC, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g))
      out.push({ file: file.slice(SRC.length + 1), spec: m[1]! });
  }
  return out;
}

describe('import direction around src/investigation', () => {
  // Which layer may import which is the lint's table (eslint.config.js, test/architecture/layers.test.ts).
  it("the CLI's analyze does not reach into the service for it", () => {
    expect(importsOf('cli').filter((i) => i.file === 'cli/analyze.ts' && /\/service\//.test(i.spec))).toEqual([]);
  });

  it('the CLI and the service both run the one pipeline', () => {
    const users = [...importsOf('cli'), ...importsOf('service')]
      .filter((i) => i.spec.endsWith('/investigation/run.js'))
      .map((i) => i.file);
    expect(users.sort()).toEqual(['cli/analyze.ts', 'service/engine-runner.ts']);
  });
});
