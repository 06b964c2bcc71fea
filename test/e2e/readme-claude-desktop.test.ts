// The README's Claude Desktop section, run as written: each documented entry starts a server that lists its tools
// (from the checkout, and from `npm pack` + `npm install` in a temp dir), and the same file works with analyze
// --config.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatadogFake } from '../fakes/datadog.js';
import { REPO, runCli, SAMPLE } from './helpers.js';

interface Entry {
  command: string;
  args: string[];
}

const section = (() => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('## Using one server from Claude Desktop');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();
const jsonBlocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]) as { mcpServers: Record<string, Entry> },
);
const bashLines = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((m) =>
  m[1].split('\n').filter((l) => l.trim() && !l.startsWith('#')),
);

const NODE_BIN_DIR = dirname(process.execPath);
let prefix: string;
let tarball: string;
const scratch: string[] = [];

/**
 * Where to install the package: the install writes some 225 MB in thousands of files, which a tmpfs takes with less
 * system time than a disk. Only a roomy one: a container's /dev/shm is often 64 MB.
 */
const TMPFS_MAGIC = 0x01021994;
function installRoot(): string {
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize > 2 ** 30) return '/dev/shm';
  } catch {
    // no /dev/shm: the temp dir
  }
  return tmpdir();
}

/** The README's placeholders, made real: this checkout, the sample bundle, the tarball and the install prefix. */
function fill(text: string): string {
  return text
    .replaceAll('/path/to/incident-pilot-0.1.0.tgz', tarball)
    .replaceAll('/path/to/incident-pilot', REPO.replace(/\/$/, ''))
    .replaceAll('/path/to/incident', SAMPLE)
    .replaceAll('/opt/incident-pilot', prefix);
}

