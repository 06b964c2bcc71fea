// An Elasticsearch fake on loopback answering what the official client sends: GET / (info), POST /<index>/_search with
// bool filters (range on @timestamp, term case_insensitive, match_phrase), sort + search_after, terms aggs; every
// answer carries x-elastic-product: Elasticsearch as the client's product check requires. API key or basic auth when
// configured.
import { toIso } from '../../src/core/time.js';
import type { LogEntry } from '../../src/core/types.js';
import { startLoopback, type FakeRequest, type FakeReply, type Loopback } from './loopback.js';

export interface EsFakeOptions {
  apiKey?: string;
  user?: string;
  password?: string;
  index?: string;
}

type Doc = Record<string, unknown> & { '@timestamp': string };

export function toEsDocs(entries: LogEntry[]): Doc[] {
  return entries.map((e) => ({
    '@timestamp': toIso(e.ts),
    message: e.message,
    'log.level': e.level.toLowerCase(),
    'service.name': e.service,
    ...(e.attributes ?? {}),
  }));
}

const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** match_phrase as the standard analyzer sees it: the phrase's tokens appear consecutively. */
function matchPhrase(text: string, phrase: string): boolean {
  const t = tokens(text);
  const p = tokens(phrase);
  if (!p.length) return true;
  for (let i = 0; i + p.length <= t.length; i++) if (p.every((w, j) => t[i + j] === w)) return true;
  return false;
}

function wildcardToRe(pattern: string): RegExp {
  return new RegExp(
    `^(?:${pattern
      .split(',')
      .map((p) =>
        p
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*'),
      )
      .join('|')})$`,
  );
}

type Clause = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function matches(doc: Doc, clause: Clause): boolean {
  if (clause.range) {
    const [field, r] = Object.entries(clause.range)[0] as [string, { gte?: number; lt?: number }];
    const t = Date.parse(String(doc[field]));
    return (r.gte === undefined || t >= Number(r.gte)) && (r.lt === undefined || t < Number(r.lt));
  }
  if (clause.term) {
    const [field, spec] = Object.entries(clause.term)[0] as [string, { value: string; case_insensitive?: boolean }];
    const v = doc[field];
    return (
      typeof v === 'string' && (spec.case_insensitive ? v.toLowerCase() === spec.value.toLowerCase() : v === spec.value)
    );
  }
  if (clause.match_phrase) {
    const [field, phrase] = Object.entries(clause.match_phrase)[0] as [string, string];
    return matchPhrase(String(doc[field] ?? ''), phrase);
  }
  if (clause.bool) {
    const b = clause.bool;
    if (b.filter && !(b.filter as Clause[]).every((c) => matches(doc, c))) return false;
    if (b.must && !(b.must as Clause[]).every((c) => matches(doc, c))) return false;
    if (b.should) {
      const n = (b.should as Clause[]).filter((c) => matches(doc, c)).length;
      if (n < (b.minimum_should_match ?? 1)) return false;
    }
    return true;
  }
  if (clause.match_all) return true;
  throw new Error(`fake: unsupported query ${JSON.stringify(clause).slice(0, 80)}`);
}

export async function startElasticsearchFake(entries: LogEntry[], opts: EsFakeOptions = {}): Promise<Loopback> {
  const docs = toEsDocs(entries);
  const indexName = opts.index ?? 'logs-incident';
  const authorized = (req: FakeRequest) => {
    if (opts.apiKey) return req.headers.authorization === `ApiKey ${opts.apiKey}`;
    if (opts.user)
      return (
        req.headers.authorization === `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`
      );
    return true;
  };
  const route = (req: FakeRequest): FakeReply => {
    if (req.path === '/' && req.method === 'GET') {
      return {
        json: {
          name: 'fake',
          cluster_name: 'incident',
          version: { number: '8.15.0', build_flavor: 'default' },
          tagline: 'You Know, for Search',
        },
      };
    }
    const search = /^\/([^/]+)\/_search$/.exec(req.path);
    if (!search) return { status: 404, json: { error: { type: 'not_found' }, status: 404 } };
    const pattern = decodeURIComponent(search[1]);
    const body = (req.body ? JSON.parse(req.body) : {}) as Clause;
    if (!wildcardToRe(pattern).test(indexName)) {
      if (req.query.get('allow_no_indices') === 'true')
        return { json: { took: 0, timed_out: false, hits: { hits: [] } } };
      return {
        status: 404,
        json: { error: { type: 'index_not_found_exception', reason: `no such index [${pattern}]` }, status: 404 },
      };
    }
    const hits = docs.map((d, i) => ({ d, i })).filter(({ d }) => !body.query || matches(d, body.query as Clause));
    const out: Record<string, unknown> = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, failed: 0 } };
    if (body.aggs) {
      const aggs: Record<string, unknown> = {};
      for (const [name, spec] of Object.entries(
        body.aggs as Record<string, { terms: { field: string; size?: number } }>,
      )) {
        const counts = new Map<string, number>();
        for (const { d } of hits) {
          const v = d[spec.terms.field];
          if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        aggs[name] = {
          buckets: [...counts]
            .sort((a, b) => b[1] - a[1])
            .slice(0, spec.terms.size ?? 10)
            .map(([key, doc_count]) => ({ key, doc_count })),
        };
      }
      out.aggregations = aggs;
    }
    // sort: @timestamp asc, then _doc (index order); search_after continues past [ts, doc].
    let sorted = hits
      .map(({ d, i }) => ({ d, i, ts: Date.parse(d['@timestamp']) }))
      .sort((a, b) => a.ts - b.ts || a.i - b.i);
    if (Array.isArray(body.search_after)) {
      const [ats, adoc] = body.search_after as [number, number];
      sorted = sorted.filter((h) => h.ts > ats || (h.ts === ats && h.i > adoc));
    }
    const size = body.size ?? 10;
    out.hits = {
      hits: sorted
        .slice(0, size)
        .map((h) => ({ _index: indexName, _id: `doc-${h.i}`, _score: null, _source: h.d, sort: [h.ts, h.i] })),
    };
    return { json: out };
  };
  return startLoopback(route, {
    authorized: (r) => authorized(r),
    headers: { 'x-elastic-product': 'Elasticsearch' },
  });
}
