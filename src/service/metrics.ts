// Prometheus metrics of the service itself, on a registry of its own (tests build several apps in one process).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route'>;
  toolCalls: Counter<'server' | 'tool' | 'outcome'>;
  toolDuration: Histogram<'server' | 'tool'>;
  sessions: Gauge<'transport'>;
  investigations: Counter<'status'>;
  queueDepth: Gauge;
  running: Gauge;
  serverUp: Gauge<'server'>;
  serverRestarts: Counter<'server'>;
}

export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'incident_pilot_' });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    httpRequests: new Counter({
      name: 'incident_pilot_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'incident_pilot_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route'],
      buckets,
      registers: [registry],
    }),
    toolCalls: new Counter({
      name: 'incident_pilot_tool_calls_total',
      help: 'MCP tool calls by server, tool and outcome (ok, error, denied)',
      labelNames: ['server', 'tool', 'outcome'],
      registers: [registry],
    }),
    toolDuration: new Histogram({
      name: 'incident_pilot_tool_call_duration_seconds',
      help: 'MCP tool call duration',
      labelNames: ['server', 'tool'],
      buckets,
      registers: [registry],
    }),
    sessions: new Gauge({
      name: 'incident_pilot_mcp_sessions_active',
      help: 'Open MCP sessions',
      labelNames: ['transport'],
      registers: [registry],
    }),
    investigations: new Counter({
      name: 'incident_pilot_investigations_total',
      help: 'Investigations by final status (and accepted)',
      labelNames: ['status'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'incident_pilot_investigation_queue_depth',
      help: 'Investigations waiting for a slot',
      registers: [registry],
    }),
    running: new Gauge({
      name: 'incident_pilot_investigations_running',
      help: 'Investigations running now',
      registers: [registry],
    }),
    serverUp: new Gauge({
      name: 'incident_pilot_server_up',
      help: '1 when the MCP server subprocess is up',
      labelNames: ['server'],
      registers: [registry],
    }),
    serverRestarts: new Counter({
      name: 'incident_pilot_server_restarts_total',
      help: 'MCP server subprocess restarts',
      labelNames: ['server'],
      registers: [registry],
    }),
  };
}
