// End to end: the real CLI and the real servers (in its process, or one subprocess each with --isolate-servers) on
// the bundled sample incident.
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir, type CliRun } from './helpers.js';

describe('analyze (bundled sample)', () => {
  // One run serves the checks on its output: stdout, progress and the answer come from the same command.
  let sample: Promise<CliRun> | undefined;
  const runSample = () => (sample ??= runCli(['analyze', '--json', '--llm', 'none']));

  it('--json prints exactly one report object on stdout; progress goes to stderr', async () => {
    const run = await runSample();
    expect(run.code, run.stderr).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout)); // one object, nothing else on stdout
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(report.incident).toBe('500 errors on checkout API'); // from DIR/incident.txt
    expect(new Set(report.toolCalls.map((c) => c.server))).toEqual(new Set(['logs', 'git', 'metrics']));
    expect(report.toolCalls.every((c) => typeof c.durationMs === 'number')).toBe(true);
    expect(report.durationMs).toBeGreaterThan(0);
    // Progress in the seed's numbered steps, plain text because stderr is not a TTY.
    for (const step of [
      '[1/6] Starting 3 MCP servers...',
      '[2/6] Initializing MCP sessions...',
      '[3/6] Getting tools from all servers...',
      '[4/6] Available tools:',
      '[5/6] ',
      '[6/6] ANALYSIS COMPLETE',
    ]) {
      expect(run.stderr).toContain(step);
    }
    expect(run.stderr).toContain('[Tool #1] ');
    expect(run.stderr).toMatch(/ {2}- search_logs \(Logs Server\)/);
    for (const server of ['Logs Server', 'Git Server', 'Metrics Server'])
      expect(run.stderr).toContain(`  - ${server} (in process)\n`);
    expect(run.stderr).toMatch(/Total MCP tool calls: \d+/);
    expect(run.stderr).not.toContain('\u001b[');
  });

  it('numbers the tool calls in ascending order on stderr, matching the report toolCalls', async () => {
    const run = await runSample();
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const printed = [...run.stderr.matchAll(/\[Tool #(\d+)\] (\w+) \((\w+) server\)/g)].map((m) => ({
      n: Number(m[1]),
      tool: m[2],
      server: m[3].toLowerCase(),
    }));
    expect(printed.length).toBe(report.toolCalls.length);
    expect(printed.map((p) => p.n)).toEqual(report.toolCalls.map((_c, i) => i + 1));
    expect(printed.map((p) => `${p.server}/${p.tool}`)).toEqual(report.toolCalls.map((c) => `${c.server}/${c.tool}`));
  });

  // Engine-dependent: the judged answer on the bundled incident.
  it('blames checkout-api v2.4.1 and its commit', async () => {
    const report = reportSchema.parse(JSON.parse((await runSample()).stdout));
    expect(report.rootCause.deployment).toBe('v2.4.1');
    expect(report.rootCause.service).toBe('checkout-api');
    expect('66e5df83c15beb374b570645d7f52885c086a520'.startsWith(report.rootCause.commit ?? '-')).toBe(true);
  });

  it('--isolate-servers runs each server as its own subprocess over stdio, to the same answer', async () => {
    const run = await runCli(['analyze', '--json', '--isolate-servers']);
    expect(run.code).toBe(0);
    for (const server of ['Logs Server', 'Git Server', 'Metrics Server'])
      expect(run.stderr).toContain(`  - ${server} (subprocess)\n`);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.rootCause.deployment).toBe('v2.4.1');
    expect(new Set(report.toolCalls.map((c) => c.server))).toEqual(new Set(['logs', 'git', 'metrics']));
  });

  it('prints the terminal report on stdout by default, without colour off a TTY', async () => {
    const html = join(scratchDir('html-'), 'report.html');
    const run = await runCli(['analyze', '500 errors on checkout API', '--servers', 'logs,git', '--html', html]);
    expect(run.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<html[\s\S]*500 errors on checkout API/);
    for (const h of ['ROOT CAUSE ANALYSIS', 'Timeline:', 'Root Cause:', 'Evidence:', 'Recommendations:'])
      expect(run.stdout).toContain(h);
    expect(run.stdout).not.toContain('[1/6]');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).toContain('[1/6] Starting 2 MCP servers...');
    expect(run.stderr).not.toContain('Metrics Server');
  });

  it('--markdown prints Markdown', async () => {
    const run = await runCli(['analyze', 'checkout is failing', '--markdown', '--servers', 'git']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('# Incident analysis: checkout is failing\n')).toBe(true);
    for (const h of [
      '## Root cause',
      '## Timeline',
      '## Evidence',
      '## Recommendations',
      '## Hypotheses',
      '## Tool calls',
    ])
      expect(run.stdout).toContain(`\n${h}\n`);
  });
});

describe('analyze: bad usage exits 2 with a message and no stack', () => {
  it.each([
    [['analyze', 'x', '--data', '/nope'], /--data \/nope: no such directory/],
    [['analyze', 'x', '--servers', 'nosuch'], /unknown server "nosuch"/],
    [['analyze', 'x', '--config', '/nope/servers.json'], /--config \/nope\/servers\.json/],
    [['analyze', 'x', '--bogus-flag'], /unknown option '--bogus-flag'/],
    [['analyze', 'x', '--html', '/nope/r.html'], /--html \/nope\/r\.html: no such directory/],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});
