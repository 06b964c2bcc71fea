// End to end: Ctrl-C (SIGINT) or SIGTERM stops every server subprocess (ours with --isolate-servers, and external
// ones from --config); none outlives the CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPidsOf, isAlive, scratchDir, startCli, waitFor } from './helpers.js';

/** An "MCP server" that never answers: keeps the CLI in step 2 while our servers are up. */
const SILENT_SERVER = `process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); setInterval(() => {}, 1000);`;

async function expectAllGone(pids: number[]): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  const gone = await waitFor(() => pids.every((p) => !isAlive(p)), 30_000, 100);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(gone).toBe(true);
}

describe('stopping on signals', () => {
  it('SIGINT during start-up leaves no server process alive', async () => {
    const dir = scratchDir('signals-');
    writeFileSync(join(dir, 'silent.mjs'), SILENT_SERVER);
    const config = join(dir, 'servers.json');
    writeFileSync(
      config,
      JSON.stringify({ mcpServers: { silent: { command: process.execPath, args: [join(dir, 'silent.mjs')] } } }),
    );
    const cli = startCli(['analyze', 'x', '--servers', 'git,logs', '--config', config, '--isolate-servers']);
    const pid = cli.child.pid!;
    // Our two servers and the silent one are spawned before the sessions are up.
    let exited = false;
    void cli.done.then(() => (exited = true));
    await waitFor(() => exited || (cli.stderr().includes('[2/6]') && childPidsOf(pid).length >= 3), 120_000);
    expect(exited, `the CLI stopped before the signal:\n${cli.stderr()}`).toBe(false);
    const children = childPidsOf(pid);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT, stopping servers');
    await expectAllGone(children);
  });

  it('SIGTERM once the servers are up stops them all', async () => {
    const cli = startCli(['analyze', 'x', '--isolate-servers']);
    const pid = cli.child.pid!;
    let exited = false;
    void cli.done.then(() => (exited = true));
    let children: number[] = [];
    await waitFor(
      () => {
        if (cli.stderr().includes('[3/6]')) children = childPidsOf(pid);
        return children.length > 0 || exited;
      },
      120_000,
      10,
    );
    expect(children.length, `servers never came up:\n${cli.stderr()}`).toBeGreaterThan(0);
    cli.child.kill('SIGTERM');
    const run = await cli.done;
    // The analysis may have finished first; either way no server survives.
    expect([0, 143]).toContain(run.code);
    await expectAllGone(children);
  });
});
