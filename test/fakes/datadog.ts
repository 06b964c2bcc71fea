// A Datadog API fake on loopback: v1 /query (avg:metric{scope} by {tags}), /metrics (active metrics), /events
// (tags=deployment), /validate; DD-API-KEY and DD-APPLICATION-KEY checked as Datadog does.
import type { Deployment, Series } from '../../src/core/types.js';
import { startLoopback, type FakeRequest, type FakeReply, type Loopback } from './loopback.js';

export interface DatadogFakeOptions {
  apiKey: string;
  appKey: string;
}

export async function startDatadogFake(
  data: { series: Series[]; deployments: Deployment[] },
  opts: DatadogFakeOptions,
): Promise<Loopback> {
  const route = (req: FakeRequest): FakeReply => {
    if (req.headers['dd-api-key'] !== opts.apiKey) return { status: 403, json: { errors: ['Forbidden'] } };
    if (req.path === '/api/v1/validate') return { json: { valid: true } };
    if (req.headers['dd-application-key'] !== opts.appKey) return { status: 403, json: { errors: ['Forbidden'] } };
    if (req.path === '/api/v1/metrics') {
      const from = Number(req.query.get('from')) * 1000;
      return {
        json: {
          from: String(from / 1000),
          metrics: [
            ...new Set(data.series.filter((s) => s.points.some(([t]) => t * 1000 >= from)).map((s) => s.name)),
          ].sort(),
        },
      };
    }
    if (req.path === '/api/v1/query') {
      const from = Number(req.query.get('from'));
      const to = Number(req.query.get('to'));
      const m = /^(avg|sum|max|min):([\w.:]+)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?$/.exec(req.query.get('query') ?? '');
      if (!m) return { status: 400, json: { errors: [`Error parsing query: ${req.query.get('query')}`] } };
      const scope = m[3] === '*' ? [] : m[3].split(',').map((t) => t.split(':') as [string, string]);
      const by = (m[4] ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const groups = new Map<string, { tags: string[]; byTime: Map<number, number[]> }>();
      for (const s of data.series.filter((x) => x.name === m[2] && scope.every(([k, v]) => x.labels[k] === v))) {
        const tags = by.filter((k) => s.labels[k] !== undefined).map((k) => `${k}:${s.labels[k]}`);
        const g = groups.get(tags.join(',')) ?? { tags, byTime: new Map() };
        for (const [t, v] of s.points) if (t >= from && t <= to) g.byTime.set(t, [...(g.byTime.get(t) ?? []), v]);
        groups.set(tags.join(','), g);
      }
      const series = [...groups.values()]
        .filter((g) => g.byTime.size)
        .map((g) => ({
          metric: m[2],
          scope: g.tags.join(',') || '*',
          tag_set: g.tags,
          expression: req.query.get('query'),
          pointlist: [...g.byTime]
            .sort((a, b) => a[0] - b[0])
            .map(([t, vs]) => [t * 1000, vs.reduce((a, b) => a + b, 0) / vs.length]),
        }));
      return {
        json: {
          status: 'ok',
          res_type: 'time_series',
          from_date: from * 1000,
          to_date: to * 1000,
          query: req.query.get('query'),
          series,
        },
      };
    }
    if (req.path === '/api/v1/events') {
      const start = Number(req.query.get('start'));
      const end = Number(req.query.get('end'));
      if ((req.query.get('tags') ?? '') !== 'deployment') return { json: { events: [] } };
      const page = Number(req.query.get('page') ?? 0);
      const events = data.deployments
        .filter((d) => Date.parse(d.startedAt) / 1000 >= start && Date.parse(d.startedAt) / 1000 <= end)
        .map((d, i) => ({
          id: 5000 + i,
          id_str: `dd-${d.id}`,
          title: `Deployed ${d.service} ${d.version}`,
          date_happened: Date.parse(d.startedAt) / 1000,
          alert_type: 'success',
          tags: [
            'deployment',
            `service:${d.service}`,
            `version:${d.version}`,
            `env:${d.environment ?? 'production'}`,
            ...(d.commit ? [`git.commit.sha:${d.commit}`] : []),
            ...(d.finishedAt ? [`finished_at:${d.finishedAt}`] : []),
          ],
        }));
      return { json: { events: page === 0 ? events : [] } };
    }
    return { status: 404, json: { errors: ['Not found'] } };
  };
  return startLoopback(route);
}
