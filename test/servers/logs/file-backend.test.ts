import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/core/types.js';
import type { LogQuery } from '../../../src/servers/logs/backend.js';
import { createFileLogsBackend, type FileLogsBackend } from '../../../src/servers/logs/backends/file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A data dir whose logs/ holds the given files (relative path -> content). */
function bundle(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'logs-test-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, 'logs', rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

async function collect(b: FileLogsBackend, query: Partial<LogQuery> = {}): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const batch of b.scan({ range: { from: 0, to: Number.MAX_SAFE_INTEGER }, ...query })) {
    expect(batch.length).toBeGreaterThan(0); // the contract: batches are never empty
    out.push(...batch);
  }
  return out;
}

const T0 = Date.UTC(2025, 0, 15, 14, 0, 0);
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

describe('file logs backend: reading', () => {
  it('joins stack-trace lines to the entry above as attributes.stack, with refs of the first line', async () => {
    const dir = bundle({
      'api.log': [
        '2025-01-15 14:00:00.000 INFO [api] started',
        '2025-01-15 14:00:01.000 ERROR [api] request failed: java.lang.IllegalStateException',
        '\tat com.acme.Pool.get(Pool.java:42)',
        'Caused by: java.io.IOException: pool closed',
        '2025-01-15 14:00:02.000 INFO [api] recovered',
      ].join('\n'),
    });
    const entries = await collect(createFileLogsBackend(dir));
    expect(entries.map((e) => e.ref)).toEqual(['logs/api.log:1', 'logs/api.log:2', 'logs/api.log:5']);
    expect(entries[1].message).toBe('request failed: java.lang.IllegalStateException');
    expect(entries[1].attributes?.stack).toBe(
      '\tat com.acme.Pool.get(Pool.java:42)\nCaused by: java.io.IOException: pool closed',
    );
  });

  it('a text filter also matches inside the stack trace', async () => {
    const dir = bundle({
      'api.log': '2025-01-15 14:00:01 ERROR [api] failed\n  Caused by: PoolClosed\n2025-01-15 14:00:02 INFO [api] ok\n',
    });
    const found = await collect(createFileLogsBackend(dir), {
      match: { source: 'poolclosed', regex: false, caseSensitive: false },
    });
    expect(found.map((e) => e.ref)).toEqual(['logs/api.log:1']);
  });

  it('reads gzip by magic bytes (whatever the name), CRLF endings, and the service from the file name', async () => {
    const text = '2025-01-15 14:00:00 INFO hello\r\n2025-01-15 14:00:01 WARN world\r\n';
    const dir = bundle({
      'payments.log.1.gz': gzipSync(text),
      'nested/queue-worker.txt': '2025-01-15 14:00:00.500 ERROR boom\r\n',
    });
    const b = createFileLogsBackend(dir);
    const entries = await collect(b);
    expect(entries.map((e) => [e.service, e.level, e.message, e.ref])).toEqual([
      ['payments', 'INFO', 'hello', 'logs/payments.log.1.gz:1'],
      ['queue-worker', 'ERROR', 'boom', 'logs/nested/queue-worker.txt:1'],
      ['payments', 'WARN', 'world', 'logs/payments.log.1.gz:2'],
    ]);
    expect(await b.services()).toEqual(['payments', 'queue-worker']);
  });

  it('reports malformed lines as file:line warnings and still loads the rest', async () => {
    const dir = bundle({
      'a.jsonl': [
        '{"timestamp":"2025-01-15T14:00:00Z","level":"info","message":"one"}',
        '{"timestamp":"2025-01-15T14:00:01Z","level":"info","message":',
        '{"timestamp":"not a time","message":"x"}',
        '{"timestamp":"2025-01-15T14:00:02Z","level":"error","message":"two"}',
      ].join('\n'),
      'b.log': 'orphan line before any entry\n2025-99-99 10:00:00 INFO bad date\n2025-01-15 14:00:03 INFO [b] three\n',
    });
    const b = createFileLogsBackend(dir);
    const entries = await collect(b);
    expect(entries.map((e) => e.message)).toEqual(['one', 'two', 'three']);
    const where = b.warnings().map((w) => w.where);
    expect(where).toEqual(expect.arrayContaining(['logs/a.jsonl:2', 'logs/a.jsonl:3', 'logs/b.log:1', 'logs/b.log:2']));
    expect(b.warnings().find((w) => w.where === 'logs/a.jsonl:2')?.message).toMatch(/broken JSON/);
  });

  it('filters by service (case-insensitive) and minimum level', async () => {
    const dir = bundle({
      'mixed.log':
        '2025-01-15 14:00:00 INFO [Api] a\n2025-01-15 14:00:01 ERROR [api] b\n2025-01-15 14:00:02 FATAL [web] c\n2025-01-15 14:00:03 WARN [api] d\n',
    });
    const found = await collect(createFileLogsBackend(dir), { service: 'API', minLevel: 'WARN' });
    expect(found.map((e) => e.message)).toEqual(['b', 'd']);
  });
});