async function listTools(entry: Entry): Promise<string[]> {
  const client = new Client({ name: 'readme-test', version: '0.0.0' });
  // Claude Desktop's PATH: the system's, plus a Node 22+ (here the project's Node 24) for the forms that need one.
  const env = { PATH: `${NODE_BIN_DIR}:/usr/local/bin:/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp' };
  await client.connect(
    new StdioClientTransport({ command: fill(entry.command), args: entry.args.map(fill), env, stderr: 'ignore' }),
    { timeout: 120_000 },
  );
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

describe("README's Claude Desktop section", () => {
  beforeAll(async () => {
    prefix = mkdtempSync(join(installRoot(), 'ip-prefix-'));
    const packDir = mkdtempSync(join(tmpdir(), 'ip-pack-'));
    // dist/ is built already (e2e precondition): pack it without running the build again.
    const { stdout } = await promisify(execFile)(
      'npm',
      ['pack', '--pack-destination', packDir, '--ignore-scripts', '--json'],
      { cwd: REPO, timeout: 300_000 },
    );
    tarball = join(packDir, (JSON.parse(stdout) as Array<{ filename: string }>)[0].filename);
    scratch.push(prefix, packDir);
  }, 300_000);
  afterAll(() => {
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('documents no npx -y form (the package is not published)', () => {
    for (const block of jsonBlocks)
      for (const e of Object.values(block.mcpServers))
        expect(`${e.command} ${e.args.join(' ')}`).not.toMatch(/^npx\b.*-y\b/);
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(2);
  });

  it('the packed tarball holds the built CLI and the sample', async () => {
    const { stdout } = await promisify(execFile)('tar', ['tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toContain('package/dist/cli/main.js');
    expect(stdout).toContain('package/bin/incident-pilot.js');
    expect(stdout).toContain('package/samples/checkout-db-pool/incident.txt');
  });

  it('the checkout form starts the logs server', async () => {
    const entry = Object.values(jsonBlocks[0].mcpServers)[0];
    expect(entry.args.join(' ')).toContain('/path/to/incident-pilot/bin/incident-pilot.js');
    expect(await listTools(entry)).toEqual(expect.arrayContaining(['read_logs', 'search_logs', 'log_patterns']));
  });

  it('the tarball form, installed as the README says, starts the logs server', async () => {
    const install = bashLines.find((l) => l.startsWith('npm install --prefix'));
    expect(install).toBeDefined();
    const [cmd, ...args] = fill(install!).split(/\s+/);
    // The documented command, with flags that only keep it off the network when the npm cache has the packages.
    await promisify(execFile)(cmd, [...args, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: tmpdir(),
      timeout: 900_000,
      env: { ...process.env, PATH: `${NODE_BIN_DIR}:${process.env.PATH}` },
    });
    const entry = Object.values(jsonBlocks[1].mcpServers)[0];
    expect(entry.command).toBe('/opt/incident-pilot/node_modules/.bin/incident-pilot');
    expect(await listTools(entry)).toEqual(expect.arrayContaining(['read_logs', 'search_logs', 'log_patterns']));
  }, 900_000);

  it('the installed package reads Datadog with its bundled client: the 133 MB client package is not installed', async () => {
    const installed = join(prefix, 'node_modules');
    expect(existsSync(join(installed, 'incident-pilot'))).toBe(true);
    expect(existsSync(join(installed, '@datadog'))).toBe(false);
    const t0 = Date.parse('2025-03-06T10:00:00Z') / 1000;
    const fake = await startDatadogFake(
      {
        series: [
          {
            name: 'http_error_ratio',
            labels: { service: 'checkout' },
            points: [0, 1, 2].map((i) => [t0 + 60 * i, 0.01 * (i + 1)] as [number, number]),
          },
        ],
        deployments: [],
      },
      { apiKey: 'dd-api', appKey: 'dd-app' },
    );
    const empty = mkdtempSync(join(tmpdir(), 'ip-dd-'));
    scratch.push(empty);
    const client = new Client({ name: 'readme-test', version: '0.0.0' });
    try {
      await client.connect(
        new StdioClientTransport({
          command: join(installed, '.bin', 'incident-pilot'),
          args: ['server', 'metrics', '--data', empty],
          env: {
            PATH: `${NODE_BIN_DIR}:/usr/bin:/bin`,
            HOME: process.env.HOME ?? '/tmp',
            DD_API_KEY: 'dd-api',
            DD_APP_KEY: 'dd-app',
            DD_API_URL: fake.url,
          },
          stderr: 'ignore',
        }),
        { timeout: 120_000 },
      );
      const res = await client.callTool({
        name: 'get_metrics',
        arguments: { since: '2025-03-06T09:00:00Z', until: '2025-03-06T11:00:00Z' },
      });
      expect(res.isError).toBeFalsy();
      const { series } = res.structuredContent as { series: Array<{ name: string; service: string | null }> };
      expect(series).toEqual([expect.objectContaining({ name: 'http_error_ratio', service: 'checkout' })]);
    } finally {
      await client.close();
      await fake.close();
    }
  });

  it('the same file works with analyze --config: our logs server starts once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-claude-'));
    scratch.push(dir);
    const config = join(dir, 'claude_desktop_config.json');
    writeFileSync(config, fill(JSON.stringify(jsonBlocks[0])));
    const run = await runCli(['analyze', '500 errors on checkout API', '--data', SAMPLE, '--config', config, '--json']);
    expect(run.stderr).not.toMatch(/offered by both/);
    expect(run.stderr).toContain(`--config entry "incident-logs" is incident-pilot's logs server: started once`);
    expect(run.stderr).toContain('[1/6] Starting 3 MCP servers...');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { rootCause: unknown }).rootCause).toBeTruthy();
  });

  it('says exactly what to change when the entry reads another bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-claude-'));
    scratch.push(dir);
    const other = join(dir, 'incident');
    cpSync(SAMPLE, other, { recursive: true });
    const config = join(dir, 'claude_desktop_config.json');
    writeFileSync(config, fill(JSON.stringify(jsonBlocks[0])).replaceAll(SAMPLE, other));
    const run = await runCli(['analyze', 'x', '--data', SAMPLE, '--config', config, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `reads --data ${other} while the other servers read ${SAMPLE}; to analyze one bundle, pass --data ${other} to analyze`,
    );
  });
});
