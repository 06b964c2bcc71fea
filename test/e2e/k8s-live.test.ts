// End to end: `incident-pilot server k8s --kubeconfig FILE --kube-context NAME` over stdio reaches the fake API server
// with the token an exec credential plugin prints, as `aws eks get-token` would.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, writeKubeconfig, writeKubeconfigFile, type FakeKube } from '../fakes/kube-api.js';
import { BIN } from './helpers.js';

const TOKEN = 'eks-token-from-plugin';
let kube: FakeKube;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ip-e2e-kube-'));
  kube = await startFakeKubeApi({
    token: TOKEN,
    pods: [
      {
        metadata: { name: 'cart-1', namespace: 'shop', labels: { app: 'cart' } },
        spec: { containers: [{ name: 'cart' }] },
        status: { phase: 'Running' },
      },
    ],
  });
});
afterAll(async () => {
  await kube?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('k8s server with a kubeconfig exec login', () => {
  it('--kubeconfig and --kube-context reach the server subprocess; the plugin token is sent', async () => {
    const plugin = join(dir, 'get-token.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: TOKEN } })}'\n`,
    );
    chmodSync(plugin, 0o755);
    const file = writeKubeconfigFile(join(dir, 'eks', 'config'), kube.url, [
      { name: 'other', namespace: 'default', user: { token: 'nope' } },
      { name: 'eks', namespace: 'shop', user: { exec: { command: plugin } } },
    ]);
    // KUBECONFIG names a different file: --kubeconfig must win.
    const decoy = writeKubeconfig(join(dir, 'decoy'), kube.url, 'decoy-token');
    const client = new Client({ name: 'e2e', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'server', 'k8s', '--kubeconfig', file, '--kube-context', 'eks'],
        env: { ...(process.env as Record<string, string>), KUBECONFIG: decoy },
        stderr: 'ignore',
      }),
    );
    try {
      const res = await client.callTool({ name: 'kubectl_get_pods', arguments: {} });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as { pods: Array<{ name: string }> }).pods.map((p) => p.name)).toEqual(['cart-1']);
    } finally {
      await client.close();
    }
    const auth = kube.requests
      .filter((r) => r.path === '/api/v1/namespaces/shop/pods')
      .map((r) => r.headers.authorization);
    expect(auth).toEqual([`Bearer ${TOKEN}`]);
  });
});
