// The CLI bundle (scripts/bundle.mjs) is all ASCII: Node reads an ASCII module as Latin-1 and any other as UTF-16,
// about 30 ms more on every start of the CLI and of each server subprocess. The licences of the code bundled in
// travel with it.
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

  it.skipIf(!existsSync(BUNDLE))('carries the licence of every package bundled in, the Datadog client included', () => {
    const notices = readFileSync(join(BUNDLE, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(BUNDLE, '..', '..', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const name of ['@datadog/datadog-api-client', '@modelcontextprotocol/server', 'commander', 'zod', 'yaml'])
      expect(notices).toMatch(new RegExp(`^${name}@[\\d.]+: LICEN[CS]E`, 'im'));
    expect(notices).toContain('Apache License');
    // The Datadog client is a devDependency: bundled in, never installed with the package.
    expect(Object.keys(pkg.devDependencies)).toContain('@datadog/datadog-api-client');
    const chunks = readdirSync(BUNDLE).filter((f) => f.endsWith('.js'));
    const withClient = chunks.filter((f) => readFileSync(join(BUNDLE, f), 'utf8').includes('MetricsApiRequestFactory'));
    expect(withClient).toHaveLength(1);
    expect(withClient[0]).toMatch(/^datadog-/);
  });
});
