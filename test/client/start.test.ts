// startServers: our servers in this process by default (no Node process each), each in its own subprocess over
// stdio with `isolate`; the same tools and the same answers either way.
import { afterEach, describe, expect, it } from 'vitest';
import { startServers, type StartingServer } from '../../src/client/start.js';
import type { ToolRouter } from '../../src/client/router.js';
import { SAMPLE } from '../e2e/helpers.js';

const source = { dataDir: SAMPLE, env: {} };
let router: ToolRouter | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

/** The pid of a server's stdio subprocess; undefined for one in this process. */
function pidOf(router: ToolRouter, name: string): number | undefined {
  const server = router.servers.find((s) => s.name === name)!;
  return (server.client.transport as { pid?: number | null } | undefined)?.pid ?? undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function deployments(router: ToolRouter): Promise<unknown> {
  const result = await router.call('get_deployments', { limit: 5 });
  expect(result.ok).toBe(true);
  return result.structured;
}

describe('startServers', () => {
  it('starts our servers in this process by default, and says so', async () => {
    const starting: StartingServer[] = [];
    router = await startServers({ source, onStarting: (s) => starting.push(...s) });
    expect(starting).toEqual([
      { name: 'logs', via: 'in process' },
      { name: 'git', via: 'in process' },
      { name: 'metrics', via: 'in process' },
    ]);
    for (const name of ['logs', 'git', 'metrics']) expect(pidOf(router, name)).toBeUndefined();
    expect(router.tools().map((t) => t.name)).toEqual(expect.arrayContaining(['log_patterns', 'get_deployments']));
  });

  it('with isolate, starts each as its own subprocess, which stops when the router closes', async () => {
    const inProcess = await startServers({ source, servers: ['git'] });
    const expected = await deployments(inProcess);
    const tools = inProcess.tools().map((t) => t.name);
    await inProcess.close();

    const starting: StartingServer[] = [];
    router = await startServers({ source, servers: ['git'], isolate: true, onStarting: (s) => starting.push(...s) });
    expect(starting).toEqual([{ name: 'git', via: 'subprocess' }]);
    const pid = pidOf(router, 'git');
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(isRunning(pid!)).toBe(true);
    expect(router.tools().map((t) => t.name)).toEqual(tools);
    expect(await deployments(router)).toEqual(expected);
    await router.close();
    router = undefined;
    await expect.poll(() => isRunning(pid!), { timeout: 10_000 }).toBe(false);
  }, 60_000);

  it('names the server that could not start, in either mode', async () => {
    const bad = { dataDir: '/nonexistent-bundle', env: {} };
    await expect(startServers({ source: bad, servers: ['logs'] })).rejects.toThrow(/MCP server "logs" did not start/);
    await expect(startServers({ source: bad, servers: ['logs'], isolate: true })).rejects.toThrow(
      /MCP server "logs" did not start/,
    );
  }, 60_000);
});
