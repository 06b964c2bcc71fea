// doctor (in process) on the bundled sample, and the top-level help.
import { describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { NO_BACKENDS_ENV } from '../helpers/env.js';
import { SAMPLE } from '../helpers/paths.js';

describe('doctor', () => {
  it('checks the sample bundle: logs, git and metrics configured, all checks pass', async () => {
    const run = await runCli(['doctor', '--data', SAMPLE]);
    expect(run.stdout).toMatch(/^ {2}logs \(backend: \w+\)$/m);
    expect(run.stdout).toMatch(/^ {2}git \(backend: \w+\)$/m);
    expect(run.stdout).toMatch(/^ {2}metrics \(backend: \w+\)$/m);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout).toMatch(/^All configured checks pass \(\d+ checks on 3 servers\)\.$/m);
    expect(run.code).toBe(0);
  });

  it('without data, says what it looked for and that nothing was checked; exits 0', async () => {
    const run = await runCli(['doctor'], NO_BACKENDS_ENV);
    expect(run.stdout).toMatch(/^Data: none given/m);
    expect(run.stdout).toMatch(
      /Not configured \(5\), found none of:\n {2}logs: DIR\/logs, LOKI_URL, ELASTICSEARCH_URL/,
    );
    expect(run.stdout).toContain('No server is configured, so no backend was checked.');
    expect(run.stdout).toMatch(/to check it: incident-pilot doctor --data \S+samples\/checkout-db-pool/);
    expect(run.stdout).not.toContain('All configured checks pass');
    expect(run.code).toBe(0);
  });
});

describe('help', () => {
  it('names every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of ['analyze', 'server', 'eval', 'doctor', 'patterns', 'serve'])
      expect(run.stdout).toMatch(new RegExp(`^ {2}${cmd} `, 'm'));
  });
});
