// The CLI bundle (scripts/bundle.mjs) is all ASCII: Node reads an ASCII module as Latin-1 and any other as UTF-16,
// about 30 ms more on every start of the CLI and of each server subprocess.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'bundle');

describe('CLI bundle', () => {
  it.skipIf(!existsSync(BUNDLE))('holds only ASCII, non-ASCII characters escaped (needs a build)', () => {
    const files = readdirSync(BUNDLE).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(1);
    const offenders = files.filter((f) => /[^\x00-\x7f]/.test(readFileSync(join(BUNDLE, f), 'utf8')));
    expect(offenders).toEqual([]);
    // What the escaping keeps working: a regex literal with a non-ASCII character (the traces' "µs" durations).
    const escaped = files.map((f) => readFileSync(join(BUNDLE, f), 'utf8')).find((t) => t.includes('(us|\\u00b5s)'));
    expect(escaped).toBeDefined();
  });
});
