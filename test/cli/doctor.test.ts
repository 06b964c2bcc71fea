import { describe, expect, it } from 'vitest';
import { checkServer, CONFIGURED_BY, isHealthy, renderHealth } from '../../src/cli/doctor.js';
import { SERVERS } from '../../src/servers/registry.js';
import type { ServerSpec } from '../../src/servers/types.js';

function spec(
  name: string,
  opts: { configured: boolean; ok?: boolean; throws?: boolean },
): ServerSpec & { closed: boolean } {
  const s = {
    name,
    aliases: [],
    summary: `${name} summary`,
    closed: false,
    isConfigured: () => opts.configured,
    async create() {
      if (opts.throws) throw new Error('cannot open /x/logs');
      return {
        tools: [],
        backend: 'file',
        checkHealth: async () => [
          { name: 'data', ok: opts.ok ?? true, detail: opts.ok === false ? 'no files' : '3 files' },
        ],
        close: async () => {
          s.closed = true;
        },
      };
    },
  };
  return s;
}

describe('doctor', () => {
  const source = { env: {} };

  it('runs the checks of configured servers and closes them', async () => {
    const s = spec('logs', { configured: true });
    const r = await checkServer(s, source);
    expect(r).toEqual({
      server: 'logs',
      configured: true,
      backend: 'file',
      checks: [{ name: 'data', ok: true, detail: '3 files' }],
    });
    expect(s.closed).toBe(true);
  });

  it('turns a failure to start into a failed check, and skips unconfigured servers', async () => {
    const failed = await checkServer(spec('git', { configured: true, throws: true }), source);
    expect(failed.checks[0]).toMatchObject({ name: 'start', ok: false, detail: 'cannot open /x/logs' });
    expect(await checkServer(spec('k8s', { configured: false }), source)).toMatchObject({
      configured: false,
      checks: [],
    });
  });

  it('is healthy only when every configured check passes, and lists the unconfigured', async () => {
    const specs = [
      spec('logs', { configured: true }),
      spec('metrics', { configured: true, ok: false }),
      spec('k8s', { configured: false }),
    ];
    const results = await Promise.all(specs.map((s) => checkServer(s, source)));
    expect(isHealthy(results)).toBe(false);
    expect(isHealthy([results[0], results[2]])).toBe(true);
    const text = renderHealth(results, specs);
    expect(text).toContain('logs (backend: file)');
    expect(text).toContain('FAIL data: no files');
    expect(text).toMatch(
      /Not configured \(1\), found none of:\n  k8s: DIR\/k8s, --kubeconfig, KUBECONFIG, --kube-context/,
    );
    expect(text).toContain('Some checks failed (1 of 2).');
  });

  it('with nothing configured, says what it looked for and that nothing was checked, not that all checks pass', async () => {
    const specs = [spec('logs', { configured: false }), spec('custom', { configured: false })];
    const results = await Promise.all(specs.map((s) => checkServer(s, source)));
    const text = renderHealth(results, specs, undefined, { sampleDir: '/pkg/samples/x' });
    expect(text).toMatch(/^Data: none given \(--data DIR\)$/m);
    expect(text).toContain('  logs: DIR/logs, LOKI_URL, ELASTICSEARCH_URL');
    expect(text).toContain('  custom: custom summary');
    expect(text).toContain('No server is configured, so no backend was checked.');
    expect(text).toContain('incident-pilot doctor --data /pkg/samples/x');
    expect(text).not.toContain('All configured checks pass');
  });

  it('says what configures every registered server', () => {
    for (const s of SERVERS) expect(CONFIGURED_BY[s.name], s.name).toBeTruthy();
  });
});