describe('file logs backend: time order', () => {
  it('merges files in ascending time, ties in file order', async () => {
    const dir = bundle({
      'a.log': `${stamp(T0)} INFO [a] a1\n${stamp(T0 + 2000)} INFO [a] a2\n${stamp(T0 + 4000)} INFO [a] a3\n`,
      'b.log': `${stamp(T0)} INFO [b] b1\n${stamp(T0 + 1000)} INFO [b] b2\n${stamp(T0 + 4000)} INFO [b] b3\n${stamp(T0 + 5000)} INFO [b] b4\n`,
    });
    const entries = await collect(createFileLogsBackend(dir));
    expect(entries.map((e) => e.message)).toEqual(['a1', 'b1', 'b2', 'a2', 'a3', 'b3', 'b4']);
  });

  it('returns an unsorted file in time order', async () => {
    const lines = [50, 1, 600, 3, 300].map((s, i) => `${stamp(T0 + s * 1000)} INFO [u] m${i}`);
    const dir = bundle({ 'u.log': lines.join('\n') + '\n' });
    const b = createFileLogsBackend(dir);
    const entries = await collect(b);
    expect(entries.map((e) => e.message)).toEqual(['m1', 'm3', 'm0', 'm4', 'm2']);
    expect(await b.extent()).toEqual({ from: T0 + 1000, to: T0 + 600_000 });
  });

  it('a window query on a large sorted file seeks: same entries as a filtered full scan, far fewer bytes read', async () => {
    const parts: string[] = [];
    let t = T0;
    for (let i = 0; i < 40_000; i++) {
      t += 97 + (i % 7) * 11;
      parts.push(`${stamp(t)} ${i % 50 === 0 ? 'ERROR' : 'INFO'} [big] request ${i} done in ${i % 300}ms`);
      if (i % 1000 === 999) parts.push('\tat com.acme.Handler.run(Handler.java:1)'); // continuation lines must not confuse seeking
    }
    const dir = bundle({ 'big.log': parts.join('\n') + '\n' });
    const size = statSync(join(dir, 'logs', 'big.log')).size;
    const window = { from: T0 + 2_000_000, to: T0 + 2_300_000 };

    const full = createFileLogsBackend(dir);
    const all = await collect(full);
    expect(all).toHaveLength(40_000);
    const expected = all.filter((e) => e.ts >= window.from && e.ts < window.to);
    expect(expected.length).toBeGreaterThan(1000);

    // After the full pass (which builds the line index), a window query reads only around the window.
    const before = full.stats.bytesRead;
    const seeked = await collect(full, { range: window });
    expect(seeked).toEqual(expected);
    expect(full.stats.bytesRead - before).toBeLessThan(size / 5);

    // A fresh backend builds the index with a raw line count, then seeks just the same.
    const fresh = createFileLogsBackend(dir);
    const freshSeek = await collect(fresh, { range: window });
    expect(freshSeek).toEqual(expected);
    expect(fresh.stats.indexBytesRead).toBe(size);
    expect(fresh.stats.bytesRead).toBeLessThan(size / 5);
  });

  it('reads a small file once: later queries filter its kept entries, as a read of the file would', async () => {
    const lines = [
      `${stamp(T0)} INFO [svc-a] started`,
      `${stamp(T0 + 1000)} ERROR [svc-a] payment failed`,
      '    at charge (pay.js:10)',
      `${stamp(T0 + 2000)} WARN [svc-b] slow query user=alice`,
      `${stamp(T0 + 3000)} ERROR [svc-b] timeout`,
    ];
    const text = `${lines.join('\n')}\n`;
    const b = createFileLogsBackend(bundle({ 'app.log': text }));
    await b.extent(); // the first look reads the file whole (after the survey of its head and tail)
    const read = b.stats.bytesRead;
    expect(read).toBeGreaterThanOrEqual(Buffer.byteLength(text));
    const match = (source: string) => ({ source, regex: false, caseSensitive: false });
    const messages = async (q: Partial<LogQuery>) => (await collect(b, q)).map((e) => e.message);
    expect(await messages({})).toEqual(['started', 'payment failed', 'slow query user=alice', 'timeout']);
    expect(await messages({ minLevel: 'ERROR' })).toEqual(['payment failed', 'timeout']);
    expect(await messages({ service: 'SVC-B' })).toEqual(['slow query user=alice', 'timeout']);
    expect(await messages({ range: { from: T0 + 1000, to: T0 + 3000 } })).toEqual([
      'payment failed',
      'slow query user=alice',
    ]);
    expect(await messages({ match: match('charge (pay.js') })).toEqual(['payment failed']); // in the stack
    expect(await messages({ match: match('ALICE') })).toEqual(['slow query user=alice']);
    const [failed] = await collect(b, { match: match('payment') });
    expect(failed).toMatchObject({ ref: 'logs/app.log:2', attributes: { stack: '    at charge (pay.js:10)' } });
    expect(b.stats.bytesRead).toBe(read); // none of these read the file again
  });

  it('extent, services and health of a small file', async () => {
    const dir = bundle({ 'x.log': `${stamp(T0)} INFO [svc-x] a\n${stamp(T0 + 9000)} INFO [svc-x] b\n` });
    const b = createFileLogsBackend(dir);
    expect(await b.extent()).toEqual({ from: T0, to: T0 + 9000 });
    expect(await b.services()).toEqual(['svc-x']);
    expect((await b.health()).every((h) => h.ok)).toBe(true);
  });
});
