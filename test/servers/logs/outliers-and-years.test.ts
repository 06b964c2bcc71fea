// One stray line dated 2099 (or 1970) is dropped with a warning and does not move the window; timestamps
// without a year take it from --until, from the bundle's dated lines, or from the clock.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogPatternsOutput } from '../../../src/core/contracts/logs.js';
import { createFileLogsBackend } from '../../../src/servers/logs/backends/file.js';
import { logsServer } from '../../../src/servers/logs/index.js';
import { connectTools } from '../../helpers/mcp-pair.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'logs-outliers-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'logs'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'logs', name), content);
  return dir;
}

function minutes(n: number, from: number, line: (iso: string, i: number) => string): string {
  return Array.from({ length: n }, (_, i) => line(new Date(from + i * 60_000).toISOString(), i)).join('\n') + '\n';
}

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('implausible times', () => {
  it('a 2099 line at the end of a file and a 1970 line are dropped with warnings; the extent is where the data is', async () => {
    const body = minutes(120, T0, (iso, i) => `${iso} ${i > 100 ? 'ERROR' : 'INFO'} [api] request ${i}`);
    const dir = bundle({
      'api.log': `1970-01-01T00:00:01Z INFO [api] clock not set\n${body}2099-01-01T00:00:00Z ERROR [api] bogus clock\n`,
      'web.jsonl': `{"ts":"2025-01-15T12:30:00Z","level":"info","msg":"ok"}\n{"ts":4102444800,"level":"error","msg":"future"}\n`,
    });
    const b = createFileLogsBackend(dir);
    expect(await b.extent()).toEqual({ from: T0, to: T0 + 119 * 60_000 });
    const s = await b.summary!();
    expect(s.droppedEntries).toBe(3);
    const w = b.warnings();
    expect(w).toContainEqual({
      where: 'logs/api.log:122',
      message: expect.stringMatching(/^implausible time 2099-01-01T00:00:00Z .*entry dropped/),
    });
    expect(w).toContainEqual({
      where: 'logs/api.log:1',
      message: expect.stringMatching(/^implausible time 1970-01-01T00:00:01Z/),
    });
    expect(w).toContainEqual({
      where: 'logs/web.jsonl:2',
      message: expect.stringMatching(/^implausible time 2100-01-01/),
    });
    const all: string[] = [];
    for await (const batch of b.scan({ range: { from: 0, to: 8.64e15 } })) all.push(...batch.map((e) => e.message));
    expect(all).not.toContain('bogus clock');
    expect(all).toHaveLength(121);
  });

  it('the default window of the tools ends at the data, not at the stray line', async () => {
    const dir = bundle({
      'api.log': `${minutes(60, T0, (iso, i) => `${iso} INFO [api] tick ${i}`)}2099-06-01T00:00:00Z ERROR [api] stray\n`,
    });
    const instance = await logsServer.create({ dataDir: dir, env: {} });
    const tc = await connectTools('logs', instance.tools);
    try {
      const r = (await tc.call('log_patterns', {})).structured as unknown as LogPatternsOutput;
      expect(r.window.to).toBe('2025-01-15T12:59:00.001Z');
      expect(r.totalEntries).toBe(60);
      expect(r.source?.droppedEntries).toBe(1);
    } finally {
      await tc.close();
      await instance.close();
    }
  });

  it('a large sorted file whose last line is dated 2099 keeps its real extent and still seeks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++)
      lines.push(
        `${new Date(T0 + i * 1000).toISOString()} INFO [big] request ${i} handled in ${i % 97}ms by worker ${i % 13}`,
      );
    lines.push('2099-01-01T00:00:00Z ERROR [big] stray');
    const b = createFileLogsBackend(bundle({ 'big.log': lines.join('\n') + '\n' }));
    expect(await b.extent()).toEqual({ from: T0, to: T0 + 29_999_000 });
    const found: number[] = [];
    for await (const batch of b.scan({ range: { from: T0 + 20_000_000, to: T0 + 20_010_000 } }))
      found.push(...batch.map((e) => e.ts));
    expect(found).toHaveLength(10);
  });
});

describe('the year of yearless timestamps', () => {
  const syslog =
    'Dec 30 23:59:00 h app[1]: before midnight\nDec 31 23:59:59 h app[1]: last of the year\nJan  1 00:00:30 h app[1]: new year\n';

  it("comes from the bundle's dated lines; a file that crosses New Year stays in order", async () => {
    const dir = bundle({ syslog: syslog, 'api.log': '2026-01-01T00:05:00Z INFO [api] up\n' });
    const b = createFileLogsBackend(dir, { now: () => Date.UTC(2030, 5, 1) });
    const got: Array<[string, number]> = [];
    for await (const batch of b.scan({ range: { from: 0, to: 8.64e15 } }))
      got.push(...batch.map((e): [string, number] => [e.message, e.ts]));
    expect(got).toEqual([
      ['before midnight', Date.UTC(2025, 11, 30, 23, 59)],
      ['last of the year', Date.UTC(2025, 11, 31, 23, 59, 59)],
      ['new year', Date.UTC(2026, 0, 1, 0, 0, 30)],
      ['up', Date.UTC(2026, 0, 1, 0, 5)],
    ]);
  });

  it('comes from --until when given', async () => {
    const b = createFileLogsBackend(bundle({ syslog: 'Mar  3 10:00:00 h app[1]: x\n' }), {
      until: '2023-03-04T00:00:00Z',
      now: () => Date.UTC(2030, 0, 1),
    });
    expect(await b.extent()).toEqual({ from: Date.UTC(2023, 2, 3, 10), to: Date.UTC(2023, 2, 3, 10) });
  });

  it('else from the clock: the latest date not in the future', async () => {
    const now = Date.UTC(2026, 1, 10);
    const b = createFileLogsBackend(
      bundle({ 'k.log': 'E1231 10:00:00.000000 1 a.go:1] late\nE0209 10:00:00.000000 1 a.go:2] recent\n' }),
      { now: () => now },
    );
    expect(await b.extent()).toEqual({ from: Date.UTC(2025, 11, 31, 10), to: Date.UTC(2026, 1, 9, 10) });
  });
});
