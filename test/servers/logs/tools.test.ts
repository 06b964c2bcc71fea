import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPatternsOutput, ReadLogsOutput, SearchLogsOutput } from '../../../src/core/contracts/logs.js';
import { logsServer } from '../../../src/servers/logs/index.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { scenario } from '../../helpers/paths.js';

const SCENARIO = join(scenario('checkout-db-pool'), 'logs');
let dir: string;
let tc: ToolClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logs-tools-'));
  cpSync(SCENARIO, join(dir, 'logs'), { recursive: true });
  const instance = await logsServer.create({ dataDir: dir, env: {} });
  tc = await connectTools('logs', instance.tools);
});

afterAll(async () => {
  await tc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logs server over MCP', () => {
  it('lists its read-only tools (with check_logs_environment) with output schemas', async () => {
    const { tools } = await tc.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'check_logs_environment',
      'log_patterns',
      'read_logs',
      'search_logs',
    ]);
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint).toBe(true);
      expect(t.outputSchema).toBeDefined();
    }
  });

  it('search_logs finds "pool exhausted" with file:line refs and per-minute counts', async () => {
    const r = await tc.call('search_logs', { pattern: 'pool exhausted', limit: 5 });
    expect(r.isError).toBe(false);
    const s = r.structured as unknown as SearchLogsOutput;
    expect(s.regex).toBe(false);
    expect(s.totalMatches).toBeGreaterThan(100);
    expect(s.matches).toHaveLength(5);
    expect(s.truncated).toBe(true);
    expect(s.matches[0].ref).toMatch(/^logs\/checkout-api\.log:\d+$/);
    expect(s.perMinute.reduce((n, p) => n + p.count, 0)).toBe(s.totalMatches);
    expect(s.byService).toEqual([{ service: 'checkout-api', count: s.totalMatches }]);
    expect(s.firstMatch! <= s.lastMatch!).toBe(true);
    expect(r.text).toContain('logs/checkout-api.log:');
  });

  it('search_logs with nothing found says what was searched and what to try', async () => {
    const r = await tc.call('search_logs', { pattern: 'no such text anywhere', service: 'frontend', level: 'ERROR' });
    const s = r.structured as unknown as SearchLogsOutput;
    expect(s.totalMatches).toBe(0);
    expect(s.note).toMatch(/frontend/);
    expect(s.note).toMatch(/drop the level filter/);
    expect(s.note).toMatch(/checkout-api/);
  });

  it('a catastrophic regex runs in linear time, a lookahead is an error result, and the server still answers', async () => {
    const started = Date.now();
    const slow = await tc.call('search_logs', { pattern: '(a+)+$', regex: true });
    expect(slow.isError).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    const bad = await tc.call('search_logs', { pattern: 'a(?=b)', regex: true });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/lookahead/);
    const invalid = await tc.call('search_logs', { pattern: 'a(b', regex: true });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).toMatch(/invalid regex/);
    const ok = await tc.call('search_logs', { pattern: 'pool (exhausted|usage)', limit: 1 });
    expect(ok.isError).toBe(false);
    expect((ok.structured as unknown as SearchLogsOutput).regex).toBe(true);
  });

  it('unknown arguments and bad times are errors the model can read', async () => {
    expect((await tc.call('read_logs', { services: 'x' })).isError).toBe(true);
    const r = await tc.call('read_logs', { since: 'yesterday-ish' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/since/);
  });

  it('read_logs pages with a cursor: consecutive, disjoint pages in time order', async () => {
    const args = { since: '2025-01-15T14:46:00Z', until: '2025-01-15T14:50:00Z', service: 'checkout-api', limit: 40 };
    const seen: string[] = [];
    let cursor: string | null = null;
    let lastTime = '';
    for (let page = 0; page < 4; page++) {
      const r = await tc.call('read_logs', cursor ? { ...args, cursor } : args);
      const s = r.structured as unknown as ReadLogsOutput;
      expect(s.returned).toBe(40);
      for (const e of s.entries) {
        expect(e.time >= lastTime).toBe(true);
        lastTime = e.time;
        seen.push(e.ref);
      }
      cursor = s.nextCursor;
      expect(cursor).not.toBeNull();
    }
    expect(new Set(seen).size).toBe(seen.length);
    // The pages together equal one big page.
    const whole = (await tc.call('read_logs', { ...args, limit: 160 })).structured as unknown as ReadLogsOutput;
    expect(whole.entries.map((e) => e.ref)).toEqual(seen);
  });

  it('read_logs uses the last 6 hours of the data by default and filters by level', async () => {
    const s = (await tc.call('read_logs', { level: 'error', limit: 3 })).structured as unknown as ReadLogsOutput;
    expect(s.window.to).toBe('2025-01-15T15:29:59.962Z');
    expect(s.window.from).toBe('2025-01-15T12:15:00.068Z'); // clipped to the start of the data
    expect(s.entries.every((e) => e.level === 'ERROR' || e.level === 'FATAL')).toBe(true);
  });

  it('log_patterns marks the late error template as new and ranks it first', async () => {
    const r = await tc.call('log_patterns', {});
    expect(r.isError).toBe(false);
    const s = r.structured as unknown as LogPatternsOutput;
    expect(s.totalEntries).toBeGreaterThan(20_000);
    const pool = s.templates.find(
      (t) => t.service === 'checkout-api' && t.template.includes('Connection pool exhausted'),
    );
    expect(pool).toBeDefined();
    expect(pool!.isNew).toBe(true);
    expect(pool!.level).toBe('ERROR');
    expect(pool!.ref).toMatch(/^logs\/checkout-api\.log:\d+$/);
    expect(pool!.rate.stepSeconds).toBe(60);
    expect(pool!.rate.counts.reduce((a, b) => a + b, 0)).toBe(pool!.count);
    expect(s.templates[0].isNew || s.templates[0].rateJump >= 3).toBe(true);
    expect(['ERROR', 'FATAL']).toContain(s.templates[0].level);
    // The busiest INFO template of the service runs all along: not new, no surge.
    const steady = s.templates
      .filter((t) => t.service === 'checkout-api' && t.level === 'INFO')
      .sort((a, b) => b.count - a.count)[0];
    expect(steady.isNew).toBe(false);
    expect(steady.baselinePerMinute).toBeGreaterThan(1);
    // Same template text and service give the same id on a second call.
    const again = (await tc.call('log_patterns', {})).structured as unknown as LogPatternsOutput;
    expect(again.templates.find((t) => t.id === pool!.id)?.template).toBe(pool!.template);
  });

  it('log_patterns honours limit with an omitted count', async () => {
    const s = (await tc.call('log_patterns', { limit: 2 })).structured as unknown as LogPatternsOutput;
    expect(s.templates).toHaveLength(2);
    expect(s.omitted).toBeGreaterThan(0);
  });
});

describe('logs server spec', () => {
  it('is configured by a logs/ folder or a Loki/Elasticsearch URL', () => {
    expect(logsServer.isConfigured({ dataDir: dir, env: {} })).toBe(true);
    expect(logsServer.isConfigured({ dataDir: join(dir, 'logs'), env: {} })).toBe(false);
    expect(logsServer.isConfigured({ env: { LOKI_URL: 'http://loki:3100' } })).toBe(true);
  });

  it('reports health', async () => {
    const instance = await logsServer.create({ dataDir: dir, env: {} });
    const checks = await instance.checkHealth();
    expect(checks.find((c) => c.name === 'log files')?.detail).toMatch(/4 file/);
    expect(checks.every((c) => c.ok)).toBe(true);
  });
});
