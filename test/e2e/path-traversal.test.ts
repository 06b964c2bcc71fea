// Every string argument of every tool of every server, sent traversal values over stdio: nothing outside --data
// is ever read back, and every server still answers afterwards. Tools come from tools/list, so new ones are covered.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVERS } from '../../src/servers/registry.js';
import { makeFullBundle, type FullBundle } from './full-bundle.js';
import { BIN } from './helpers.js';
import { minimalArgs, stringSlots, type JsonSchema } from './schema-args.js';

let bundle: FullBundle;

function traversalValues(b: FullBundle): string[] {
  const upToRoot = '../'.repeat(12);
  return [
    '../../../../outside-secret',
    '../../../outside-secret.log',
    '../outside-secret',
    '..',
    '../',
    `${upToRoot}${b.root.slice(1)}/outside-secret`,
    b.secretFiles[0],
    join(b.root, 'outside-secret.log'),
    '/etc/passwd',
    `x\u0000../../../outside-secret`,
    '\u0000',
    'escape',
    'escape-rel',
    'updir/outside-secret',
    'updir',
    'updir/../../outside-secret',
    '..\\..\\..\\outside-secret',
    '%2e%2e%2f%2e%2e%2foutside-secret',
    `file://${b.secretFiles[0]}`,
  ];
}

interface Connected {
  name: string;
  client: Client;
  tools: Array<{ name: string; inputSchema: JsonSchema }>;
}

async function connect(name: string, extra: string[] = []): Promise<Connected> {
  const client = new Client({ name: 'traversal-test', version: '0.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'server', name, '--data', bundle.data, ...extra],
      stderr: 'ignore',
    }),
  );
  const { tools } = await client.listTools();
  return { name, client, tools: tools as Connected['tools'] };
}

describe('path traversal through tool arguments, over stdio', () => {
  const servers: Connected[] = [];
  beforeAll(async () => {
    bundle = makeFullBundle({ withEscapes: true });
    expect(readlinkSync(join(bundle.data, 'k8s', 'logs', 'escape.log'))).toContain('outside-secret');
    for (const s of SERVERS) servers.push(await connect(s.name, s.name === 'k8s' ? ['--allow-writes'] : []));
  });
  afterAll(async () => {
    for (const s of servers) await s.client.close().catch(() => {});
    if (bundle) rmSync(bundle.root, { recursive: true, force: true });
  });

  it('reaches every server, each with tools', () => {
    expect(servers.map((s) => s.name)).toEqual(SERVERS.map((s) => s.name));
    for (const s of servers) expect(s.tools.length, s.name).toBeGreaterThan(0);
    // The fixture itself works: the real pod log is readable, so a refusal below is the guard, not a broken bundle.
  });

  it('get_pod_logs reads a real pod log from the bundle', async () => {
    const k8s = servers.find((s) => s.name === 'k8s')!;
    const res = await k8s.client.callTool({
      name: 'get_pod_logs',
      arguments: { pod: 'inventory-service-7d9f8c3c-jhjzg' },
    });
    expect(JSON.stringify(res.content)).toContain('OutOfMemoryError');
  });

  it('never returns the secret outside --data, for any string argument of any tool', async () => {
    const values = traversalValues(bundle);
    const leaks: string[] = [];
    let calls = 0;
    await Promise.all(
      servers.map(async (s) => {
        for (const tool of s.tools) {
          const base = minimalArgs(tool.inputSchema);
          for (const slot of stringSlots(tool.inputSchema)) {
            for (const v of values) {
              const args = slot.put(base, v);
              calls++;
              let seen: string;
              try {
                const res = await s.client.callTool({ name: tool.name, arguments: args }, { timeout: 60_000 });
                seen = JSON.stringify(res);
              } catch (err) {
                seen = String((err as Error).message);
              }
              if (seen.includes(bundle.secret)) leaks.push(`${s.name}.${tool.name} ${slot.path}=${JSON.stringify(v)}`);
            }
          }
        }
      }),
    );
    expect(calls).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  }, 600_000);

  it('every server still answers afterwards', async () => {
    for (const s of servers) {
      const { tools } = await s.client.listTools();
      expect(tools.length, s.name).toBe(s.tools.length);
      await expect(s.client.ping()).resolves.toBeDefined();
    }
  });
});
