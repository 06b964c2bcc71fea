// End to end: an independent MCP client (the official inspector, through its own `mcp-inspector` launcher) lists a
// server's tools, under a name and under an alias. Every server is started by the Inspector's CLI, and one of its
// tools called, in sdk1-clients.test.ts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, SAMPLE } from './helpers.js';

const INSPECTOR = join(REPO, 'node_modules', '.bin', 'mcp-inspector');

async function listTools(server: string, data: string[] = ['--data', SAMPLE]): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    INSPECTOR,
    ['--cli', process.execPath, BIN, 'server', server, ...data, '--method', 'tools/list'],
    { cwd: REPO, timeout: 180_000 },
  );
  return (JSON.parse(stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
}

describe('servers seen by the MCP inspector', () => {
  it.each([
    ['logs', ['read_logs', 'search_logs']],
    ['datadog', ['get_metrics', 'get_anomalies', 'get_error_rates']],
  ])(
    '%s lists %j',
    async (server, expected) => {
      const names = await listTools(server);
      expect(names).toEqual(expect.arrayContaining(expected));
    },
    240_000,
  );

  it('serves the bundled sample when started with no data, as a newcomer would try it', async () => {
    expect(await listTools('logs', [])).toEqual(expect.arrayContaining(['read_logs', 'search_logs', 'log_patterns']));
  }, 240_000);
});
