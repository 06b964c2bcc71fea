import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { readLineMessage, registerPatternsCommand, type PatternsResult } from '../../src/cli/patterns.js';

const dir = mkdtempSync(join(tmpdir(), 'patterns-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLog(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs `patterns ARGS` on a fresh program in process and returns what it printed. */
async function runPatterns(args: string[]): Promise<string> {
  let out = '';
  const program = new Command('incident-pilot').exitOverride();
  registerPatternsCommand(program, (text) => {
    out += text;
  });
  await program.parseAsync(['patterns', ...args], { from: 'user' });
  return out;
}

const PLAIN = [
  '2025-01-15 14:45:01.100 INFO [checkout-api] Connection from 10.0.0.1 closed after 35ms',
  '2025-01-15 14:45:02.200 ERROR [checkout-api] Payment declined for order 1234',
  '2025-01-15 14:45:03.300 INFO [checkout-api] Connection from 10.0.0.2 closed after 12ms',
  'java.lang.IllegalStateException: boom',
  '    at com.acme.Pay.charge(Pay.java:42)',
  '2025-01-15 14:45:04.400 ERROR [checkout-api] Payment declined for order 5678',
];

describe('readLineMessage (the logs server parser)', () => {
  it('takes the message and time from plain, JSON and logfmt lines', () => {
    expect(readLineMessage(PLAIN[0])).toEqual({
      message: 'Connection from 10.0.0.1 closed after 35ms',
      time: Date.UTC(2025, 0, 15, 14, 45, 1, 100),
      entry: true,
    });
    expect(
      readLineMessage('{"timestamp":"2025-02-03T09:12:07.997Z","level":"error","message":"Query timeout"}'),
    ).toEqual({
      message: 'Query timeout',
      time: Date.UTC(2025, 1, 3, 9, 12, 7, 997),
      entry: true,
    });
    expect(readLineMessage('ts=2025-04-22T13:35:00.507Z level=info msg="GET /x \\"q\\" 200"')).toEqual({
      message: 'GET /x "q" 200',
      time: Date.UTC(2025, 3, 22, 13, 35, 0, 507),
      entry: true,
    });
  });

  it('uses the whole line when it is no known format; a stack frame is a continuation', () => {
    expect(readLineMessage('just some text 42')).toEqual({ message: 'just some text 42', time: NaN, entry: false });
    expect(readLineMessage('{not json')).toEqual({ message: '{not json', time: NaN, entry: true });
    expect(readLineMessage('    at com.acme.Pay.charge(Pay.java:42)').entry).toBe(false);
  });
});

describe('incident-pilot patterns', () => {
  it('prints templates with counts, first/last lines and times, and one assignment per entry', async () => {
    const file = writeLog('app.log', PLAIN);
    const result = JSON.parse(await runPatterns([file, '--json'])) as PatternsResult;
    expect(result.templates).toHaveLength(2);
    const conn = result.templates.find((t) => t.template === 'Connection from <*> closed after <*>')!;
    const pay = result.templates.find((t) => t.template === 'Payment declined for order <*>')!;
    expect(conn).toMatchObject({
      count: 2,
      first: 1,
      last: 3,
      firstTime: '2025-01-15T14:45:01.100Z',
      lastTime: '2025-01-15T14:45:03.300Z',
    });
    // The stack trace lines continue the entry above: 4 entries, not 6.
    expect(pay).toMatchObject({ count: 2, first: 2, last: 6 });
    expect(result.assignments).toEqual([conn.id, pay.id, conn.id, pay.id]);
  });

  it('gives every line its own entry with --per-line', async () => {
    const file = writeLog('app2.log', PLAIN);
    const result = JSON.parse(await runPatterns([file, '--json', '--per-line'])) as PatternsResult;
    expect(result.assignments).toHaveLength(6);
    expect(result.templates.reduce((sum, t) => sum + t.count, 0)).toBe(6);
  });

  it('reads JSON lines and gzip files, using line numbers when there are no timestamps', async () => {
    const lines = [
      '{"msg":"cache miss for key user:1"}',
      '{"msg":"cache miss for key user:2"}',
      'plain line without time',
    ];
    const file = join(dir, 'app.jsonl.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    const result = JSON.parse(await runPatterns([file, '--json'])) as PatternsResult;
    expect(result.templates[0]).toEqual({
      id: result.assignments[0],
      template: 'cache miss for key user:<*>',
      count: 2,
      first: 1,
      last: 2,
    });
    expect(result.assignments).toHaveLength(3);
  });

  it('prints a readable table without --json', async () => {
    const file = writeLog('app3.log', PLAIN);
    const text = await runPatterns([file]);
    expect(text).toMatch(/^ID\s+COUNT\s+FIRST\s+LAST\s+TEMPLATE/);
    expect(text).toContain('Connection from <*> closed after <*>');
    expect(text).toContain('4 entries, 2 templates');
  });

  it('reads a syslog file: templates from the messages, times with the year inferred', async () => {
    const file = writeLog('syslog', [
      '<131>Dec  9 09:17:05 web-1 checkout[207]: connection to db-1:5432 refused',
      '<131>Dec  9 09:17:06 web-1 checkout[207]: connection to db-2:5432 refused',
      '<134>1 2025-12-09T09:17:07.500Z web-1 checkout 207 - - request 42 served in 12ms',
      'Dec  9 09:17:08 web-1 checkout[207]: connection to db-1:5432 refused',
    ]);
    const result = JSON.parse(await runPatterns([file, '--json'])) as PatternsResult;
    const refused = result.templates.find((t) => t.template === 'connection to <*> refused')!;
    expect(refused).toMatchObject({ count: 3, first: 1, last: 4 });
    expect(refused.firstTime).toMatch(/^\d{4}-12-09T09:17:05Z$/);
    expect(result.assignments).toHaveLength(4);
  });

  it('reads an access log: one template per request line and status class, timestamps with their offset', async () => {
    const line = (path: string, status: number, t: string) =>
      `10.0.0.7 - - [08/Dec/2025:${t} +0100] "GET ${path} HTTP/1.1" ${status} 512 "-" "curl/8" 0.012`;
    const file = writeLog('access.log', [
      line('/v2/orders', 200, '16:00:00'),
      line('/v2/orders', 200, '16:00:01'),
      line('/v2/orders', 502, '16:00:02'),
      line('/v2/orders', 502, '16:00:03'),
    ]);
    const result = JSON.parse(await runPatterns([file, '--json'])) as PatternsResult;
    expect(result.templates.map((t) => [t.count, t.firstTime])).toEqual([
      [2, '2025-12-08T15:00:00Z'],
      [2, '2025-12-08T15:00:02Z'],
    ]);
    expect(result.templates[1].template).toContain('Bad Gateway');
  });

  it('names an unreadable file and why', async () => {
    const file = join(dir, 'zero.log');
    writeFileSync(file, Buffer.alloc(2048));
    await expect(runPatterns([file, '--json'])).rejects.toThrow(/cannot read .*zero\.log: only NUL bytes/);
  });

  it('fails with a clear error naming a missing file', async () => {
    await expect(runPatterns([join(dir, 'nope.log'), '--json'])).rejects.toThrow(/no such file: .*nope\.log/);
  });
});
