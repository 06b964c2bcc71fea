// What a user sees from the CLI (in process; tool numbers on stderr are in e2e/analyze.test.ts): help with examples, exit codes
// and environment variables, one line for an unknown option, and a doctor that says what it checked.
import { describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/cli.js';

describe('help', () => {
  it('the program help has examples, exit codes and the environment', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Examples:\n {2}\$ incident-pilot analyze/m);
    expect(run.stdout).toMatch(/^Exit status:\n {2}0 .*\n {2}1 .*\n {2}2 {4}bad usage/m);
    expect(run.stdout).toMatch(/^Environment:\n {2}NO_COLOR/m);
  });

  for (const cmd of ['analyze', 'server', 'eval', 'doctor', 'patterns', 'serve']) {
    it(`${cmd} --help has examples and exit codes`, async () => {
      const run = await runCli([cmd, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Examples:\\n {2}\\$ incident-pilot ${cmd}`, 'm'));
      expect(run.stdout).toMatch(/^Exit status:/m);
    });
  }

  it('analyze --help names the environment variables and the defaults', async () => {
    const run = await runCli(['analyze', '--help']);
    for (const name of [
      'OLLAMA_HOST',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'PROMETHEUS_URL',
      'LOKI_URL',
      'GITHUB_TOKEN',
      'NO_COLOR',
    ])
      expect(run.stdout).toContain(name);
    expect(run.stdout).toMatch(/--since <time>[\s\S]*default: 6h before[\s\S]*--until/);
    expect(run.stdout).toContain('(default: "auto")');
    expect(run.stdout).toMatch(/^Defaults: --data is the bundled sample/m);
  });

  it('serve --help names the service variables', async () => {
    const run = await runCli(['serve', '--help']);
    for (const name of [
      'INCIDENT_PILOT_TOKENS',
      'INCIDENT_PILOT_JWT_SECRET',
      'DATABASE_URL',
      'INCIDENT_PILOT_AUDIT_LOG',
    ])
      expect(run.stdout).toContain(name);
  });

  for (const [args, first] of [
    [['analyze', '--bogus'], "error: unknown option '--bogus'"],
    [['doctor', '--nope'], "error: unknown option '--nope'"],
    [['bogus'], "error: unknown command 'bogus'"],
  ] as const) {
    it(`${args.join(' ')}: one line and a hint, not the whole help; exit 2`, async () => {
      const run = await runCli([...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines[0]).toBe(first);
      expect(lines.at(-1)).toMatch(
        /^\(run "incident-pilot (\w+ )?--help" for its options|^\(run "incident-pilot --help" for the commands\)$/,
      );
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(run.stderr).not.toContain('Usage:');
    });
  }
});
