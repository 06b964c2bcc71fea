import { describe, expect, it } from 'vitest';
import { parseLine, type ParsedLine } from '../../../src/servers/logs/backends/parse.js';
import { serviceFromFileName } from '../../../src/servers/logs/backends/service-name.js';

function entry(line: string): ParsedLine {
  const r = parseLine(line);
  if (r === null || typeof r === 'string') throw new Error(`not an entry: ${String(r)}`);
  return r;
}

describe('parseLine: plain text', () => {
  it('reads timestamp, level, [service] and message', () => {
    const e = entry('2025-01-15 14:45:02.123 ERROR [checkout-api] Connection pool exhausted: timeout');
    expect(e).toEqual({
      ts: Date.UTC(2025, 0, 15, 14, 45, 2, 123),
      level: 'ERROR',
      service: 'checkout-api',
      message: 'Connection pool exhausted: timeout',
    });
  });

  it('reads Java style: the bracket is a thread, the logger is kept, no service', () => {
    const e = entry('2025-05-06 11:20:07,423 ERROR [http-nio-8080-exec-15] c.a.payment.Client - Read timed out');
    expect(e.ts).toBe(Date.UTC(2025, 4, 6, 11, 20, 7, 423));
    expect(e.service).toBeUndefined();
    expect(e.message).toBe('Read timed out');
    expect(e.attributes).toEqual({ thread: 'http-nio-8080-exec-15', logger: 'c.a.payment.Client' });
  });

  it('keeps the service when " - " follows a plain word', () => {
    expect(entry('2025-01-15 14:45:02 WARN [svc] Retry - attempt 2').service).toBe('svc');
  });

  it.each([
    ['2025-01-15T14:45:02Z INFO x', Date.UTC(2025, 0, 15, 14, 45, 2)],
    ['2025-01-15 14:45:02 INFO x', Date.UTC(2025, 0, 15, 14, 45, 2)],
    ['2025-01-15T14:45:02.5 INFO x', Date.UTC(2025, 0, 15, 14, 45, 2, 500)],
    ['2025-01-15T14:45:02,250Z INFO x', Date.UTC(2025, 0, 15, 14, 45, 2, 250)],
    ['2025-01-15T14:45:02.123456789Z INFO x', Date.UTC(2025, 0, 15, 14, 45, 2, 123)],
    ['2025-01-15T14:45:02+02:00 INFO x', Date.UTC(2025, 0, 15, 12, 45, 2)],
    ['2025-01-15T14:45:02-0130 INFO x', Date.UTC(2025, 0, 15, 16, 15, 2)],
  ])('timestamp form %s', (line, ts) => {
    expect(entry(line).ts).toBe(ts);
  });

  it.each([
    ['warning', 'WARN'],
    ['Warn', 'WARN'],
    ['CRITICAL', 'FATAL'],
    ['fatal', 'FATAL'],
    ['debug', 'DEBUG'],
    ['TRACE', 'TRACE'],
    ['eRRoR', 'ERROR'],
  ])('level %s -> %s', (word, level) => {
    expect(entry(`2025-01-15 14:45:02 ${word} [s] m`).level).toBe(level);
  });

  it('a missing level is INFO and the text stays in the message', () => {
    const e = entry('2025-01-15 14:45:02 something happened');
    expect(e.level).toBe('INFO');
    expect(e.message).toBe('something happened');
  });

  it('continuation lines (stack frames) are null; a broken timestamp is a reason', () => {
    expect(parseLine('\tat com.acme.Pool.get(Pool.java:42)')).toBeNull();
    expect(parseLine('Caused by: java.io.IOException: boom')).toBeNull();
    expect(parseLine('2025-13-45 14:45:02 INFO x')).toMatch(/timestamp/);
  });
});

describe('parseLine: JSON lines', () => {
  it('maps field aliases and keeps other fields as attributes', () => {
    const e = entry(
      '{"@timestamp": "2025-02-03T06:42:02.394Z", "severity": "warning", "app": "orders", "msg": "slow", "trace_id": "abc"}',
    );
    expect(e).toEqual({
      ts: Date.UTC(2025, 1, 3, 6, 42, 2, 394),
      level: 'WARN',
      service: 'orders',
      message: 'slow',
      attributes: { trace_id: 'abc' },
    });
  });

  it('reads nested service.name, flat service.name, epoch ts and pino levels', () => {
    expect(entry('{"time":1736952300,"level":50,"service":{"name":"api","version":"2"},"message":"x"}')).toMatchObject({
      ts: 1736952300000,
      level: 'ERROR',
      service: 'api',
      attributes: { service: { version: '2' } },
    });
    expect(entry('{"ts":1736952300123,"lvl":"info","service.name":"api","msg":"x"}')).toMatchObject({
      ts: 1736952300123,
      service: 'api',
    });
  });

  it('broken JSON and a bad time value are reasons; no time field is a continuation', () => {
    expect(parseLine('{"timestamp": "2025-02-03T06:42:02Z", "message": ')).toMatch(/broken JSON/);
    expect(parseLine('{"timestamp": "yesterday", "message": "x"}')).toMatch(/not a timestamp/);
    expect(parseLine('{"order": 1}')).toBeNull();
  });
});

describe('parseLine: logfmt', () => {
  it('reads quoted values with escapes', () => {
    const e = entry(
      'ts=2025-04-22T13:35:03.589Z level=error service=search-api msg="quoted \\"text\\" here" duration=12ms',
    );
    expect(e).toEqual({
      ts: Date.UTC(2025, 3, 22, 13, 35, 3, 589),
      level: 'ERROR',
      service: 'search-api',
      message: 'quoted "text" here',
      attributes: { duration: '12ms' },
    });
  });

  it('an unterminated quote is a reason', () => {
    expect(parseLine('ts=2025-04-22T13:35:03Z msg="open')).toMatch(/closing quote/);
  });
});

describe('serviceFromFileName', () => {
  it.each([
    ['checkout-api.log', 'checkout-api'],
    ['checkout-api.log.gz', 'checkout-api'],
    ['checkout-api.log.1', 'checkout-api'],
    ['checkout-api-2025-01-15.log', 'checkout-api'],
    ['orders.jsonl', 'orders'],
    ['worker-2.log', 'worker-2'],
  ])('%s -> %s', (file, service) => {
    expect(serviceFromFileName(file)).toBe(service);
  });
});
