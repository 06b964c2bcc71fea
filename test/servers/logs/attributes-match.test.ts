import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogsBackend } from '../../../src/servers/logs/backends/file.js';

const dir = mkdtempSync(join(tmpdir(), 'ip-attr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('text match on attributes', () => {
  it('finds a JSON entry by a trace id that is only in its fields', async () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(
      join(dir, 'logs', 'api.jsonl'),
      [
        JSON.stringify({
          timestamp: '2025-01-01T00:00:01Z',
          level: 'error',
          service: 'api',
          message: 'payment failed',
          trace_id: 'abc123def456',
        }),
        JSON.stringify({
          timestamp: '2025-01-01T00:00:02Z',
          level: 'info',
          service: 'api',
          message: 'ok',
          trace_id: 'ffff0000',
        }),
      ].join('\n'),
    );
    const backend = createFileLogsBackend(dir);
    const found = [];
    for await (const batch of backend.scan({
      range: { from: 0, to: Date.parse('2026-01-01') },
      match: { source: 'abc123def456', regex: false, caseSensitive: false },
    }))
      found.push(...batch);
    expect(found.map((e) => e.message)).toEqual(['payment failed']);
    await backend.close();
  });
});
