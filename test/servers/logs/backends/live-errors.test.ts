// Loki and Elasticsearch failures: 401 names the setting to fix and never the secret, 429 honours Retry-After, 5xx is
// retried a bounded number of times, LogQL paging by the last timestamp loses nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../../../src/core/errors.js';
import { createLokiBackend, buildLogQL } from '../../../../src/servers/logs/backends/loki.js';
import { createElasticsearchBackend } from '../../../../src/servers/logs/backends/elasticsearch.js';
import { startLokiFake } from '../../../fakes/loki.js';
import { startElasticsearchFake } from '../../../fakes/elasticsearch.js';
import type { Loopback } from '../../../fakes/loopback.js';
import type { LogEntry } from '../../../../src/core/types.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const ENTRIES: LogEntry[] = Array.from({ length: 30 }, (_, i) => ({
  ts: T0 + Math.floor(i / 3) * 1000, // three entries per second: paging must not split or repeat them
  level: i % 5 === 0 ? 'ERROR' : 'INFO',
  service: i % 2 ? 'api' : 'worker',
  message: `request ${i} ${i % 5 === 0 ? 'Timeout talking to db' : 'ok'}`,
  ref: `x:${i}`,
}));
const RANGE = { from: T0, to: T0 + 60_000 };
let fakes: Loopback[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

async function failure(p: Promise<unknown>): Promise<PilotError> {
  try {
    await p;
  } catch (err) {
    return err as PilotError;
  }
  throw new Error('expected a failure');
}

describe('Loki backend', () => {
  it('pushes the text down as a case-insensitive line filter on the discovered service label', () => {
    expect(buildLogQL('service_name', 'api', { source: 'db timeout', regex: false, caseSensitive: false })).toBe(
      '{service_name=~"(?i)api"} |~ "(?i)db timeout"',
    );
    expect(buildLogQL('app', undefined, { source: 'a"b', regex: false, caseSensitive: true })).toBe(
      '{app=~".+"} |= "a\\"b"',
    );
  });

  it('pages forward by the last timestamp without losing or repeating entries', async () => {
    const fake = await startLokiFake(ENTRIES);
    fakes.push(fake);
    const loki = createLokiBackend({ url: fake.url, pageSize: 4 });
    const got = await collect(loki.scan({ range: RANGE }));
    expect(got.map((e) => e.message).sort()).toEqual(ENTRIES.map((e) => e.message).sort());
    expect(fake.requests.filter((r) => r.path.endsWith('query_range')).length).toBeGreaterThan(5);
    const q = fake.requests.find((r) => r.path.endsWith('query_range'))!;
    expect(q.query.get('query')).toBe('{service_name=~".+"}');
    expect(q.query.get('direction')).toBe('forward');
    expect(q.query.get('start')).toBe(`${BigInt(T0) * 1_000_000n}`);
  });

  it('filters by level and pattern like the file backend', async () => {
    const fake = await startLokiFake(ENTRIES);
    fakes.push(fake);
    const loki = createLokiBackend({ url: fake.url });
    const got = await collect(
      loki.scan({
        range: RANGE,
        service: 'WORKER',
        minLevel: 'ERROR',
        match: { source: 'timeout', regex: false, caseSensitive: false },
      }),
    );
    expect(got.map((e) => e.message)).toEqual(
      ENTRIES.filter((e) => e.service === 'worker' && e.level === 'ERROR').map((e) => e.message),
    );
    expect(await loki.services()).toEqual(['api', 'worker']);
  });

  it('401: names LOKI_AUTH_USER/LOKI_AUTH_PASSWORD and never shows the password', async () => {
    const fake = await startLokiFake(ENTRIES, { user: 'bob', password: 'right-pass' });
    fakes.push(fake);
    const loki = createLokiBackend({ url: fake.url, user: 'bob', password: 'wrong-pass-9', tenant: 't1' });
    const err = await failure(collect(loki.scan({ range: RANGE })));
    expect(err.code).toBe('unauthorized');
    expect(`${err.message} ${err.hint}`).toMatch(/Loki at http:\/\/127\.0\.0\.1:\d+: 401 Unauthorized/);
    expect(err.hint).toContain('LOKI_AUTH_USER/LOKI_AUTH_PASSWORD');
    const health = JSON.stringify(await loki.health());
    for (const text of [err.message, err.hint ?? '', health]) {
      expect(text).not.toContain('wrong-pass-9');
      expect(text).not.toContain(Buffer.from('bob:wrong-pass-9').toString('base64'));
    }
    expect(fake.requests[0].headers['x-scope-orgid']).toBe('t1');
  });

  it('429 with Retry-After is retried after the given delay; persistent 5xx gives up after the bounded retries', async () => {
    const fake = await startLokiFake(ENTRIES);
    fakes.push(fake);
    fake.failNext(1, { status: 429, headers: { 'retry-after': '0' }, text: 'slow down' });
    const loki = createLokiBackend({ url: fake.url, retries: 2, backoffMs: 5 });
    expect((await collect(loki.scan({ range: RANGE }))).length).toBe(30);
    const before = fake.requests.length;
    fake.failNext(10, { status: 503, text: 'down' });
    const err = await failure(collect(loki.scan({ range: RANGE })));
    expect(err.code).toBe('backend_unavailable');
    expect(fake.requests.length - before).toBe(3);
  });

  it('a LogQL parse error comes back as a readable bad-input error', async () => {
    const fake = await startLokiFake(ENTRIES);
    fakes.push(fake);
    const loki = createLokiBackend({ url: fake.url });
    const err = await failure(loki.queryRange('service_name="x"', RANGE, 10, 'forward'));
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('parse error');
  });
});

describe('Elasticsearch backend (official client)', () => {
  it('pages with search_after over @timestamp and pushes match_phrase down', async () => {
    const fake = await startElasticsearchFake(ENTRIES);
    fakes.push(fake);
    const es = createElasticsearchBackend({ url: fake.url, pageSize: 7 });
    const all = await collect(es.scan({ range: RANGE }));
    expect(all.map((e) => e.message)).toEqual(ENTRIES.map((e) => e.message));
    const searches = fake.requests.filter((r) => r.path.endsWith('/_search'));
    expect(searches[0].path).toBe('/logs-*/_search');
    expect(JSON.parse(searches[1].body).search_after).toBeDefined();
    const hits = await collect(
      es.scan({ range: RANGE, match: { source: 'timeout', regex: false, caseSensitive: false } }),
    );
    expect(hits.length).toBe(6);
    expect(JSON.stringify(JSON.parse(fake.requests.at(-1)!.body).query)).toContain('match_phrase');
    expect(await es.services()).toEqual(['api', 'worker']);
    await es.close();
  });

  it('401: names ELASTICSEARCH_API_KEY, never the key; probe reports the version', async () => {
    const fake = await startElasticsearchFake(ENTRIES, { apiKey: 'good-key' });
    fakes.push(fake);
    const bad = createElasticsearchBackend({ url: fake.url, apiKey: 'leaky-api-key-42', retries: 0 });
    const err = await failure(collect(bad.scan({ range: RANGE })));
    expect(err.code).toBe('unauthorized');
    expect(err.hint).toContain('ELASTICSEARCH_API_KEY');
    expect(`${err.message}${err.hint}${JSON.stringify(await bad.health())}`).not.toContain('leaky-api-key-42');
    const good = createElasticsearchBackend({ url: fake.url, apiKey: 'good-key' });
    const p = await good.probe();
    expect(p).toMatchObject({ reachable: true, authenticated: true, version: 'Elasticsearch 8.15.0' });
    await bad.close();
    await good.close();
  });
});
