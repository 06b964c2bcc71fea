// Unreadable logs never read as "fine": every file that yields nothing is named with the reason (warnings,
// health, the tools' source field), unreadable lines are counted per file, and "nothing was read" differs
// from "read fine, nothing matched".
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogPatternsOutput, ReadLogsOutput, SearchLogsOutput } from '../../../src/core/contracts/logs.js';
import { createFileLogsBackend } from '../../../src/servers/logs/backends/file.js';
import { logsServer } from '../../../src/servers/logs/index.js';
import { connectTools } from '../../helpers/mcp-pair.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function bundle(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'logs-bad-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'logs'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'logs', name), content);
  return dir;
}

const GOOD = '2025-01-15 14:00:00 INFO [api] started\n2025-01-15 14:00:05 ERROR [api] failed\n';
const gz = gzipSync(Buffer.from(GOOD.repeat(2000)));

function badFiles(): Record<string, string | Buffer> {
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
  return {
    'empty.log': '',
    'binary.log': binary,
    'prose.log': 'hello there\nnothing here has a time\n',
    'corrupt.log.gz': Buffer.concat([
      Buffer.from([0x1f, 0x8b]),
      Buffer.from('definitely not deflate data '.repeat(20)),
    ]),
    'truncated.log.gz': gz.subarray(0, 40),
  };
}

describe('files that yield nothing', () => {
  it('each is skipped with a reason naming the file; the backend says nothing was read', async () => {
    const dir = bundle(badFiles());
    truncateSync(join(dir, 'logs', 'empty.log'), 0);
    writeFileSync(join(dir, 'logs', 'sparse.log'), Buffer.alloc(0));
    truncateSync(join(dir, 'logs', 'sparse.log'), 1 << 20); // a 1 MB hole: all NUL bytes
    const b = createFileLogsBackend(dir);
    const s = await b.summary!();
    expect(s.extent).toBeNull();
    expect(s.filesWithEntries).toBe(0);
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.file, k.reason]));
    expect(reasons['logs/empty.log']).toBe('empty file');
    expect(reasons['logs/binary.log']).toMatch(/binary/);
    expect(reasons['logs/sparse.log']).toMatch(/NUL/);
    expect(reasons['logs/prose.log']).toMatch(/no line could be read as a log entry \(2 unreadable/);
    expect(reasons['logs/corrupt.log.gz']).toMatch(/corrupt gzip/);
    expect(reasons['logs/truncated.log.gz']).toMatch(/gzip/);
    expect(Object.keys(reasons)).toHaveLength(6);
    expect(
      b
        .warnings()
        .slice(0, 6)
        .every((w) => w.message.startsWith('skipped: ')),
    ).toBe(true);

    const health = await b.health();
    expect(health.find((h) => h.name === 'log entries')?.ok).toBe(false);
    const skipped = health.find((h) => h.name === 'skipped log files')!;
    expect(skipped.ok).toBe(false);
    expect(skipped.detail).toContain('logs/binary.log: binary');
  });

  it('a truncated gzip keeps the entries before the cut, with a warning naming the file', async () => {
    const dir = bundle({ 'app.log.gz': gz.subarray(0, Math.floor(gz.length * 0.6)) });
    const b = createFileLogsBackend(dir);
    const s = await b.summary!();
    expect(s.skipped).toEqual([]);
    expect(s.extent).not.toBeNull();
    expect(b.warnings()).toContainEqual({
      where: 'logs/app.log.gz',
      message: expect.stringMatching(/stopped reading at line \d+: truncated gzip/),
    });
  });

  it('unreadable lines are counted per file, beside the first ones listed by line', async () => {
    const lines = ['2025-01-15 14:00:00 INFO [api] ok'];
    for (let i = 0; i < 30; i++)
      lines.push(`{"timestamp":"2025-01-15T14:00:${String(i).padStart(2, '0')}Z","message":`);
    const b = createFileLogsBackend(bundle({ 'api.log': lines.join('\n') }));
    const s = await b.summary!();
    expect(s.unreadLines).toBe(30);
    expect(b.warnings()).toContainEqual({
      where: 'logs/api.log',
      message: '30 line(s) could not be read as log entries and were skipped',
    });
    expect(b.warnings().filter((w) => /^logs\/api\.log:\d+$/.test(w.where))).toHaveLength(20);
  });
});

describe('the tools tell "nothing was read" from "nothing matched"', () => {
  it('with only unreadable files: source.state no_entries, skipped files, warnings and a note saying so', async () => {
    const dir = bundle(badFiles());
    const instance = await logsServer.create({ dataDir: dir, env: {} });
    const tc = await connectTools('logs', instance.tools);
    try {
      const patterns = (await tc.call('log_patterns', {})).structured as unknown as LogPatternsOutput;
      expect(patterns.totalEntries).toBe(0);
      expect(patterns.source?.state).toBe('no_entries');
      expect(patterns.source?.skipped.map((k) => k.file).sort()).toEqual([
        'logs/binary.log',
        'logs/corrupt.log.gz',
        'logs/empty.log',
        'logs/prose.log',
        'logs/truncated.log.gz',
      ]);
      expect(patterns.warnings?.map((w) => w.where)).toEqual(
        expect.arrayContaining(['logs/empty.log', 'logs/binary.log']),
      );
      expect(patterns.note).toMatch(/No log entry could be read at all.*logs\/empty\.log \(empty file\)/);
      const search = (await tc.call('search_logs', { pattern: 'failed' })).structured as unknown as SearchLogsOutput;
      expect(search.source?.state).toBe('no_entries');
      const read = (await tc.call('read_logs', {})).structured as unknown as ReadLogsOutput;
      expect(read.source?.state).toBe('no_entries');
      expect((await instance.checkHealth()).some((h) => !h.ok)).toBe(true);
    } finally {
      await tc.close();
      await instance.close();
    }
  });

  it('with readable data: state ok when nothing matched, no_entries_in_window outside the data', async () => {
    const dir = bundle({ 'api.log': GOOD, 'empty.log': '' });
    const instance = await logsServer.create({ dataDir: dir, env: {} });
    const tc = await connectTools('logs', instance.tools);
    try {
      const none = (await tc.call('search_logs', { pattern: 'no such text' }))
        .structured as unknown as SearchLogsOutput;
      expect(none.totalMatches).toBe(0);
      expect(none.source).toMatchObject({
        state: 'ok',
        files: 2,
        filesWithEntries: 1,
        skipped: [{ file: 'logs/empty.log', reason: 'empty file' }],
      });
      expect(none.source?.extent).toEqual({ from: '2025-01-15T14:00:00Z', to: '2025-01-15T14:00:05Z' });
      const outside = (await tc.call('read_logs', { since: '2024-01-01T00:00:00Z', until: '2024-01-02T00:00:00Z' }))
        .structured as unknown as ReadLogsOutput;
      expect(outside.returned).toBe(0);
      expect(outside.source?.state).toBe('no_entries_in_window');
    } finally {
      await tc.close();
      await instance.close();
    }
  });
});
