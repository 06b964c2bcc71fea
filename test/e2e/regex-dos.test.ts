// A regex that would backtrack forever in V8 must come back promptly from the real logs server over stdio, which then
// still answers.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, SAMPLE } from './helpers.js';

// Far above what a linear-time search of the sample takes on a loaded machine, far below "hung".
const CALL_DEADLINE_MS = 60_000;

describe('search_logs with catastrophic-backtracking regexes, over stdio', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'regex-dos-test', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'server', 'logs', '--data', SAMPLE],
        stderr: 'ignore',
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
  });

  it.each(['(?:.*)(?:.*)(?:.*)(?:.*)(?:.*)(?:.*)Z', '.*x*.*x*.*x*.*x*.*Z', '(.*a){12}Z', '(\\w+\\s?)+$Z'])(
    '%s returns, and the next call works',
    async (pattern) => {
      const started = Date.now();
      const res = await client.callTool(
        {
          name: 'search_logs',
          arguments: { pattern, regex: true, since: '2025-01-15T00:00:00Z', until: '2025-01-16T00:00:00Z' },
        },
        { timeout: CALL_DEADLINE_MS },
      );
      expect(res.isError, JSON.stringify(res.content)).toBeFalsy();
      expect((res.structuredContent as { totalMatches: number }).totalMatches).toBeGreaterThanOrEqual(0);
      expect(Date.now() - started).toBeLessThan(CALL_DEADLINE_MS);
      const next = await client.callTool(
        {
          name: 'search_logs',
          arguments: { pattern: 'timeout', since: '2025-01-15T00:00:00Z', until: '2025-01-16T00:00:00Z' },
        },
        { timeout: 30_000 },
      );
      expect((next.structuredContent as { totalMatches: number }).totalMatches).toBeGreaterThan(0);
    },
  );

  it('lookahead is a tool error naming the feature, and the server goes on', async () => {
    const res = await client.callTool({
      name: 'search_logs',
      arguments: { pattern: 'pool(?= exhausted)', regex: true },
    });
    expect(res.isError).toBe(true);
    expect(JSON.stringify(res.content)).toMatch(/lookahead.*RE2/);
    const next = await client.callTool({ name: 'read_logs', arguments: { limit: 1 } });
    expect(next.isError).toBeFalsy();
  });
});
