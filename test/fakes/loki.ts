// A Loki fake on loopback: /loki/api/v1/query_range (stream selector + line filters, start/end in ns, limit,
// direction), labels, label values, buildinfo; 400 parse errors as text; basic auth and X-Scope-OrgID when configured.
import { toIso } from '../../src/core/time.js';
import type { LogEntry } from '../../src/core/types.js';
import { startLoopback, type FakeRequest, type FakeReply, type Loopback } from './loopback.js';

export interface LokiFakeOptions {
  user?: string;
  password?: string;
  tenant?: string;
  /** The server's max_entries_limit_per_query. */
  maxLimit?: number;
}

interface Row {
  ns: bigint;
  labels: Record<string, string>;
  line: string;
}

/** Each entry as a JSON line in a stream labelled {service_name, job}, as an agent shipping JSON logs would push it. */
export function toLokiRows(entries: LogEntry[]): Row[] {
  return entries.map((e) => ({
    ns: BigInt(e.ts) * 1_000_000n,
    labels: { service_name: e.service, job: 'incident' },
    line: JSON.stringify({ timestamp: toIso(e.ts), level: e.level, message: e.message, ...(e.attributes ?? {}) }),
  }));
}

const STR = '"((?:[^"\\\\]|\\\\.)*)"';

/** The subset of LogQL our backend sends: {l="v"|l=~"re", ...} followed by |= "x" / |~ "re" / != "x" filters. */
export function parseLogQL(query: string): ((r: Row) => boolean) | string {
  const sel = new RegExp(`^\\s*\\{([^}]*)\\}`).exec(query);
  if (!sel) return 'parse error at line 1, col 1: syntax error: unexpected IDENTIFIER, expecting {';
  const matchers: Array<(l: Record<string, string>) => boolean> = [];
  for (const part of sel[1].split(/,(?=\s*\w+\s*(?:=~|!=|=))/).filter((p) => p.trim())) {
    const m = new RegExp(`^\\s*(\\w+)\\s*(=~|!=|=)\\s*${STR}\\s*$`).exec(part);
    if (!m) return `parse error: bad matcher ${part}`;
    const value = JSON.parse(`"${m[3]}"`) as string;
    if (m[2] === '=~') {
      const flags = value.startsWith('(?i)') ? 'i' : '';
      const re = new RegExp(`^(?:${value.replace(/^\(\?i\)/, '')})$`, flags);
      matchers.push((l) => re.test(l[m[1]] ?? ''));
    } else if (m[2] === '=') matchers.push((l) => l[m[1]] === value);
    else matchers.push((l) => l[m[1]] !== value);
  }
  const filters: Array<(line: string) => boolean> = [];
  let rest = query.slice(sel[0].length);
  const filterRe = new RegExp(`^\\s*(\\|=|\\|~|!=|!~)\\s*${STR}`);
  while (rest.trim()) {
    const f = filterRe.exec(rest);
    if (!f) return `parse error: unexpected ${rest.trim().slice(0, 20)}`;
    const value = JSON.parse(`"${f[2]}"`) as string;
    if (f[1] === '|=') filters.push((l) => l.includes(value));
    else if (f[1] === '!=') filters.push((l) => !l.includes(value));
    else {
      const re = new RegExp(value.replace(/^\(\?i\)/, ''), value.startsWith('(?i)') ? 'i' : '');
      filters.push(f[1] === '|~' ? (l) => re.test(l) : (l) => !re.test(l));
    }
    rest = rest.slice(f[0].length);
  }
  return (r) => matchers.every((m) => m(r.labels)) && filters.every((f) => f(r.line));
}

export async function startLokiFake(entries: LogEntry[], opts: LokiFakeOptions = {}): Promise<Loopback> {
  const rows = toLokiRows(entries);
  const maxLimit = opts.maxLimit ?? 5000;
  const authorized = (req: FakeRequest) => {
    if (
      opts.user &&
      req.headers.authorization !== `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`
    )
      return false;
    if (opts.tenant && req.headers['x-scope-orgid'] !== opts.tenant) return false;
    return true;
  };
  const route = (req: FakeRequest): FakeReply => {
    if (req.path === '/loki/api/v1/status/buildinfo')
      return { json: { version: '3.1.0', revision: 'fake', branch: 'HEAD', goVersion: 'go1.22' } };
    if (req.path === '/ready') return { text: 'ready' };
    if (req.path === '/loki/api/v1/labels') return { json: { status: 'success', data: ['job', 'service_name'] } };
    const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(req.path);
    if (values)
      return {
        json: {
          status: 'success',
          data: [...new Set(rows.map((r) => r.labels[decodeURIComponent(values[1])]).filter(Boolean))].sort(),
        },
      };
    if (req.path === '/loki/api/v1/query_range') {
      const query = req.query.get('query') ?? '';
      const test = parseLogQL(query);
      if (typeof test === 'string') return { status: 400, text: test };
      const limit = Number(req.query.get('limit') ?? 100);
      if (limit > maxLimit)
        return {
          status: 400,
          text: `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxLimit})`,
        };
      const start = BigInt(req.query.get('start') ?? '0');
      const end = BigInt(req.query.get('end') ?? `${BigInt(Date.now()) * 1_000_000n}`);
      const forward = req.query.get('direction') === 'forward';
      let hit = rows.filter((r) => r.ns >= start && r.ns < end && test(r));
      hit.sort((a, b) => (a.ns === b.ns ? 0 : a.ns < b.ns === forward ? -1 : 1));
      hit = hit.slice(0, limit);
      const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
      for (const r of hit) {
        const key = JSON.stringify(r.labels);
        const s = streams.get(key) ?? { stream: r.labels, values: [] };
        s.values.push([`${r.ns}`, r.line]);
        streams.set(key, s);
      }
      return { json: { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: {} } } };
    }
    return { status: 404, text: '404 page not found' };
  };
  return startLoopback(route, { authorized: (r) => r.path === '/ready' || authorized(r) });
}
