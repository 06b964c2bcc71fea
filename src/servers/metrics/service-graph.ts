// Who calls whom, from the service-graph counters that Tempo, the OpenTelemetry servicegraph connector,
// Grafana Alloy and Istio export to Prometheus.
import { increases, isCumulativeCounter, type Point } from '../../analysis/series.js';
import type { ServiceEdgeOut } from '../../core/contracts/metrics.js';
import type { Series, TimeRange } from '../../core/types.js';
import type { MetricsBackend } from './backend.js';

interface EdgeSource {
  /** Metric holding all requests of an edge. */
  requests: string;
  /** Metric holding failed requests, when the convention has one. */
  failed?: string;
  client: string[];
  server: string[];
  /** Which samples of `requests` are failures, when failures share its name (Istio's response_code). */
  isFailure?: (labels: Record<string, string>) => boolean;
}

const SOURCES: EdgeSource[] = [
  {
    requests: 'traces_service_graph_request_total',
    failed: 'traces_service_graph_request_failed_total',
    client: ['client'],
    server: ['server'],
  },
  {
    requests: 'istio_requests_total',
    client: ['source_workload', 'source_canonical_service', 'source_app'],
    server: ['destination_workload', 'destination_canonical_service', 'destination_app', 'destination_service_name'],
    isFailure: (l) =>
      /^5\d\d$/.test(l.response_code ?? '') || (l.grpc_response_status !== undefined && l.grpc_response_status !== '0'),
  },
  // TCP traffic (databases, caches, brokers behind the mesh): connections opened stand for requests.
  {
    requests: 'istio_tcp_connections_opened_total',
    client: ['source_workload', 'source_canonical_service', 'source_app'],
    server: ['destination_workload', 'destination_canonical_service', 'destination_app', 'destination_service_name'],
  },
];

const UNKNOWN = new Set(['', 'unknown', 'user']);

function firstLabel(labels: Record<string, string>, keys: string[]): string | null {
  for (const k of keys) {
    const v = labels[k];
    if (v && !UNKNOWN.has(v)) return v;
  }
  return null;
}

/** How many requests a series counts in the window: a counter's increase, or the sum of per-bucket counts. */
function countOf(s: Series): number {
  const pts = s.points as Point[];
  if (isCumulativeCounter(s.name, pts)) return increases(pts).reduce((a, [, d]) => a + d, 0);
  return pts.reduce((a, [, v]) => a + (Number.isFinite(v) ? v : 0), 0);
}

/** Every edge of the window, one per (client, server), requests and failures summed over label sets. */
export async function readServiceGraph(backend: MetricsBackend, window: TimeRange): Promise<ServiceEdgeOut[]> {
  const names = new Set((await backend.listSeries({}, window)).map((r) => r.name));
  const edges = new Map<string, ServiceEdgeOut>();
  const edgeOf = (client: string, server: string, source: string, kind: string | null) => {
    const key = `${client}\u0000${server}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { client, server, requests: 0, failed: null, kind, source }));
    if (!e.kind && kind) e.kind = kind;
    return e;
  };
  for (const src of SOURCES) {
    if (!names.has(src.requests)) continue;
    // One convention per edge: the mesh's TCP view only adds edges its request view lacks.
    const seen = new Set(edges.keys());
    for (const s of await backend.fetch({ name: src.requests }, window)) {
      const client = firstLabel(s.labels, src.client);
      const server = firstLabel(s.labels, src.server);
      if (!client || !server || client === server) continue;
      if (src.requests.startsWith('istio_tcp') && seen.has(`${client}\u0000${server}`)) continue;
      const e = edgeOf(client, server, src.requests, s.labels.connection_type || null);
      const n = countOf(s);
      e.requests += n;
      if (src.isFailure) e.failed = (e.failed ?? 0) + (src.isFailure(s.labels) ? n : 0);
    }
    if (src.failed && names.has(src.failed)) {
      for (const s of await backend.fetch({ name: src.failed }, window)) {
        const client = firstLabel(s.labels, src.client);
        const server = firstLabel(s.labels, src.server);
        if (!client || !server || client === server) continue;
        const e = edgeOf(client, server, src.requests, s.labels.connection_type || null);
        e.failed = (e.failed ?? 0) + countOf(s);
      }
    }
  }
  return [...edges.values()].sort((a, b) => a.client.localeCompare(b.client) || a.server.localeCompare(b.server));
}
