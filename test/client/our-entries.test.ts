// Our own servers in a --config file (Claude Desktop's mcpServers) are recognised in every launch form, and start once.
import { describe, expect, it } from 'vitest';
import { recognizeOurServer } from '../../src/client/config.js';
import type { ServerTarget } from '../../src/client/connect.js';
import { ourEntryTarget, CLI_BIN } from '../../src/client/start.js';
import { SERVERS } from '../../src/servers/registry.js';

const stdio = (command: string, args: string[], extra: Partial<ServerTarget> = {}): ServerTarget =>
  ({ name: 'entry', kind: 'stdio', command, args, ...extra }) as ServerTarget;

describe('recognizeOurServer', () => {
  it.each([
    [
      'checkout, node on PATH',
      stdio('node', ['/src/incident-pilot/bin/incident-pilot.js', 'server', 'logs', '--data', '/d']),
    ],
    [
      'checkout, project node',
      stdio('/src/incident-pilot/node_modules/.bin/node', [
        '/src/incident-pilot/bin/incident-pilot.js',
        'server',
        'logs',
        '--data',
        '/d',
      ]),
    ],
    [
      'node with flags, dist entry',
      stdio('/usr/bin/node', ['--enable-source-maps', '/x/dist/cli/main.js', 'server', 'logs', '--data', '/d']),
    ],
    [
      'installed bin',
      stdio('/opt/incident-pilot/node_modules/.bin/incident-pilot', ['server', 'logs', '--data', '/d']),
    ],
    ['global bin', stdio('incident-pilot', ['server', 'logs', '--data', '/d'])],
    ['npx -y', stdio('npx', ['-y', 'incident-pilot', 'server', 'logs', '--data', '/d'])],
    [
      'npx --package tarball',
      stdio('npx', [
        '--yes',
        '--package',
        '/tmp/incident-pilot-0.1.0.tgz',
        'incident-pilot',
        'server',
        'logs',
        '--data',
        '/d',
      ]),
    ],
    [
      'Windows',
      stdio('C:\\Program Files\\nodejs\\node.exe', [
        'C:\\src\\incident-pilot\\bin\\incident-pilot.js',
        'server',
        'logs',
        '--data',
        '/d',
      ]),
    ],
  ])('knows %s', (_form, target) => {
    expect(recognizeOurServer(target, SERVERS)).toMatchObject({
      entry: 'entry',
      server: 'logs',
      flags: ['--data', '/d'],
    });
  });

  it('resolves aliases (datadog is the metrics server)', () => {
    expect(recognizeOurServer(stdio('incident-pilot', ['server', 'datadog']), SERVERS)?.server).toBe('metrics');
  });

  it.each([
    ['another node server', stdio('node', ['/srv/other-mcp/index.js', 'server', 'logs'])],
    ['our CLI, another command', stdio('incident-pilot', ['analyze', 'x'])],
    ['an unknown server name', stdio('incident-pilot', ['server', 'nope'])],
    ['another npx package', stdio('npx', ['-y', '@modelcontextprotocol/server-filesystem', 'server', 'logs'])],
    ['HTTP', { name: 'h', kind: 'http', url: 'https://mcp.example.com/mcp' } as ServerTarget],
  ])('leaves %s alone', (_form, target) => {
    expect(recognizeOurServer(target, SERVERS)).toBeNull();
  });
});

describe('ourEntryTarget', () => {
  it("starts our launcher with the entry's flags and env, adding this run's flags the entry leaves out", () => {
    const notes: string[] = [];
    const t = ourEntryTarget(
      { entry: 'incident-logs', server: 'logs', flags: ['--data', '/other'], env: { LOKI_TENANT: 't1' } },
      { dataDir: '/bundle', until: '2025-01-15T15:00:00Z', env: {} },
      (m) => notes.push(m),
    );
    expect(t).toMatchObject({
      kind: 'stdio',
      command: process.execPath,
      args: [CLI_BIN, 'server', 'logs', '--data', '/other', '--until', '2025-01-15T15:00:00Z'],
    });
    expect(t.kind === 'stdio' && t.env?.LOKI_TENANT).toBe('t1');
    expect(notes[0]).toMatch(/"incident-logs" is incident-pilot's logs server: started once/);
    expect(notes[1]).toMatch(
      /reads --data \/other while the other servers read \/bundle; .*pass --data \/other to analyze/,
    );
  });
});
