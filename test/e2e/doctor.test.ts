// End to end: doctor on the bundled sample, and the top-level help.
import { describe, expect, it } from 'vitest';
import { runCli, SAMPLE } from './helpers.js';

describe('doctor', () => {
  it('checks the sample bundle: logs, git and metrics configured, all checks pass', async () => {
    const run = await runCli(['doctor', '--data', SAMPLE]);
    expect(run.stdout).toMatch(/^ {2}logs \(backend: \w+\)$/m);
    expect(run.stdout).toMatch(/^ {2}git \(backend: \w+\)$/m);
    expect(run.stdout).toMatch(/^ {2}metrics \(backend: \w+\)$/m);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout).toContain('All configured checks pass.');
    expect(run.code).toBe(0);
  });

  it('lists every server as not configured without data, and exits 0', async () => {
    const run = await runCli(['doctor'], { PROMETHEUS_URL: '', LOKI_URL: '', GITHUB_TOKEN: '', KUBECONFIG: '/nonexistent' });
    expect(run.stdout).toMatch(/Not configured \(\d\):\n {2}logs: /);
    expect(run.code).toBe(0);
  });
});

describe('help', () => {
  it('names every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of ['analyze', 'server', 'eval', 'doctor', 'patterns', 'serve']) expect(run.stdout).toMatch(new RegExp(`^ {2}${cmd} `, 'm'));
  });
});
